"""The printable card: true size, readable by the detector, PNG at 300 dpi and a PDF."""

from __future__ import annotations

import struct

import cv2
import numpy as np

from sitecare.measure import card, card_pdf, card_png
from sitecare.measure.detect import find_card
from sitecare.measure.render import card_image


def test_the_png_is_bank_card_size_at_300_dpi_and_says_so() -> None:
    data = card_png(300)
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    assert image.shape[:2] == (round(53.98 / 25.4 * 300), round(85.60 / 25.4 * 300))
    at = data.index(b"pHYs")
    x, y, unit = struct.unpack(">IIB", data[at + 4 : at + 13])
    assert (x, y, unit) == (11811, 11811, 1)


def test_the_pdf_is_a_pdf_page_with_the_card_drawn_as_shapes() -> None:
    data = card_pdf()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert len(data) < 50_000  # vector shapes, not a picture


def test_the_detector_reads_the_card_it_draws_at_true_scale() -> None:
    image = cv2.copyMakeBorder(
        card_image(8.0), 40, 40, 40, 40, cv2.BORDER_CONSTANT, value=(90, 120, 160)
    )
    view = find_card(image)
    assert view is not None and sorted(view.markers) == sorted(card.MARKER_IDS)
    assert abs(view.px_per_mm - 8.0) < 0.05
    assert view.tilt_deg < 3 and not view.cut_off and view.warnings() == []


def test_every_patch_and_marker_lies_on_the_card_and_none_overlap() -> None:
    rects = [p.rect for p in card.patches()] + [
        card.Rect(x, y, card.MARKER_MM, card.MARKER_MM, (0, 0, 0))
        for x, y in card.marker_origins().values()
    ]
    for r in rects:
        assert r.x > 0 and r.x + r.w < card.WIDTH_MM and r.y > 0 and r.y + r.h < card.HEIGHT_MM
    for i, a in enumerate(rects):
        for b in rects[i + 1 :]:
            apart = a.x + a.w <= b.x or b.x + b.w <= a.x or a.y + a.h <= b.y or b.y + b.h <= a.y
            assert apart, (a, b)
