"""A worker's and an admin's journeys in a real browser (Debian Chromium), at phone size.

Every page is screenshotted to tests/artifacts/ and checked with axe-core (no serious or
critical violations), for width and for 44px touch targets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .conftest import PASSWORD, seed, server_settings

pytestmark = pytest.mark.browser


@pytest.fixture
def program_server(tmp_path: Path, serve_in_thread: Callable[..., Any]) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'program.sqlite3'}"
    seed(url, tmp_path)
    with serve_in_thread(server_settings(url, tmp_path)) as base:
        yield base


def sign_in(page: Page, base: str, who: str) -> None:
    page.goto(base + "/signin")
    page.get_by_label("Username").fill(who)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # wait for the signed-in page: a page.goto() right after the click would cancel the sign-in
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_a_worker_records_a_visit_and_a_check(
    page: Page, program_server: str, check_page: Callable[..., list[Any]]
) -> None:
    page.goto(program_server + "/")
    expect(page).to_have_url(re.compile("/signin"))
    assert check_page(page, "server-signin") == []
    sign_in(page, program_server, "bob")
    expect(page.get_by_role("heading", name="Clients")).to_be_visible()
    assert check_page(page, "server-clients-empty") == []

    page.get_by_label("Find a client by code").fill("rv-042")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("button", name=re.compile("Add client RV-042", re.I)).click()
    expect(page.get_by_role("heading", name=re.compile("Client"))).to_contain_text("RV-042")
    assert check_page(page, "server-client-new") == []

    page.get_by_role("link", name="Record a visit").click()
    expect(page.get_by_role("heading", name=re.compile("^Visit"))).to_be_visible()
    page.locator("#region-0").select_option("forearm_left")
    page.locator("input[name=supplies]").first.check()
    assert check_page(page, "server-visit") == []
    page.get_by_role("button", name="Save the visit").click()
    expect(page.get_by_role("heading", name=re.compile("Client"))).to_be_visible()
    assert check_page(page, "server-client-after-visit") == []

    page.get_by_role("link", name="Check a site").first.click()
    expect(page.get_by_role("heading", name=re.compile("^Check a site"))).to_be_visible()
    assert check_page(page, "server-check") == []
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Blue or blotchy").check()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("link", name="Call 911 now")).to_be_visible()
    assert check_page(page, "server-check-emergency") == []


def test_an_admin_sees_users_audit_and_the_program_view(
    page: Page, program_server: str, check_page: Callable[..., list[Any]]
) -> None:
    sign_in(page, program_server, "alice")
    for path, name in (
        ("/admin/users", "server-admin-users"),
        ("/admin/audit", "server-admin-audit"),
        ("/program", "server-program"),
    ):
        page.goto(program_server + path)
        assert page.locator("main h1").count() == 1
        assert check_page(page, name) == []
