"""The calibration card: its layout in millimetres, once, drawn as a raster or as a PDF.

The card is the size of a bank card (ISO/IEC 7810 ID-1, 85.60 x 53.98 mm). Four ArUco markers
(OpenCV's 4x4 dictionary) sit in its corners; between them are the grey patches (white
balance), the colour patches, a 70 mm scale and one line of instructions. Every position here
is what the photo measurement relies on: change one and the homography changes with it. The
words are said in the card's language (English or Spanish): they change no position.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np

from sitecare.domain.language import DEFAULT_LANGUAGE
from sitecare.domain.messages import N_, gettext_for
from sitecare.measure._types import Array

WIDTH_MM = 85.60
HEIGHT_MM = 53.98
MARKER_MM = 13.0
MARGIN_MM = 3.0
#: the marker ids, top-left, top-right, bottom-left, bottom-right (uncommon ids, so another
#: ArUco target in the photo is not taken for the card)
MARKER_IDS = (11, 23, 37, 42)
INSTRUCTION = N_("Lay it flat next to the mark, photo from straight above.")
FOOTNOTE = N_("sitecare card 85.60 x 53.98 mm. Print at 100%: the scale is 70 mm.")
SCALE_MM = 70.0
TEXT_WIDTH_MM = WIDTH_MM - 2 * MARGIN_MM - 1.0

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Rect:
    """A filled rectangle: left, top, width, height in mm, and its sRGB colour."""

    x: float
    y: float
    w: float
    h: float
    rgb: RGB


@dataclass(frozen=True)
class Patch:
    """A colour patch; ``grey`` patches are neutral (the white balance uses them)."""

    name: str
    rect: Rect
    grey: bool

    @property
    def rgb_level(self) -> int:
        """A grey patch's level (0-255)."""
        return self.rect.rgb[1]


@dataclass(frozen=True)
class Text:
    """One line of text: left edge, baseline and cap height in mm (a renderer narrows a line
    that would run past TEXT_WIDTH_MM)."""

    x: float
    y: float
    height: float
    text: str


def aruco_dictionary() -> cv2.aruco.Dictionary:
    return cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_50)


def marker_origins() -> dict[int, tuple[float, float]]:
    """Each marker's top-left corner on the card, in mm."""
    right = WIDTH_MM - MARGIN_MM - MARKER_MM
    bottom = HEIGHT_MM - MARGIN_MM - MARKER_MM
    places = ((MARGIN_MM, MARGIN_MM), (right, MARGIN_MM), (MARGIN_MM, bottom), (right, bottom))
    return dict(zip(MARKER_IDS, places, strict=True))


def marker_corners_mm(marker_id: int) -> Array:
    """A marker's four corners in mm, in ArUco's order (clockwise from top-left)."""
    x, y = marker_origins()[marker_id]
    m = MARKER_MM
    return np.array([[x, y], [x + m, y], [x + m, y + m], [x, y + m]], dtype=np.float32)


def _patch_row(y: float, h: float, colours: list[tuple[str, RGB, bool]]) -> list[Patch]:
    left = MARGIN_MM + MARKER_MM + 1.5
    span = WIDTH_MM - 2 * left
    gap = 0.8
    w = (span - gap * (len(colours) - 1)) / len(colours)
    return [
        Patch(name, Rect(left + i * (w + gap), y, w, h, rgb), grey)
        for i, (name, rgb, grey) in enumerate(colours)
    ]


@cache
def patches() -> tuple[Patch, ...]:
    greys = [(f"grey{v}", (v, v, v), True) for v in (245, 200, 150, 100, 55, 20)]
    colours: list[tuple[str, RGB, bool]] = [
        ("red", (200, 40, 40), False),
        ("green", (50, 150, 70), False),
        ("blue", (40, 70, 180), False),
        ("yellow", (230, 200, 40), False),
        ("skin light", (225, 185, 160), False),
        ("skin dark", (110, 75, 55), False),
    ]
    top = _patch_row(MARGIN_MM, MARKER_MM, greys)
    bottom = _patch_row(HEIGHT_MM - MARGIN_MM - MARKER_MM, MARKER_MM, colours)
    return tuple(top + bottom)


def _marker_cells(marker_id: int) -> list[Rect]:
    bits = cv2.aruco.generateImageMarker(aruco_dictionary(), marker_id, 6)
    x0, y0 = marker_origins()[marker_id]
    cell = MARKER_MM / 6
    return [
        Rect(x0 + c * cell, y0 + r * cell, cell, cell, (0, 0, 0))
        for r in range(6)
        for c in range(6)
        if bits[r, c] < 128
    ]


def _scale_ticks() -> list[Rect]:
    left = (WIDTH_MM - SCALE_MM) / 2
    base = 25.5
    ticks = [Rect(left, base, SCALE_MM, 0.25, (0, 0, 0))]
    for mm in range(int(SCALE_MM) + 1):
        length = 3.5 if mm % 10 == 0 else 2.5 if mm % 5 == 0 else 1.5
        ticks.append(Rect(left + mm - 0.1, base - length, 0.2, length, (0, 0, 0)))
    return ticks


@cache
def shapes() -> tuple[Rect, ...]:
    """Everything drawn on the card, in drawing order (the white card first)."""
    grey, t = (170, 170, 170), 0.2
    card = [
        Rect(0, 0, WIDTH_MM, HEIGHT_MM, grey),
        Rect(t, t, WIDTH_MM - 2 * t, HEIGHT_MM - 2 * t, (255, 255, 255)),
    ]
    cells = [cell for marker_id in MARKER_IDS for cell in _marker_cells(marker_id)]
    return tuple(card + [p.rect for p in patches()] + cells + _scale_ticks())


def texts(language: str = DEFAULT_LANGUAGE) -> tuple[Text, ...]:
    """The card's words in ``language`` (the same places in every language)."""
    say = gettext_for(language)
    left = (WIDTH_MM - SCALE_MM) / 2
    labels = [Text(left + cm * 10 - 0.6, 20.8, 1.6, str(cm)) for cm in range(8)]
    return (
        *labels,
        Text(MARGIN_MM + 0.5, 31.0, 1.9, say(INSTRUCTION)),
        Text(MARGIN_MM + 0.5, 35.2, 1.4, say(FOOTNOTE)),
    )
