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


def _detected(language: str, px_per_mm: float = 8.0):  # type: ignore[no-untyped-def]
    image = cv2.copyMakeBorder(
        card_image(px_per_mm, language=language),
        40,
        40,
        40,
        40,
        cv2.BORDER_CONSTANT,
        value=(90, 120, 160),
    )
    return find_card(image)


def test_the_spanish_card_is_found_and_measured_as_the_english_one() -> None:
    english, spanish = _detected("en"), _detected("es")
    assert spanish is not None and english is not None
    assert sorted(spanish.markers) == sorted(card.MARKER_IDS)
    assert abs(spanish.px_per_mm - english.px_per_mm) < 1e-3
    assert spanish.tilt_deg < 3 and not spanish.cut_off and spanish.warnings() == []
    assert np.allclose(spanish.to_mm, english.to_mm, atol=1e-6)
    assert abs(spanish.reprojection_px - english.reprojection_px) < 1e-6


def test_the_spanish_words_are_drawn_only_where_the_english_words_are() -> None:
    english, spanish = card_image(8.0), card_image(8.0, language="es")
    differs = np.nonzero(np.any(english != spanish, axis=2))
    rows_mm, cols_mm = differs[0] / 8.0, differs[1] / 8.0
    assert len(rows_mm) > 0  # the words changed
    # only the two lines of words (below the scale, above the colour patches), inside the margins
    assert rows_mm.min() > 26.0 and rows_mm.max() < card.HEIGHT_MM - card.MARGIN_MM - card.MARKER_MM
    assert cols_mm.min() >= card.MARGIN_MM and cols_mm.max() <= card.WIDTH_MM - card.MARGIN_MM


def test_the_spanish_words_fit_at_their_size_and_say_spanish() -> None:
    from sitecare.measure.render import text_scale

    s = 24.0
    for english, spanish in zip(card.texts("en"), card.texts("es"), strict=True):
        assert (english.x, english.y, english.height) == (spanish.x, spanish.y, spanish.height)
        # not narrowed below its cap height: the Spanish is as large as the English
        assert text_scale(spanish, s) == text_scale(english, s)
    words = [t.text for t in card.texts("es")]
    assert "Póngala plana junto a la marca, tome la foto justo desde arriba." in words
    assert "Tarjeta sitecare 85,60 x 53,98 mm. Imprima al 100 %: la escala mide 70 mm." in words


def test_the_accents_are_drawn_over_their_letters() -> None:
    from sitecare.measure.render import _put_text

    def ink(text: str) -> np.ndarray:
        image = np.full((120, 400, 3), 255, np.uint8)
        _put_text(image, card.Text(0.5, 4.0, 2.0, text), 20.0)
        return np.any(image < 128, axis=2)

    plain, accented = ink("o"), ink("ó")
    added = accented & ~plain
    assert added.any() and not (plain & ~accented).any()  # the o, and a mark above it only
    assert np.nonzero(added)[0].max() < np.nonzero(plain)[0].min()
    dotted, dotless = ink("i"), ink("í")
    assert dotted.any() and (dotted != dotless).any()  # the dot gives way to the accent


def test_the_spanish_pdf_says_its_words_in_spanish() -> None:
    import shutil
    import subprocess

    import pytest

    if not shutil.which("pdftotext"):
        pytest.skip("poppler's pdftotext is not installed")
    data = card_pdf("es")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    assert "Imprima en tamaño real (100 %, no «ajustar a la página»)." in text
    assert "Póngala plana junto a la marca" in text and "Lay it flat" not in text
    assert (
        "Lay it flat next to the mark"
        in subprocess.run(
            ["pdftotext", "-", "-"], input=card_pdf(), capture_output=True, check=True
        ).stdout.decode()
    )
