"""A summary that opens more (Why this spot, Add a medicine label or a note, Choose from a list
instead) shows a triangle, right when closed and down when open, with JavaScript on and off:
`display: flex` on a summary takes the browser's own marker away, and without one it reads as
a heading nobody thinks to tap."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

MARKER = """(s) => {
  const b = getComputedStyle(s, '::before');
  return {content: b.content, left: b.borderLeftWidth, transform: b.transform};
}"""


@pytest.mark.parametrize("path", ["/", "/log?region=forearm_left&route=intravenous"])
def test_every_summary_shows_a_triangle(phone: Page, live_server: str, path: str) -> None:
    phone.goto(live_server + path)
    summaries = phone.locator("main summary")
    assert summaries.count() >= 1
    for i in range(summaries.count()):
        summary = summaries.nth(i)
        closed = summary.evaluate(MARKER)
        assert closed["content"] != "none" and closed["left"] == "9px", closed
        assert closed["transform"] == "none", closed
        if summary.is_visible():
            summary.click()
            opened = summary.evaluate(MARKER)
            assert opened["transform"] != "none", opened
