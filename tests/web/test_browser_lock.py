"""The lock screen in a real browser at phone size (390 x 844), with JavaScript on and off:
unlock, use the app, lock now."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from typer.testing import CliRunner

from sitecare.cli.app import app as cli
from sitecare.config import Settings

pytestmark = pytest.mark.browser
PASS = "correct horse battery"


@pytest.fixture
def locked_server(tmp_path: Path, serve_in_thread: Callable[[Any], Any]) -> Iterator[str]:
    db = tmp_path / "me.sqlite3"
    env = {"SITECARE_DATABASE_URL": f"sqlite:///{db}"}
    assert CliRunner().invoke(cli, ["log", "forearm_left", "--spot", "3"], env=env).exit_code == 0
    locked = CliRunner().invoke(
        cli, ["passphrase", "set", "--passphrase-stdin"], input=f"{PASS}\n", env=env
    )
    assert locked.exit_code == 0, locked.output
    with serve_in_thread(Settings(database_url=f"sqlite:///{db}", data_dir=tmp_path)) as url:
        yield url


@pytest.fixture
def page_without_js(browser: Any, browser_context_args: dict[str, Any]) -> Iterator[Page]:
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    context.sitecare_no_js = True  # check_page runs axe-core on a copy of the page
    yield context.new_page()
    context.close()


def _unlock_use_and_lock(
    page: Page, url: str, check_page: Callable[..., list[Any]], tag: str
) -> None:
    page.goto(url + "/history")
    expect(page.get_by_role("heading", name="Unlock sitecare")).to_be_visible()
    assert check_page(page, f"{tag}-lock-screen") == []
    page.get_by_label("Passphrase").fill("not the passphrase")
    page.get_by_role("button", name="Unlock").click()
    expect(page.get_by_role("alert")).to_contain_text("not right")
    assert check_page(page, f"{tag}-lock-screen-wrong") == []
    page.get_by_label("Passphrase").fill(PASS)
    page.get_by_role("button", name="Unlock").click()
    expect(page.get_by_role("heading", name="History")).to_be_visible()  # back where it was
    expect(page.locator("#timeline")).to_contain_text("Left forearm")
    page.goto(url + "/unlock")
    expect(page.get_by_role("heading", name="Lock sitecare")).to_be_visible()
    assert check_page(page, f"{tag}-lock-now") == []
    page.get_by_role("button", name="Lock now").click()
    expect(page.get_by_role("heading", name="Unlock sitecare")).to_be_visible()
    page.goto(url + "/history")
    expect(page.get_by_role("heading", name="Unlock sitecare")).to_be_visible()


def test_the_lock_screen_with_javascript(
    page: Page, locked_server: str, check_page: Callable[..., list[Any]]
) -> None:
    _unlock_use_and_lock(page, locked_server, check_page, "js")


def test_the_lock_screen_without_javascript(
    page_without_js: Page, locked_server: str, check_page: Callable[..., list[Any]]
) -> None:
    _unlock_use_and_lock(page_without_js, locked_server, check_page, "nojs")
