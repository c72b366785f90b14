"""Draw the card (card.py's layout) as pixels or as a PDF page."""

from __future__ import annotations

import struct
import zlib

import cv2
import numpy as np
from fpdf import FPDF

from sitecare.measure import card
from sitecare.measure._types import Array

Image = Array
MM_PER_INCH = 25.4
_FONT = cv2.FONT_HERSHEY_SIMPLEX


def card_image(px_per_mm: float, *, supersample: int = 3) -> Image:
    """The card as a BGR image at ``px_per_mm`` (edges anti-aliased by supersampling)."""
    s = px_per_mm * supersample
    big = np.full((round(card.HEIGHT_MM * s), round(card.WIDTH_MM * s), 3), 255, np.uint8)
    for r in card.shapes():
        x0, y0 = round(r.x * s), round(r.y * s)
        x1, y1 = round((r.x + r.w) * s), round((r.y + r.h) * s)
        big[y0:y1, x0:x1] = r.rgb[::-1]
    for t in card.texts():
        _put_text(big, t, s)
    size = (round(card.WIDTH_MM * px_per_mm), round(card.HEIGHT_MM * px_per_mm))
    return cv2.resize(big, size, interpolation=cv2.INTER_AREA)


def _put_text(image: Image, t: card.Text, s: float) -> None:
    (w, h), _ = cv2.getTextSize(t.text, _FONT, 1.0, 1)
    scale = min(t.height * s / h, card.TEXT_WIDTH_MM * s / w)
    thickness = max(1, round(scale * 1.6))
    origin = (round(t.x * s), round(t.y * s))
    cv2.putText(image, t.text, origin, _FONT, scale, (0, 0, 0), thickness, cv2.LINE_AA)


def card_png(dpi: int = 300) -> bytes:
    """The card as a PNG at ``dpi`` (the file says its resolution, so it prints true to size)."""
    ok, encoded = cv2.imencode(".png", card_image(dpi / MM_PER_INCH))
    if not ok:  # pragma: no cover - OpenCV always encodes a plain BGR image
        raise RuntimeError("PNG encoding failed")
    return _with_dpi(encoded.tobytes(), dpi)


def _with_dpi(png: bytes, dpi: int) -> bytes:
    """Insert a pHYs chunk (pixels per metre) after the PNG header chunk."""
    ppm = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", ppm, ppm, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body))
    end_of_ihdr = 8 + 4 + 4 + 13 + 4
    return png[:end_of_ihdr] + chunk + png[end_of_ihdr:]


def card_pdf() -> bytes:
    """An A4 page with the card at true size (vector shapes), and how to print it."""
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_creator("sitecare")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    left, top = 20.0, 30.0
    pdf.set_font("Helvetica", size=11)
    pdf.text(left, 20, "Print at actual size (100%, no 'fit to page'). Cut along the grey line.")
    for r in card.shapes():
        pdf.set_fill_color(*r.rgb)
        pdf.rect(left + r.x, top + r.y, r.w, r.h, style="F")
    for t in card.texts():
        _pdf_text(pdf, t, left, top)
    return bytes(pdf.output())


def _pdf_text(pdf: FPDF, t: card.Text, left: float, top: float) -> None:
    size_pt = t.height / 0.72 / MM_PER_INCH * 72  # cap height is about 0.72 em in Helvetica
    pdf.set_font("Helvetica", size=size_pt)
    width = pdf.get_string_width(t.text)
    if width > card.TEXT_WIDTH_MM:
        pdf.set_font("Helvetica", size=size_pt * card.TEXT_WIDTH_MM / width)
    pdf.text(left + t.x, top + t.y, t.text)
