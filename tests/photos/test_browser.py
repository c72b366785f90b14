"""A phone (390 x 844, touch), JavaScript on and off: a photo chosen with the file picker on the
site page is shown beside the last one; the pages are axe-core clean with 44 px targets."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect
from tests.photos.helpers import heic_from_camera, jpeg_from_camera
from tests.server.test_browser_server import program_server, sign_in  # noqa: F401

pytestmark = pytest.mark.browser


def photo_widths(page: Page) -> list[int]:
    """The natural widths of the side-by-side photos, once the browser has finished loading them
    (an image not yet loaded reads 0 wide; one that failed to load stays 0)."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('#photo-pair img')].every(i => i.complete)"
    )
    widths: list[int] = page.evaluate(
        "() => [...document.querySelectorAll('#photo-pair img')].map(i => i.naturalWidth)"
    )
    return widths


def _checks_with_a_photo(base: str) -> int:
    with httpx.Client(base_url=base, timeout=30) as c:
        case = {"findings": ["bruise"], "region": "forearm_left"}
        first = c.post("/api/v1/checks", json=case).json()["check_id"]
        r = c.post(f"/api/v1/checks/{first}/photos", files={"file": ("a.jpg", jpeg_from_camera())})
        assert r.status_code == 201, r.text
        return int(c.post("/api/v1/checks", json=case).json()["check_id"])


def test_a_photo_from_the_file_picker_shows_beside_the_last_one(
    phone: Page, live_server: str, check_page: Callable[..., list[Any]]
) -> None:
    page = phone
    mode = "js" if getattr(page, "sitecare_js", False) else "nojs"
    _checks_with_a_photo(live_server)
    page.goto(live_server + "/sites/forearm_left")
    expect(page.get_by_text("Latest photo", exact=True)).to_be_visible()
    assert check_page(page, f"photos-site-one-{mode}") == []

    picker = page.get_by_label("Add a photo")
    with page.expect_file_chooser() as chosen:
        picker.tap()
    chooser = chosen.value
    assert chooser.element.get_attribute("accept") == "image/*"
    assert chooser.element.get_attribute("capture") == "environment"
    chooser.set_files(
        {"name": "IMG_0002.HEIC", "mimeType": "image/heic", "buffer": heic_from_camera(6)}
    )
    page.get_by_role("button", name="Add the photo").tap()

    expect(page.get_by_text("Photo added")).to_be_visible()  # on the photo's measure page
    page.get_by_role("link", name="Back without measuring").tap()
    pair = page.locator("#photo-pair figure")
    expect(pair).to_have_count(2)
    expect(pair.nth(0)).to_contain_text("Before")
    expect(pair.nth(1)).to_contain_text("Now")
    boxes = [pair.nth(i).bounding_box() for i in range(2)]
    assert all(b is not None for b in boxes)
    left, right = boxes[0], boxes[1]
    assert left is not None and right is not None
    assert left["x"] + left["width"] <= right["x"]  # side by side, not stacked
    assert abs(left["y"] - right["y"]) < 1
    loaded = photo_widths(page)
    assert loaded == [64, 40]  # both images came (the HEIC one upright: 40 wide)
    assert check_page(page, f"photos-site-pair-{mode}") == []


def test_a_worker_adds_photos_to_a_clients_checks_and_sees_them_side_by_side(
    phone: Page,
    program_server: str,  # noqa: F811 (the fixture, imported)
    check_page: Callable[..., list[Any]],
) -> None:
    page = phone
    mode = "js" if getattr(page, "sitecare_js", False) else "nojs"
    sign_in(page, program_server, "bob")
    page.get_by_label("Find a client by code").fill("rv-077")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("button", name=re.compile("Add client RV-077", re.I)).click()
    expect(page.get_by_role("heading", name=re.compile("Client"))).to_contain_text("RV-077")
    client_url = page.url.split("?")[0]
    for n, photo in enumerate((jpeg_from_camera(), heic_from_camera(6))):
        page.goto(client_url + "/check?region=forearm_left")
        page.get_by_role("button", name="Next").click()
        page.get_by_label("Blue or blotchy").check()
        page.get_by_role("button", name="Next").click()
        expect(page.get_by_role("link", name="Call 911 now")).to_be_visible()
        if n == 0:
            assert check_page(page, f"photos-server-check-result-{mode}") == []
        with page.expect_file_chooser() as chosen:
            page.get_by_label("Add a photo").tap()
        chosen.value.set_files({"name": f"IMG_{n}.jpg", "mimeType": "image/jpeg", "buffer": photo})
        page.get_by_role("button", name="Add the photo").tap()
        expect(page.get_by_text("Photo added")).to_be_visible()  # on the photo's measure page
    page.get_by_role("link", name="Back without measuring").tap()
    expect(page.get_by_role("heading", name="Photos: Left forearm")).to_be_visible()
    expect(page.locator("#photo-pair figure")).to_have_count(2)
    loaded = photo_widths(page)
    assert loaded == [64, 40]
    assert check_page(page, f"photos-server-client-{mode}") == []
