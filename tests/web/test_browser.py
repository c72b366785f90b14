"""Browser tests: Debian's Chromium, headless, driven by Playwright, at phone size (390 x 844).

Screenshots of every page land in tests/artifacts/ (not committed). axe-core must report no
serious or critical accessibility violation on any page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_log_an_injection_by_tapping_the_map(
    page: Page, live_server: str, check_page: Callable[..., list[Any]]
) -> None:
    page.goto(live_server + "/")
    assert check_page(page, "home-empty") == []
    page.get_by_role("link", name="Left forearm", exact=False).first.click()
    expect(page.get_by_role("heading", name="Log an injection")).to_be_visible()
    expect(page.get_by_text("Left forearm")).to_be_visible()
    page.get_by_label("spot 3 (along the vein)").check()
    assert check_page(page, "log-form") == []
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Logged")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Left forearm, spot 3")
    assert check_page(page, "logged") == []

    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    expect(page.locator("#timeline")).to_contain_text("Left forearm")
    expect(page.locator("#statuses")).to_contain_text("Left forearm")
    assert check_page(page, "history") == []

    page.locator("#timeline").get_by_role("link", name="Left forearm").click()
    expect(page.get_by_role("heading", name="Left forearm")).to_be_visible()
    expect(page.locator("#injections")).to_contain_text("Spot 3")
    assert check_page(page, "site") == []


def test_the_suggestion_changes_after_logging(
    page: Page, live_server: str, check_page: Callable[..., list[Any]]
) -> None:
    page.goto(live_server + "/")
    page.get_by_role("link", name="Into a vein").click()
    heading = page.get_by_role("heading", name=re.compile("^Next:"))
    expect(heading).to_be_visible()
    first = heading.inner_text()
    assert check_page(page, "home-suggestion") == []
    page.get_by_role("button", name="Done: I injected there").click()
    expect(page.get_by_role("heading", name="Logged")).to_be_visible()
    page.get_by_role("link", name="Done").click()
    expect(page.get_by_role("heading", name=re.compile("^Next:"))).not_to_have_text(first)
    assert check_page(page, "home-after") == []


def test_a_check_that_ends_in_an_emergency_shows_the_call_button(
    page: Page, live_server: str, check_page: Callable[..., list[Any]]
) -> None:
    page.goto(live_server + "/check?region=antecubital_fossa_left")
    assert check_page(page, "check-start") == []
    page.get_by_role("button", name="Next").click()  # nothing happening right now
    expect(page.get_by_text("Beyond the site")).to_be_visible()
    assert check_page(page, "check-screen-2") == []
    page.get_by_label("Blue or blotchy").check()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="Emergency: call now")).to_be_visible()
    call = page.get_by_role("link", name="Call 911 now")
    expect(call).to_be_visible()
    expect(call).to_have_attribute("href", "tel:911")
    assert check_page(page, "check-emergency") == []

    page.goto(live_server + "/sites/antecubital_fossa_left")
    expect(page.get_by_role("status").first).to_contain_text("blocked")
    assert check_page(page, "site-blocked") == []


def test_risky_site_warns_before_saving(
    page: Page, live_server: str, check_page: Callable[..., list[Any]]
) -> None:
    page.goto(live_server + "/log")
    page.get_by_text("Choose from a list instead").click()
    page.locator(".region-list").get_by_role("link", name="Right groin").click()
    expect(page.get_by_role("note").first).to_contain_text("avoid")
    assert check_page(page, "log-risky") == []


def test_the_map_works_by_keyboard(page: Page, live_server: str) -> None:
    page.goto(live_server + "/log")
    target = page.get_by_role("link", name="Left inside of the elbow", exact=False).first
    target.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server + "/log?region=antecubital_fossa_left")


PAGES = [
    "/",
    "/?route=subcutaneous",
    "/check",
    "/log",
    "/log?region=abdomen_lower_left",
    "/history",
    "/sites/forearm_left",
    "/help",
    "/help/marks",
    "/help/why",
    "/help/prevent",
    "/help/care",
    "/help/when",
    "/help/someone",
    "/help/services",
    "/privacy",
    "/settings",
]


def test_every_page_is_accessible_and_fits_a_phone(
    page: Page, live_server: str, check_page: Callable[..., list[Any]]
) -> None:
    page.goto(live_server + "/log?region=forearm_left")
    page.get_by_role("button", name="Save").click()
    problems: dict[str, Any] = {}
    for path in PAGES:
        page.goto(live_server + path)
        name = path.strip("/").replace("/", "-").replace("?", "-").replace("=", "-") or "home"
        found = check_page(page, f"page-{name}")
        if found:
            problems[path] = found
    assert problems == {}


def test_a_bad_time_shows_its_message_with_javascript_on(page: Page, live_server: str) -> None:
    page.goto(live_server + "/log?region=forearm_left")
    page.wait_for_function("window.htmx !== undefined")
    page.locator("#at").evaluate("(el) => { el.type = 'text'; el.value = 'whenever'; }")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("ISO 8601")


@pytest.fixture
def page_without_js(browser: Any, browser_context_args: dict[str, Any]) -> Any:
    """A phone-sized page with JavaScript switched off: every form must still work."""
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    context.sitecare_no_js = True  # check_page runs axe-core on a copy of the page
    yield context.new_page()
    context.close()


def test_forms_work_without_javascript(
    page_without_js: Page, live_server: str, check_page: Callable[..., list[Any]]
) -> None:
    page = page_without_js
    page.goto(live_server + "/log?region=forearm_left")
    page.get_by_label("spot 3 (along the vein)").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Logged")).to_be_visible()
    assert "Cross-site" not in page.content()
    assert check_page(page, "nojs-logged") == []

    page.goto(live_server + "/check?region=antecubital_fossa_left")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Blue or blotchy").check()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="Emergency: call now")).to_be_visible()
    expect(page.get_by_role("link", name="Call 911 now")).to_have_attribute("href", "tel:911")
    assert check_page(page, "nojs-check-emergency") == []


def test_download_downloads_with_javascript_on(page: Page, live_server: str) -> None:
    page.goto(live_server + "/privacy")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download (JSON)").click()
    assert info.value.suggested_filename.endswith(".json")
    expect(page.get_by_role("heading", name=re.compile("privacy", re.I)).first).to_be_visible()
