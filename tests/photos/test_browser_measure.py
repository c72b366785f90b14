"""A phone (390 x 844, touch), JavaScript on and off: the measure page after a photo is added.
With JavaScript a finger traces the mark on the photo and drags one of the outline's points
(real touch events: pointer events of type "touch"), then keeps it, and the JSON API gives back
the points the finger left; without, the plain form keeps the outline sitecare found.
The page is axe-core clean with 44 px targets (the points to drag too)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect
from tests.measure.conftest import photo as synthetic

pytestmark = pytest.mark.browser


def _a_photo_with_the_card(base: str) -> tuple[int, Any]:
    made = synthetic()
    with httpx.Client(base_url=base, timeout=30) as c:
        check = c.post("/api/v1/checks", json={"findings": ["redness"], "region": "forearm_left"})
        cid = check.json()["check_id"]
        r = c.post(f"/api/v1/checks/{cid}/photos", files={"file": ("a.jpg", made.jpeg)})
        assert r.status_code == 201, r.text
        return int(r.json()["id"]), made


def _measurement(base: str) -> dict[str, Any]:
    with httpx.Client(base_url=base, timeout=30) as c:
        return dict(c.get("/api/v1/export").json()["photos"][0]["measurement"])


def _stored_via_the_api(base: str, photo_id: int) -> dict[str, Any]:
    """The measurement as the JSON API gives it back: the check's photos and the check agree."""
    with httpx.Client(base_url=base, timeout=30) as c:
        [check] = [x for x in c.get("/api/v1/checks").json() if x.get("measurement")]
        [photo] = c.get(f"/api/v1/checks/{check['id']}/photos").json()
        assert photo["id"] == photo_id and check["measurement"]["photo_id"] == photo_id
        assert {k: v for k, v in check["measurement"].items() if k != "photo_id"} == (
            photo["measurement"]
        )
        return dict(photo["measurement"])


def _touch(cdp: Any, kind: str, x: float, y: float) -> None:
    points = [] if kind == "touchEnd" else [{"x": x, "y": y, "id": 1}]
    cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})


def _drag(page: Page, path: list[tuple[float, float]]) -> None:
    """A finger down on the first point, along the path, and up (real touch events)."""
    cdp = page.context.new_cdp_session(page)
    _touch(cdp, "touchStart", *path[0])
    for x, y in path[1:]:
        _touch(cdp, "touchMove", x, y)
    _touch(cdp, "touchEnd", *path[-1])
    cdp.detach()


def _on_screen(page: Page, made: Any, step: int = 6) -> list[tuple[float, float]]:
    """The mark's true outline (photo pixels) where the photo is drawn on the screen."""
    photo_pts = [[float(x), float(y)] for x, y in made.outline_px[::step]]
    pts = page.evaluate(
        """(pts) => { const svg = document.getElementById('outline-photo');
        const m = svg.getScreenCTM(); return pts.map(([x, y]) => {
        const p = svg.createSVGPoint(); p.x = x; p.y = y; const q = p.matrixTransform(m);
        return [q.x, q.y]; }); }""",
        photo_pts,
    )
    return [(float(x), float(y)) for x, y in [*pts, pts[0]]]


def test_a_finger_traces_and_drags_the_outline_then_keeps_it(
    phone: Page, live_server: str, check_page: Callable[..., list[Any]]
) -> None:
    page = phone
    js = getattr(page, "sitecare_js", False)
    mode = "js" if js else "nojs"
    photo_id, made = _a_photo_with_the_card(live_server)
    page.goto(f"{live_server}/photos/{photo_id}/measure?added=1")
    expect(page.get_by_text("sitecare found the card")).to_be_visible()
    expect(page.locator("#outline-line")).to_have_count(1)
    assert check_page(page, f"measure-auto-{mode}") == []
    if not js:
        page.get_by_role("button", name="Keep this outline").tap()
        expect(page.get_by_text("Measurement kept with the photo")).to_be_visible()
        assert _measurement(live_server)["source"] == "auto"
        assert check_page(page, f"measure-site-{mode}") == []
        return
    # a phone's screen: 390 x 844 with touch (pointer events of type "touch")
    assert page.viewport_size == {"width": 390, "height": 844}
    assert page.evaluate("navigator.maxTouchPoints") > 0
    handles = page.locator("#outline-photo circle.handle")
    expect(handles).to_have_count(10)
    for i in range(10):
        b = handles.nth(i).bounding_box()
        assert b is not None and b["width"] >= 44 and b["height"] >= 44
    page.get_by_role("button", name="Trace with your finger").tap()
    page.evaluate(
        "window.kinds = []; document.addEventListener("
        "'pointerdown', e => window.kinds.push(e.pointerType), true)"
    )
    _drag(page, _on_screen(page, made))
    assert page.evaluate("window.kinds") == ["touch"]  # a finger, not a mouse
    expect(page.get_by_text("Traced. Drag a point")).to_be_visible()
    traced = page.locator("#outline-points").input_value()
    assert len(traced.split(";")) == 10
    # drag the first point 10 CSS px to the right with a finger
    b = handles.nth(0).bounding_box()
    assert b is not None
    cx, cy = b["x"] + b["width"] / 2, b["y"] + b["height"] / 2
    _drag(page, [(cx, cy), (cx + 5, cy), (cx + 10, cy)])
    moved = page.locator("#outline-points").input_value()
    assert moved != traced and moved.split(";")[1:] == traced.split(";")[1:]
    assert page.locator("#outline-kind").input_value() == "outline"
    assert check_page(page, f"measure-traced-{mode}") == []
    page.get_by_role("button", name="Keep this outline").tap()
    expect(page.get_by_text("Measurement kept with the photo")).to_be_visible()
    m = _stored_via_the_api(live_server, photo_id)
    assert m == _measurement(live_server)
    sent = [[float(v) for v in p.split(",")] for p in moved.split(";")]
    assert m["source"] == "outline" and m["outline"] == sent  # the points the finger left
    assert abs(m["area_mm2"] - made.area_mm2) / made.area_mm2 < 0.15
    expect(page.get_by_text(re.compile(r"The mark measured \d+ mm²"))).to_be_visible()
    assert check_page(page, f"measure-site-{mode}") == []


def test_no_card_then_sizes_by_hand_plot_the_area_on_the_site_page(
    phone: Page, live_server: str, check_page: Callable[..., list[Any]]
) -> None:
    page = phone
    mode = "js" if getattr(page, "sitecare_js", False) else "nojs"
    for n, longest in enumerate(("10", "14")):
        with httpx.Client(base_url=live_server, timeout=30) as c:
            case = {"findings": ["redness"], "region": "forearm_left"}
            cid = c.post("/api/v1/checks", json=case).json()["check_id"]
            jpeg = synthetic(with_card=False).jpeg
            pid = c.post(f"/api/v1/checks/{cid}/photos", files={"file": ("a.jpg", jpeg)}).json()[
                "id"
            ]
        page.goto(f"{live_server}/photos/{pid}/measure?added=1")
        expect(page.get_by_text("No card was found in this photo")).to_be_visible()
        expect(page.get_by_role("link", name="How to take the photo with the card")).to_be_visible()
        if n == 0:
            assert check_page(page, f"measure-nocard-{mode}") == []
        page.get_by_label("Longest size (mm)").fill(longest)
        page.get_by_role("button", name="Keep this size").tap()
        expect(page.get_by_text("Measurement kept with the photo")).to_be_visible()
    expect(page.get_by_text("The redness is 96% larger than earlier today.").first).to_be_visible()
    expect(page.locator("figure.area-chart circle.pt")).to_have_count(2)
    assert check_page(page, f"measure-chart-{mode}") == []
