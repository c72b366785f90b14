"""Draw the card (card.py's layout) as pixels or as a PDF page, in English or Spanish."""

from __future__ import annotations

import struct
import unicodedata
import zlib

import cv2
import numpy as np
from fpdf import FPDF

from sitecare.domain.language import DEFAULT_LANGUAGE
from sitecare.domain.messages import N_, gettext_for
from sitecare.measure import card
from sitecare.measure._types import Array

Image = Array
MM_PER_INCH = 25.4
_FONT = cv2.FONT_HERSHEY_SIMPLEX
PRINT_NOTE = N_("Print at actual size (100%, no 'fit to page'). Cut along the grey line.")
#: accents drawn over their letter (NFD's combining marks): OpenCV 4's Hershey fonts have none
#: (they draw "?"), so the card looks the same whichever OpenCV is installed
ACUTE, TILDE, DIAERESIS = "\u0301", "\u0303", "\u0308"
#: the Hershey simplex font's cap height and x-height in font units (pixels at scale 1)
CAP_UNITS, X_UNITS = 20.3, 15.2


def card_image(
    px_per_mm: float, *, supersample: int = 3, language: str = DEFAULT_LANGUAGE
) -> Image:
    """The card as a BGR image at ``px_per_mm`` (edges anti-aliased by supersampling), its
    words in ``language``."""
    s = px_per_mm * supersample
    big = np.full((round(card.HEIGHT_MM * s), round(card.WIDTH_MM * s), 3), 255, np.uint8)
    for r in card.shapes():
        x0, y0 = round(r.x * s), round(r.y * s)
        x1, y1 = round((r.x + r.w) * s), round((r.y + r.h) * s)
        big[y0:y1, x0:x1] = r.rgb[::-1]
    for t in card.texts(language):
        _put_text(big, t, s)
    size = (round(card.WIDTH_MM * px_per_mm), round(card.HEIGHT_MM * px_per_mm))
    return cv2.resize(big, size, interpolation=cv2.INTER_AREA)


def text_scale(t: card.Text, s: float) -> float:
    """The font scale that gives ``t`` its cap height, narrowed to fit TEXT_WIDTH_MM."""
    letters, _marks = _split_accents(t.text)
    (w, h), _ = cv2.getTextSize(letters, _FONT, 1.0, 1)
    return min(t.height * s / h, card.TEXT_WIDTH_MM * s / w)


def _put_text(image: Image, t: card.Text, s: float) -> None:
    scale = text_scale(t, s)
    thickness = max(1, round(scale * 1.6))
    letters, marks = _split_accents(t.text)
    origin = (round(t.x * s), round(t.y * s))
    cv2.putText(image, letters, origin, _FONT, scale, (0, 0, 0), thickness, cv2.LINE_AA)
    for index, mark in marks:
        _put_accent(image, letters, index, mark, origin, scale, thickness)


def _split_accents(text: str) -> tuple[str, list[tuple[int, str]]]:
    """``"Póngala"`` -> ``("Pongala", [(1, ACUTE)])``: the letters the font has, and each
    accent with the index of the letter it goes over."""
    letters: list[str] = []
    marks: list[tuple[int, str]] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch):
            marks.append((len(letters) - 1, ch))
        else:
            letters.append(ch)
    return "".join(letters), marks


def _put_accent(
    image: Image,
    letters: str,
    index: int,
    mark: str,
    origin: tuple[int, int],
    scale: float,
    thickness: int,
) -> None:
    def width(text: str) -> int:
        return cv2.getTextSize(text, _FONT, scale, thickness)[0][0] if text else 0

    cx = origin[0] + (width(letters[:index]) + width(letters[: index + 1])) / 2
    base = letters[index]
    top = origin[1] - (CAP_UNITS if base.isupper() else X_UNITS) * scale
    if base in "ij":  # the accent takes the dot's place (a dotless i, as in print)
        half = round(3 * scale + thickness)
        rows = (round(origin[1] - (CAP_UNITS + 2) * scale - thickness), round(top - 1.5 * scale))
        image[rows[0] : rows[1], round(cx) - half : round(cx) + half] = 255
    y, size = top - 2.5 * scale - thickness / 2, 5.0 * scale
    ink, aa = (0, 0, 0), cv2.LINE_AA
    if mark == ACUTE:
        start, end = (cx - 2.0 * scale, y), (cx + 2.5 * scale, y - size)
        cv2.line(image, _pt(start), _pt(end), ink, thickness, aa)
    elif mark == TILDE:
        xs = np.linspace(cx - 4.5 * scale, cx + 4.5 * scale, 9)
        ys = y - size / 2 - np.sin((xs - xs[0]) / (xs[-1] - xs[0]) * 2 * np.pi) * size / 3
        wave = np.round(np.stack([xs, ys], axis=1)).astype(np.int32)
        cv2.polylines(image, [wave], False, ink, thickness, aa)
    elif mark == DIAERESIS:
        for dx in (-3.0 * scale, 3.0 * scale):
            cv2.circle(image, _pt((cx + dx, y - size / 2)), max(1, thickness), ink, -1, aa)


def _pt(xy: tuple[float, float]) -> tuple[int, int]:
    return round(xy[0]), round(xy[1])


def card_png(dpi: int = 300, language: str = DEFAULT_LANGUAGE) -> bytes:
    """The card as a PNG at ``dpi`` (the file says its resolution, so it prints true to size)."""
    ok, encoded = cv2.imencode(".png", card_image(dpi / MM_PER_INCH, language=language))
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


def card_pdf(language: str = DEFAULT_LANGUAGE) -> bytes:
    """An A4 page with the card at true size (vector shapes), and how to print it, in
    ``language`` (Helvetica has the Spanish letters)."""
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_creator("sitecare")
    pdf.set_lang(language)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    left, top = 20.0, 30.0
    pdf.set_font("Helvetica", size=11)
    pdf.text(left, 20, gettext_for(language)(PRINT_NOTE))
    for r in card.shapes():
        pdf.set_fill_color(*r.rgb)
        pdf.rect(left + r.x, top + r.y, r.w, r.h, style="F")
    for t in card.texts(language):
        _pdf_text(pdf, t, left, top)
    return bytes(pdf.output())


def _pdf_text(pdf: FPDF, t: card.Text, left: float, top: float) -> None:
    size_pt = t.height / 0.72 / MM_PER_INCH * 72  # cap height is about 0.72 em in Helvetica
    pdf.set_font("Helvetica", size=size_pt)
    width = pdf.get_string_width(t.text)
    if width > card.TEXT_WIDTH_MM:
        pdf.set_font("Helvetica", size=size_pt * card.TEXT_WIDTH_MM / width)
    pdf.text(left + t.x, top + t.y, t.text)
