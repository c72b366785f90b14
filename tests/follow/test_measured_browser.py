"""The measured sizes in the follow-up, in a real browser at phone size (390 x 844, touch),
JavaScript on and off: the site page and the worker's client page say how much the mark
changed ("the redness is 44% larger than yesterday") with the level it raised. Screenshots in
tests/artifacts/ (follow-measured-*); every page is checked by axe-core, width and 44px."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from tests.follow.test_measured_fronts import _measured_checks
from tests.server.conftest import RIVERSIDE, seed, server_settings
from tests.server.test_browser_server import sign_in

from sitecare.config import Settings
from sitecare.services.app import Sitecare
from sitecare.services.who import Who

pytestmark = pytest.mark.browser


def test_the_site_page_says_how_the_measured_mark_changed(
    phone: Page,
    live_server: str,
    tmp_path: Path,
    check_page: Callable[..., list[dict[str, Any]]],
) -> None:
    page = phone
    mode = "js" if getattr(page, "sitecare_js", True) else "nojs"
    url = f"sqlite:///{tmp_path / 'web.sqlite3'}"
    with Sitecare(Settings(database_url=url, data_dir=tmp_path)) as sc:
        _measured_checks(sc, (10, 12))
    page.goto(live_server + "/sites/forearm_left")
    course = page.locator("#course-checks li").first
    expect(course).to_contain_text("See a clinician in 1 to 2 days")
    expect(course).to_contain_text("Worse than yesterday: the redness is 44% larger than yesterday")
    assert check_page(page, f"follow-measured-site-{mode}") == []


def test_the_workers_client_page_says_how_the_measured_mark_changed(
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
        page.get_by_label("Find a client by code").fill("rv-043")
        page.get_by_role("button", name="Find").click()
        page.get_by_role("button", name="Add client RV-043").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("RV-043")
        client_url = page.url.split("?")[0]
        with Sitecare(settings, who=Who(program=RIVERSIDE, person="RV-043")) as sc:
            _measured_checks(sc, (10, 16))
        page.goto(client_url)
        course = page.locator("#course-forearm_left")
        expect(course).to_contain_text("Get care today")
        expect(course).to_contain_text("the redness is 156% larger than yesterday")
        assert check_page(page, f"follow-measured-client-{mode}") == []
