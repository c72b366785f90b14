"""Moving through the check's screens in a browser, with JavaScript on (htmx) or off (forms)."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def press(page: Page, name: str) -> None:
    """Press Next or Back and wait until the next screen is all there.

    Waiting only for the old step line to go is not enough without JavaScript: a page that
    Chromium has begun but not finished parsing has no step line yet, nor its Next button, and a
    loop that looked then took the check for finished (a CI run did, on the fourth screen).
    """
    before = page.locator("p.step").inner_text()
    page.get_by_role("button", name=name, exact=True).click()
    expect(page.locator("p.step", has_text=before)).to_have_count(0, timeout=20_000)
    page.wait_for_load_state("load")
    expect(page.locator("body > footer")).to_be_attached()
