"""Every link, button and form control a thumb can tap is at least 44 x 44 CSS px (WCAG 2.5.5),
on the home, log, check, history and site pages at phone size (390 x 844, touch), JavaScript
on and off: the header, the menu, the footer and links inside a line of text too (no spacing
exception is taken). Two targets never overlap, so the padding that makes a link in a sentence
44 px high never covers another target. The skip link is measured when it has the focus."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page
from tests.measure.conftest import photo as synthetic

from sitecare.config import Settings
from sitecare.services.app import Sitecare

pytestmark = pytest.mark.browser

PAGES = (
    "/",
    "/?part=head",
    "/log",
    "/log?region=forearm_left",
    "/check",
    "/history",
    "/sites/forearm_left",
)

#: every visible target: its size (the smallest line of a link that wraps) and where it is
TARGETS = """() => {
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]';
  const out = [];
  for (const e of document.querySelectorAll(sel)) {
    const t = (['radio', 'checkbox'].includes(e.type) && e.closest('label')) || e;
    const rects = [...t.getClientRects()].filter(r => r.width > 0 && r.height > 0);
    if (!rects.length || e.classList.contains('skip')) continue;
    const box = t.getBoundingClientRect();
    if (box.right <= 0 || box.left >= document.documentElement.clientWidth) continue;
    const name = (e.getAttribute('aria-label') || e.innerText || e.value || e.name || '').trim();
    out.push({
      what: `${e.tagName.toLowerCase()} "${name.slice(0, 40)}" ${e.getAttribute('href') || ''}`,
      width: Math.max(...rects.map(r => r.width)),
      height: Math.min(...rects.map(r => r.height)),
      box: [box.left, box.top + scrollY, box.right, box.bottom + scrollY],
      el: out.length,
    });
    e.dataset.targetIndex = String(out.length - 1);
  }
  return out;
}"""

#: pairs of targets (neither inside the other) whose boxes overlap by more than 1 px
OVERLAPS = """(targets) => {
  const els = [...document.querySelectorAll('[data-target-index]')];
  const found = [];
  for (let i = 0; i < targets.length; i++) for (let j = i + 1; j < targets.length; j++) {
    const [a, b] = [targets[i].box, targets[j].box];
    const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
    const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
    if (w <= 1 || h <= 1) continue;
    const [ea, eb] = [els[i], els[j]];
    if (ea.contains(eb) || eb.contains(ea) || ea.closest('label') === eb.closest('label')) continue;
    found.push([targets[i].what, targets[j].what, Math.round(w), Math.round(h)]);
  }
  return found;
}"""


def _seed(tmp_path: Path) -> None:
    """The live server's own SQLite file: injections, a re-checked redness with measured photos
    and a bruise that is due, so every kind of link shows (timeline, due, photos, chart)."""
    url = f"sqlite:///{tmp_path / 'web.sqlite3'}"
    now = datetime.now().astimezone()
    with Sitecare(Settings(database_url=url, data_dir=tmp_path)) as sc:
        for hours in (50, 30, 10):
            at = now - timedelta(hours=hours)
            sc.records.log_injection(region="forearm_left", route="intravenous", at=at, now=now)
        for hours, mm in ((25, 10), (1, 12)):
            at = now - timedelta(hours=hours)
            case = {"region": "forearm_left", "findings": ["redness"], "redness_diameter_cm": 2}
            cid = sc.triage.check(case, now=at).observation.id
            pid = sc.photos.add(cid, synthetic(with_card=False).jpeg, now=at).id
            sc.measurements.save_by_hand(pid, mm, mm, now=now)
        bruise = {"region": "forearm_right", "findings": ["bruise"]}
        sc.triage.check(bruise, now=now - timedelta(days=8))


def test_every_target_is_a_thumbs_size(
    phone: Page,
    live_server: str,
    tmp_path: Path,
    check_page: Callable[..., list[dict[str, Any]]],
) -> None:
    page = phone
    mode = "js" if getattr(page, "sitecare_js", True) else "nojs"
    _seed(tmp_path)
    problems: dict[str, Any] = {}
    for path in PAGES:
        page.goto(live_server + path)
        page.locator("details").evaluate_all("ds => ds.forEach(d => d.open = true)")
        targets = page.evaluate(TARGETS)
        assert len(targets) >= 10, (path, targets)
        small = [
            (t["what"], round(t["width"], 1), round(t["height"], 1))
            for t in targets
            if t["width"] < 44 or t["height"] < 44
        ]
        overlaps = page.evaluate(OVERLAPS, targets)
        page.keyboard.press("Tab")  # the skip link comes first and shows when it has the focus
        skip = page.locator("a.skip").bounding_box()
        if skip is None or skip["width"] < 44 or skip["height"] < 44:
            small.append(("skip link", skip))
        if small or overlaps:
            problems[path] = {"small": small, "overlaps": overlaps}
    assert problems == {}
    page.goto(live_server + "/")
    assert check_page(page, f"targets-home-{mode}") == []
