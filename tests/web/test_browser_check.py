"""The guided check in a real browser at phone size, with JavaScript on and off.

Screenshots land in tests/artifacts/ (check-*-js.png and check-*-nojs.png); every page is
checked by axe-core, for width and for 44px targets (the check_page fixture).

With JavaScript off the forms are posted by the browser itself, exactly as a person's phone
would post them (nothing in the test changes the requests).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from tests.steps import press

pytestmark = pytest.mark.browser


@pytest.fixture(params=["js", "nojs"])
def phone(
    request: pytest.FixtureRequest,
    browser: Browser,
    browser_context_args: dict[str, Any],
    live_server: str,
) -> Iterator[tuple[Page, str]]:
    js = request.param == "js"
    context = browser.new_context(**browser_context_args, java_script_enabled=js)
    context.sitecare_no_js = not js  # check_page runs axe-core on a copy of the page
    page = context.new_page()
    try:
        yield page, request.param
    finally:
        context.close()


@pytest.fixture
def look(check_page: Callable[..., list[Any]]) -> Callable[[Page, str, str], list[Any]]:
    """Screenshot a page and check it (axe-core, width, 44px targets), with JavaScript on or off."""

    def run(page: Page, mode: str, name: str) -> list[Any]:
        return check_page(page, f"{name}-{mode}")

    return run


def _press(page: Page, name: str) -> None:
    """Press Next or Back and wait for the next screen (a page load, or htmx's swap)."""
    press(page, name)


def _next(page: Page) -> None:
    _press(page, "Next")


def test_an_overdose_ends_in_naloxone_and_rescue_breathing(
    phone: tuple[Page, str], live_server: str, look: Callable[..., list[Any]]
) -> None:
    page, mode = phone
    page.goto(live_server + "/check")
    expect(page.get_by_text("Step 1 of about")).to_be_visible()
    assert look(page, mode, "check-start") == []
    page.get_by_label("A drug that was not prescribed to me").check()
    page.get_by_label("Very drowsy, nodding off or hard to wake").check()
    _next(page)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Emergency: call now")
    assert "!!!Emergency" not in heading.inner_text().replace("\n", "")
    expect(page.get_by_role("link", name="Call 911 now")).to_be_visible()
    do_now = page.locator("ol.do-now")
    expect(do_now).to_contain_text("naloxone")
    expect(do_now).to_contain_text("rescue breaths")
    expect(page.locator(".safety-net")).to_contain_text("Naloxone wears off")
    assert look(page, mode, "check-result-overdose") == []


def test_back_shows_the_last_screen_as_it_was(
    phone: tuple[Page, str], live_server: str, look: Callable[..., list[Any]]
) -> None:
    page, mode = phone
    page.goto(live_server + "/check")
    page.get_by_label("Insulin").check()
    _next(page)
    expect(page.get_by_text("Beyond the site")).to_be_visible()
    expect(page.get_by_text("Step 2 of about")).to_be_visible()
    assert look(page, mode, "check-screen-2") == []
    _press(page, "Back")
    expect(page.get_by_text("Step 1 of about")).to_be_visible()
    expect(page.get_by_label("Insulin")).to_be_checked()


def test_a_fatty_insulin_lump_ends_in_self_care_with_the_safety_net(
    phone: tuple[Page, str], live_server: str, look: Callable[..., list[Any]]
) -> None:
    page, mode = phone
    page.goto(live_server + "/check?region=abdomen_lower_left")
    page.get_by_label("Insulin").check()
    for _ in range(12):
        if page.get_by_role("heading", level=1).inner_text().startswith("Check a site") is False:
            break
        lump = page.get_by_label("A rubbery, painless lump at a spot I use a lot")
        if lump.count():
            lump.check()
            page.get_by_label("The area feels numb").check()
        temperature = page.get_by_label("A number, or leave it empty to skip")
        if temperature.count():
            assert look(page, mode, "check-temperature") == []
            temperature.fill("98.6")
            page.get_by_label("°F").check()
        _next(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Care for it at home")
    net = page.locator(".safety-net")
    expect(net).to_contain_text("Call 911 now if:")
    expect(net).to_contain_text("Get care today if:")
    expect(page.get_by_text("Fatty lump from repeated injections").first).to_be_visible()
    assert look(page, mode, "check-result-self-care") == []
