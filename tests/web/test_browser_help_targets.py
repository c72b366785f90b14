"""The help pages, settings, privacy and the card page at phone size, JavaScript on and off:
every target is at least 44 x 44 CSS px and no two overlap, as on the pages of
test_browser_targets.py. The emergency number in a sentence ("Call 911 now if...") was 34 px
wide: the one link a person in trouble most needs to hit."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from tests.web.test_browser_targets import OVERLAPS, TARGETS

pytestmark = pytest.mark.browser

PAGES = (
    "/help",
    "/help/marks",
    "/help/why",
    "/help/prevent",
    "/help/care",
    "/help/when",
    "/help/someone",
    "/help/services",
    "/card",
    "/settings",
    "/privacy",
)


def test_help_and_settings_targets_are_a_thumbs_size(phone: Page, live_server: str) -> None:
    problems = {}
    for path in PAGES:
        phone.goto(live_server + path)
        phone.locator("details").evaluate_all("ds => ds.forEach(d => d.open = true)")
        targets = phone.evaluate(TARGETS)
        small = [
            (t["what"], round(t["width"], 1), round(t["height"], 1))
            for t in targets
            if t["width"] < 44 or t["height"] < 44
        ]
        overlaps = phone.evaluate(OVERLAPS, targets)
        if small or overlaps:
            problems[path] = {"small": small, "overlaps": overlaps}
    assert problems == {}


def test_the_emergency_number_in_a_sentence_does_not_move_the_words(
    phone: Page, live_server: str
) -> None:
    phone.goto(live_server + "/help")
    link = phone.locator('main a[href^="tel:"]').first
    box = link.bounding_box()
    assert box is not None and box["width"] >= 44 and box["height"] >= 44, box
    # the text box of the number starts where the padding ends: the sentence keeps its spacing
    gap = link.evaluate(
        "a => { const r = document.createRange(); r.selectNodeContents(a);"
        " return r.getBoundingClientRect().left - a.getBoundingClientRect().left; }"
    )
    assert gap == pytest.approx(6, abs=0.5)
    margin = link.evaluate("a => getComputedStyle(a).marginLeft")
    assert margin == "-6px"
