"""Following a site in a real browser at phone size (390 x 844, touch), JavaScript on and off:
the home page leads with the re-check that is due, "Check again" opens the check with the site
chosen, and the re-check's result and the site's course say how it compares. Screenshots land
in tests/artifacts/ (follow-*-js.png, follow-*-nojs.png); every page is checked by axe-core, for
width and for 44px targets (check_page)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from tests.server.conftest import RIVERSIDE, seed, server_settings
from tests.server.test_browser_server import sign_in
from tests.steps import press

from sitecare.config import Settings
from sitecare.services.app import Sitecare
from sitecare.services.who import Who

pytestmark = pytest.mark.browser


def _seed_a_bruise_checked_8_days_ago(tmp_path: Path) -> None:
    """The live server's own SQLite file (tests/conftest.py live_server), before any page."""
    url = f"sqlite:///{tmp_path / 'web.sqlite3'}"
    with Sitecare(Settings(database_url=url, data_dir=tmp_path)) as sc:
        at = datetime.now().astimezone() - timedelta(days=8)
        sc.triage.check({"region": "forearm_left", "findings": ["bruise"]}, now=at)


def _next(page: Page) -> None:
    press(page, "Next")


def test_check_again_from_the_home_page(
    phone: Page,
    live_server: str,
    tmp_path: Path,
    check_page: Callable[..., list[dict[str, Any]]],
) -> None:
    page = phone
    mode = "js" if getattr(page, "sitecare_js", True) else "nojs"
    _seed_a_bruise_checked_8_days_ago(tmp_path)
    page.goto(live_server + "/")
    due = page.locator("#due")
    expect(due).to_contain_text("Time to look again")
    expect(due).to_contain_text("Left forearm")
    expect(due).to_contain_text("A bruise fades")
    assert check_page(page, f"follow-home-due-{mode}") == []
    # the due re-check comes before the suggestion and the body map
    assert page.evaluate(
        "document.querySelector('#due').compareDocumentPosition("
        "document.querySelector('svg')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    due.get_by_role("link", name="Check again: Left forearm").tap()
    expect(page.locator("#region")).to_have_value("forearm_left")
    for _ in range(14):
        if not page.locator("p.step").count():
            break
        bruise = page.get_by_label("A bruise", exact=True)
        if bruise.count():
            bruise.check()
        _next(page)
    result = page.locator("#course-result")
    expect(result).to_contain_text("About the same as")
    expect(page.locator("#recheck")).to_contain_text("Look at it again")
    expect(page.locator(".safety-net")).to_be_visible()
    assert check_page(page, f"follow-recheck-result-{mode}") == []
    page.get_by_role("link", name="See this site").tap()
    course = page.locator("#course")
    expect(course).to_contain_text("Healing course")
    expect(course).to_contain_text("A bruise usually fades in 2 to 3 weeks")
    expect(page.locator("#course-checks li")).to_have_count(2)
    assert check_page(page, f"follow-site-course-{mode}") == []
    page.goto(live_server + "/")
    expect(page.locator("#due")).to_have_count(0)  # looked at again: nothing due now


def test_the_workers_client_page_shows_the_wound_getting_worse(
    phone: Page,
    tmp_path: Path,
    serve_in_thread: Callable[..., Any],
    check_page: Callable[..., list[dict[str, Any]]],
) -> None:
    page = phone
    mode = "js" if getattr(page, "sitecare_js", True) else "nojs"
    url = f"sqlite:///{tmp_path / 'program.sqlite3'}"
    seed(url, tmp_path)
    settings = server_settings(url, tmp_path)
    with serve_in_thread(settings) as base:
        sign_in(page, base, "bob")
        page.get_by_label("Find a client by code").fill("rv-042")
        page.get_by_role("button", name="Find").click()
        page.get_by_role("button", name="Add client RV-042").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("RV-042")
        client_url = page.url.split("?")[0]
        with Sitecare(settings, who=Who(program=RIVERSIDE, person="RV-042")) as sc:
            now = datetime.now().astimezone()
            case = {"region": "forearm_left", "findings": ["redness", "warmth", "tenderness"]}
            sc.triage.check(case | {"redness_diameter_cm": 2}, now=now - timedelta(hours=60))
            sc.triage.check(case | {"redness_diameter_cm": 4}, now=now - timedelta(hours=30))
        page.goto(client_url)
        expect(page.locator("#due")).to_contain_text("Left forearm")
        expect(page.locator("#course-forearm_left")).to_contain_text(
            "the redness grew from 2 cm to 4 cm"
        )
        assert check_page(page, f"follow-client-{mode}") == []
        page.locator("#due").get_by_role("link", name="Check again: Left forearm").tap()
        expect(page.locator("#region")).to_have_value("forearm_left")
