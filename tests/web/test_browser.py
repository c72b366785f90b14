"""Browser tests: Debian's Chromium, headless, driven by Playwright, at phone size (390 x 844).

Screenshots of every page land in tests/artifacts/ (not committed). axe-core must report no
serious or critical accessibility violation on any page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

pytestmark = pytest.mark.browser


def shoot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def serious_violations(page: Page) -> list[dict[str, Any]]:
    results = Axe().run(page)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_log_an_injection_by_tapping_the_map(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    shoot(page, "home-empty")
    page.get_by_role("link", name="Left forearm", exact=False).first.click()
    expect(page.get_by_role("heading", name="Log an injection")).to_be_visible()
    expect(page.get_by_text("Left forearm")).to_be_visible()
    page.get_by_label("spot 3 (along the vein)").check()
    shoot(page, "log-form")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Logged")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Left forearm, spot 3")
    shoot(page, "logged")

    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    expect(page.locator("#timeline")).to_contain_text("Left forearm")
    expect(page.locator("#statuses")).to_contain_text("Left forearm")
    shoot(page, "history")

    page.locator("#timeline").get_by_role("link", name="Left forearm").click()
    expect(page.get_by_role("heading", name="Left forearm")).to_be_visible()
    expect(page.locator("#injections")).to_contain_text("Spot 3")
    shoot(page, "site")


def test_the_suggestion_changes_after_logging(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    page.get_by_role("link", name="Into a vein").click()
    heading = page.get_by_role("heading", name=re.compile("^Next:"))
    expect(heading).to_be_visible()
    first = heading.inner_text()
    shoot(page, "home-suggestion")
    page.get_by_role("button", name="Done: I injected there").click()
    expect(page.get_by_role("heading", name="Logged")).to_be_visible()
    page.get_by_role("link", name="Done").click()
    expect(page.get_by_role("heading", name=re.compile("^Next:"))).not_to_have_text(first)
    shoot(page, "home-after")


def test_a_check_that_ends_in_an_emergency_shows_the_call_button(
    page: Page, live_server: str
) -> None:
    page.goto(live_server + "/check?region=antecubital_fossa_left")
    shoot(page, "check-start")
    page.get_by_role("button", name="Next").click()  # nothing happening right now
    expect(page.get_by_text("Beyond the site")).to_be_visible()
    shoot(page, "check-screen-2")
    page.get_by_label("Blue or blotchy").check()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="Emergency: call now")).to_be_visible()
    call = page.get_by_role("link", name="Call 911 now")
    expect(call).to_be_visible()
    expect(call).to_have_attribute("href", "tel:911")
    shoot(page, "check-emergency")
    assert not serious_violations(page)

    page.goto(live_server + "/sites/antecubital_fossa_left")
    expect(page.get_by_role("status").first).to_contain_text("blocked")
    shoot(page, "site-blocked")


def test_risky_site_warns_before_saving(page: Page, live_server: str) -> None:
    page.goto(live_server + "/log")
    page.get_by_text("Choose from a list instead").click()
    page.locator(".region-list").get_by_role("link", name="Right groin").click()
    expect(page.get_by_role("note").first).to_contain_text("avoid")
    shoot(page, "log-risky")


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
]


def test_every_page_is_accessible_and_fits_a_phone(page: Page, live_server: str) -> None:
    page.goto(live_server + "/log?region=forearm_left")
    page.get_by_role("button", name="Save").click()
    problems: dict[str, Any] = {}
    for path in PAGES:
        page.goto(live_server + path)
        name = path.strip("/").replace("/", "-").replace("?", "-").replace("=", "-") or "home"
        shoot(page, f"page-{name}")
        found = serious_violations(page)
        if found:
            problems[path] = found
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide on a 390px screen"
        small = page.evaluate(
            """() => [...document.querySelectorAll(
                    'main a.button, main button, nav a, main input[type=radio]')]
                 .filter(e => e.offsetParent !== null)
                 .map(e => e.closest('label') || e)
                 .map(e => e.getBoundingClientRect())
                 .filter(r => r.height < 44 || r.width < 44).length"""
        )
        assert small == 0, f"{path} has {small} touch targets under 44px"
    assert problems == {}
