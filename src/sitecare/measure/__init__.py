"""Measure a mark from a photo beside the calibration card (numpy and OpenCV live only here).

Pure functions on arrays and bytes: the services read files, the front ends call the services.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from sitecare.domain.messages import Msg
from sitecare.measure._types import Array
from sitecare.measure.colour import white_balance
from sitecare.measure.detect import CardView, find_card
from sitecare.measure.geometry import OutlineError, check_outline, measure_outline
from sitecare.measure.render import card_pdf, card_png
from sitecare.measure.seed import find_seeds
from sitecare.measure.segment import trace

__all__ = [
    "OutlineError",
    "Photo",
    "PhotoError",
    "Result",
    "card_pdf",
    "card_png",
    "decode_photo",
    "measure_photo",
]

Photo = Array
#: a photo larger than this (pixels) is refused (OpenCV itself refuses over 2**30 pixels while
#: decoding; the service refuses files over 40 MB before reading them)
MAX_PIXELS = 50_000_000


class PhotoError(ValueError):
    """The bytes are not a photo sitecare can read."""


@dataclass(frozen=True)
class Result:
    card_found: bool
    area_mm2: float | None = None
    longest_mm: float | None = None
    across_mm: float | None = None
    outline: list[tuple[float, float]] = field(default_factory=list)
    confidence: float = 0.0
    warnings: list[str] = field(default_factory=list)
    #: the card's scale on the photo, mm per photo pixel (None without a card): two photos
    #: measured beside the card can be drawn at the same scale
    mm_per_px: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "card_found": self.card_found,
            "area_mm2": _round(self.area_mm2, 1),
            "longest_mm": _round(self.longest_mm, 1),
            "across_mm": _round(self.across_mm, 1),
            "outline": [[round(x, 1), round(y, 1)] for x, y in self.outline],
            "confidence": round(self.confidence, 2),
            "warnings": list(self.warnings),
            "mm_per_px": None if self.mm_per_px is None else round(self.mm_per_px, 5),
        }


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def decode_photo(data: bytes) -> Photo:
    """The photo's pixels (BGR, turned upright by its EXIF orientation, as a browser shows it:
    outline points are in these pixels); PhotoError when the bytes are not an image."""
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if image is None or image.size == 0:
        raise PhotoError("This file is not a photo sitecare can read (JPEG, PNG, WebP or TIFF).")
    if image.shape[0] * image.shape[1] > MAX_PIXELS:
        raise PhotoError(Msg("This photo is too large: use one of at most 50 megapixels."))
    return image


NO_CARD = Msg("No card found: lay the sitecare card flat next to the mark, all of it in the photo.")


def measure_photo(
    image: Photo, *, outline: npt.ArrayLike | None = None, seed: tuple[float, float] | None = None
) -> Result:
    """Find the card, then measure ``outline`` (photo pixels) or the mark at ``seed`` (or the
    most abnormal patch nearest the middle). OutlineError for an outline that cannot be
    measured; a result with ``card_found`` False when there is no card."""
    h, w = image.shape[:2]
    points = None if outline is None else np.asarray(outline, dtype=np.float64).reshape(-1, 2)
    if points is not None:
        check_outline(points, w, h)
    if seed is not None and not (0 <= seed[0] <= w and 0 <= seed[1] <= h):
        raise OutlineError(Msg("The point is outside the photo (%(w)s x %(h)s pixels).", w=w, h=h))
    view = find_card(image)
    if view is None:
        return Result(card_found=False, warnings=[NO_CARD])
    if points is not None:
        return _outline_result(points, view)
    return _auto_result(image, view, seed)


def _outline_result(points: Array, view: CardView) -> Result:
    size = measure_outline(points, view.to_mm)
    return Result(
        True,
        size.area_mm2,
        size.longest_mm,
        size.across_mm,
        [(float(x), float(y)) for x, y in points],
        view.confidence(),
        view.warnings(),
        1.0 / view.px_per_mm,
    )


def _auto_result(image: Photo, view: CardView, seed: tuple[float, float] | None) -> Result:
    gains = white_balance(image, view)
    traced = None
    # the likeliest patch first; one that turns out to be plain skin gives way to the next
    for start in [seed] if seed is not None else find_seeds(image, view, gains):
        traced = trace(image, view, gains, start)
        if traced is not None:
            break
    if traced is None:
        missing = Msg("No mark found: give a point on the mark, or trace its outline.")
        return Result(
            True, confidence=0.0, warnings=[*view.warnings(), missing], mm_per_px=1 / view.px_per_mm
        )
    mm = measure_outline(traced.outline_px, view.to_mm)
    longest, across = mm.longest_mm, mm.across_mm
    faint = min(1.0, max(0.0, (traced.contrast - 2.0) / 8.0))
    return Result(
        True,
        traced.area_mm2,
        longest,
        across,
        [(float(x), float(y)) for x, y in traced.outline_px],
        view.confidence() * (0.5 + 0.5 * faint),
        [*view.warnings(), *traced.warnings],
        1.0 / view.px_per_mm,
    )
