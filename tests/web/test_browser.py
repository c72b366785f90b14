"""Browser tests: Debian's Chromium, headless, driven by Playwright, at phone size (390 x 844).

Every journey of shared/design/users.md runs twice, with JavaScript on (htmx) and off (plain
links and forms): log from the map, follow the suggestion, a check to an emergency and to
self-care, history, settings, download and erase. Each page is screenshotted into
tests/artifacts/, axe-core must report no serious or critical problem, and every place on the
map and every spot of a picker must be at least 44 x 44 CSS pixels.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from tests.steps import press

pytestmark = pytest.mark.browser

Check = Callable[..., list[Any]]
Measure = Callable[[Any], list[dict[str, Any]]]


def mode(page: Page) -> str:
    return "js" if getattr(page, "sitecare_js", True) else "nojs"


def thumb_sized(measure: Measure, page: Page, *, at_least: int) -> None:
    """Every map place and spot on the page is a thumb's size (and there are some)."""
    targets = measure(page)
    assert len(targets) >= at_least, targets
    small = [t for t in targets if t["width"] < 44 or t["height"] < 44]
    assert small == [], small


def test_log_from_the_map(
    phone: Page, live_server: str, check_page: Check, measure_targets: Measure
) -> None:
    page, m = phone, mode(phone)
    page.goto(live_server + "/")
    assert check_page(page, f"{m}-home-first-visit") == []
    # first visit: the whole map is in view without scrolling
    box = page.locator(".map .maps").bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844
    thumb_sized(measure_targets, page, at_least=10)
    page.get_by_role("link", name=re.compile("^Left arm")).first.click()
    expect(page).to_have_url(re.compile(r"part=arm_left"))
    expect(page.get_by_role("heading", name="Left arm")).to_be_visible()
    thumb_sized(measure_targets, page, at_least=8)
    assert check_page(page, f"{m}-home-zoom-arm") == []
    page.get_by_role("link", name=re.compile("^Left forearm")).click()
    expect(page.get_by_role("heading", name="Log an injection")).to_be_visible()
    expect(page.get_by_text("Top: toward the elbow")).to_be_visible()
    thumb_sized(measure_targets, page, at_least=5)
    assert check_page(page, f"{m}-log-vein-spots") == []
    page.get_by_label(re.compile(r"\bSpot 3\b")).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Logged")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Left forearm, spot 3")
    assert "Cross-site" not in page.content()
    assert check_page(page, f"{m}-logged") == []

    # the belly: 31 spots a quarter, each a thumb's size, 5 cm from the navel
    page.goto(live_server + "/log?part=belly")
    thumb_sized(measure_targets, page, at_least=4)
    assert check_page(page, f"{m}-log-zoom-belly") == []
    page.get_by_role("link", name=re.compile("^Lower left belly")).click()
    expect(page.get_by_text("toward the navel")).to_be_visible()
    thumb_sized(measure_targets, page, at_least=31)
    assert check_page(page, f"{m}-log-belly-spots") == []
    page.get_by_label(re.compile(r"\bSpot 12\b")).check()
    page.get_by_label("Under the skin").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Lower left belly, spot 12")


def test_follow_the_suggestion(
    phone: Page, live_server: str, check_page: Check, measure_targets: Measure
) -> None:
    page, m = phone, mode(phone)
    page.goto(live_server + "/")
    page.get_by_role("link", name="Under the skin").click()
    heading = page.get_by_role("heading", name=re.compile("^Next:"))
    expect(heading).to_be_visible()
    first = heading.inner_text()
    # the suggested spot is marked on the map, and the map says so in words
    expect(page.locator(".map .spot-mark").first).to_be_attached()
    expect(page.get_by_role("link", name=re.compile("suggested next")).first).to_be_visible()
    thumb_sized(measure_targets, page, at_least=10)
    assert check_page(page, f"{m}-home-suggestion") == []
    page.get_by_role("button", name="Done: I injected there").click()
    expect(page.get_by_role("heading", name="Logged")).to_be_visible()
    expect(page.get_by_role("note")).to_have_count(0)  # following the suggestion never warns
    page.get_by_role("link", name="Done").click()
    expect(page.get_by_role("heading", name=re.compile("^Next:"))).not_to_have_text(first)


def test_a_check_that_ends_in_an_emergency(
    phone: Page, live_server: str, check_page: Check
) -> None:
    page, m = phone, mode(phone)
    page.goto(live_server + "/check?region=antecubital_fossa_left")
    assert check_page(page, f"{m}-check-start") == []
    page.get_by_role("button", name="Next").click()  # nothing happening right now
    expect(page.get_by_text("Beyond the site")).to_be_visible()
    page.get_by_label("Blue or blotchy").check()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name=re.compile("Emergency"))).to_be_visible()
    call = page.get_by_role("link", name="Call 911 now")
    expect(call).to_be_visible()
    expect(call).to_have_attribute("href", "tel:911")
    assert check_page(page, f"{m}-check-emergency") == []

    # the site's page leads with what to do: check it again, not "log an injection here"
    page.goto(live_server + "/sites/antecubital_fossa_left")
    expect(page.get_by_role("status").first).to_contain_text("blocked")
    expect(page.locator("main a.button").first).to_have_text("Check it again")
    expect(page.get_by_role("link", name="Log an injection here")).to_have_count(0)
    assert check_page(page, f"{m}-site-blocked") == []


def test_a_check_that_ends_in_self_care(phone: Page, live_server: str, check_page: Check) -> None:
    page, m = phone, mode(phone)
    page.goto(live_server + "/check?region=forearm_right")
    for _ in range(30):
        if not page.get_by_role("button", name="Next").count():
            break
        scab = page.get_by_label("A scab", exact=True)
        if scab.count():
            scab.check()
            assert check_page(page, f"{m}-check-site-screen") == []
        # the next screen (its own step line) or the result has taken this one's place
        press(page, "Next")
    expect(page.get_by_role("heading", name=re.compile("Care for it at home"))).to_be_visible()
    expect(page.get_by_role("heading", name="Do this now")).to_be_visible()
    expect(page.get_by_role("heading", name="When to get more help")).to_be_visible()
    expect(page.get_by_text("Call 911 now if")).to_be_visible()
    assert check_page(page, f"{m}-check-self-care") == []


def _seed(page: Page, base: str, days: int, per_day: int) -> None:
    """Injections through the JSON API, as a person who logged them would have."""
    start = datetime.now(UTC) - timedelta(days=days)
    places = ["abdomen_lower_left", "abdomen_lower_right", "thigh_front_left", "forearm_left"]
    for i in range(days * per_day):
        at = start + timedelta(hours=24 / per_day * i)
        res = page.request.post(
            base + "/api/v1/injections",
            data={"region": places[i % len(places)], "route": "subcutaneous", "at": at.isoformat()},
        )
        assert res.status == 201, res.text()


def test_history_pages_with_a_chart_and_a_heat_map(
    phone: Page, live_server: str, check_page: Check, measure_targets: Measure
) -> None:
    page, m = phone, mode(phone)
    _seed(page, live_server, days=40, per_day=3)
    page.goto(live_server + "/history?days=90")
    expect(page.get_by_role("heading", name="Injections per day, last 90 days")).to_be_visible()
    chart = page.get_by_role("img", name=re.compile("injections in the last 90 days"))
    expect(chart).to_be_visible()
    expect(page.locator(".chart .tick").first).to_be_attached()  # the scale
    expect(page.get_by_role("link", name="90 days")).to_have_attribute("aria-current", "page")
    assert "Showing the last" not in page.content()
    assert page.evaluate("document.documentElement.scrollHeight") < 5000  # paged, not 9,000 px
    thumb_sized(measure_targets, page, at_least=10)
    assert check_page(page, f"{m}-history") == []
    page.get_by_role("link", name=re.compile("Older")).click()
    expect(page.get_by_text(re.compile(r"^21 to 40 of 120"))).to_be_visible()
    page.get_by_role("link", name="365 days").click()
    expect(page.get_by_role("heading", name="Injections per week, last 365 days")).to_be_visible()
    page.goto(live_server + "/history?days=30&part=belly")
    thumb_sized(measure_targets, page, at_least=4)
    assert check_page(page, f"{m}-history-zoom-belly") == []


def test_settings_with_real_controls(phone: Page, live_server: str, check_page: Check) -> None:
    page, m = phone, mode(phone)
    page.goto(live_server + "/settings")
    assert check_page(page, f"{m}-settings") == []
    page.get_by_role("button", name="Add bolus insulin: belly").click()
    expect(page.get_by_role("status")).to_contain_text("Saved: bolus insulin")
    page.get_by_role("button", name="Add basal insulin: thighs").click()
    expect(page.get_by_role("status")).to_contain_text("Saved: basal insulin")
    page.get_by_text(re.compile("^Under the skin: every place")).click()  # open its section
    rest = page.locator("#rest-subcutaneous")
    expect(rest).to_have_attribute("placeholder", "28")  # the default, shown
    rest.fill("21")
    page.locator("#route-subcutaneous").get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Saved")
    expect(page.locator("#rest-subcutaneous")).to_have_value("21")
    assert "sitecare settings" not in page.content()
    assert check_page(page, f"{m}-settings-saved") == []
    page.goto(live_server + "/")
    page.get_by_role("link", name="basal insulin").click()
    expect(
        page.get_by_role("heading", name=re.compile("^Next: .*front of the thigh"))
    ).to_be_visible()
    page.get_by_role("link", name="bolus insulin").click()
    expect(page.get_by_role("heading", name=re.compile("^Next: .*belly"))).to_be_visible()
    assert check_page(page, f"{m}-home-for-a-medicine") == []


def test_download_and_erase_everything(phone: Page, live_server: str, check_page: Check) -> None:
    page, m = phone, mode(phone)
    _seed(page, live_server, days=1, per_day=2)
    page.goto(live_server + "/privacy")
    assert check_page(page, f"{m}-privacy") == []
    with page.expect_download() as info:
        page.get_by_role("link", name="Download (JSON)").click()
    assert info.value.suggested_filename.endswith(".json")
    expect(page.get_by_role("heading", name=re.compile("privacy", re.I)).first).to_be_visible()
    page.get_by_label("I understand this cannot be undone").check()
    page.get_by_role("button", name="Erase everything").click()
    expect(page.get_by_role("status")).to_contain_text("Everything was erased")
    assert check_page(page, f"{m}-erased") == []
    page.goto(live_server + "/history")
    expect(page.get_by_text("Nothing logged in this time.")).to_be_visible()


def test_risky_site_warns_before_saving(page: Page, live_server: str, check_page: Check) -> None:
    page.goto(live_server + "/log")
    page.get_by_text("Choose from a list instead").click()
    page.locator(".region-list").get_by_role("link", name="Right groin").click()
    expect(page.get_by_role("note").first).to_contain_text("avoid")
    assert check_page(page, "log-risky") == []


def test_the_map_works_by_keyboard(page: Page, live_server: str) -> None:
    page.goto(live_server + "/log")
    page.get_by_role("link", name=re.compile("^Left arm")).first.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/log\?part=arm_left$"))
    page.get_by_role("link", name=re.compile("^Left inside of the elbow")).focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server + "/log?region=antecubital_fossa_left")
    page.get_by_label(re.compile(r"\bSpot 1\b")).focus()
    page.keyboard.press("ArrowDown")  # radio buttons: arrows move between spots
    expect(page.locator("input[name=spot]:checked")).to_have_count(1)


PAGES = [
    "/",
    "/?route=intravenous",
    "/?part=head",
    "/?part=arm_right",
    "/?part=hips",
    "/?part=buttocks",
    "/?part=thighs",
    "/?part=legs",
    "/?part=feet",
    "/log",
    "/log?region=thigh_front_left",
    "/log?region=upper_arm_back_right",
    "/log?region=deltoid_left",
    "/check",
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
    page: Page, live_server: str, check_page: Check
) -> None:
    page.goto(live_server + "/log?region=forearm_left")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Logged")).to_be_visible()
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
