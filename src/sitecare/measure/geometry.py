"""A polygon in photo pixels measured in millimetres on the card's plane."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from sitecare.domain.messages import Msg
from sitecare.measure._types import Array
from sitecare.measure.detect import apply


class OutlineError(ValueError):
    """An outline that cannot be measured (too few points, outside the photo, crossing itself)."""


@dataclass(frozen=True)
class Size:
    area_mm2: float
    longest_mm: float
    across_mm: float


def check_outline(points: Array, width: int, height: int) -> None:
    """Raise OutlineError unless ``points`` is a simple polygon inside a width x height photo."""
    if len(points) < 3:
        raise OutlineError(Msg("An outline needs at least 3 points."))
    if not np.all(np.isfinite(points)):
        raise OutlineError(Msg("Every point of the outline needs two numbers."))
    xs, ys = points[:, 0], points[:, 1]
    if xs.min() < 0 or ys.min() < 0 or xs.max() > width or ys.max() > height:
        raise OutlineError(
            Msg("The outline goes outside the photo (%(w)s x %(h)s pixels).", w=width, h=height)
        )
    if crosses_itself(points):
        raise OutlineError(Msg("The outline crosses itself: trace around the mark once."))
    if abs(shoelace(points)) < 1e-9:
        raise OutlineError(Msg("The outline encloses no area."))


def shoelace(points: Array) -> float:
    x, y = points[:, 0], points[:, 1]
    return float(0.5 * (np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))


def crosses_itself(points: Array) -> bool:
    """True when two edges that do not share a corner cross or touch."""
    a, b = points, np.roll(points, -1, axis=0)
    n = len(points)
    i, j = np.triu_indices(n, k=2)
    keep = ~((i == 0) & (j == n - 1))
    i, j = i[keep], j[keep]
    d1 = _orient(a[i], b[i], a[j])
    d2 = _orient(a[i], b[i], b[j])
    d3 = _orient(a[j], b[j], a[i])
    d4 = _orient(a[j], b[j], b[i])
    proper = (d1 * d2 < 0) & (d3 * d4 < 0)
    return bool(proper.any())


def _orient(p: Array, q: Array, r: Array) -> Array:
    return np.asarray(
        (q[:, 0] - p[:, 0]) * (r[:, 1] - p[:, 1]) - (q[:, 1] - p[:, 1]) * (r[:, 0] - p[:, 0])
    )


def measure_outline(points_px: Array, to_mm: Array) -> Size:
    """Area, longest diameter and the width across it (perpendicular), in mm."""
    mm = apply(to_mm, points_px)
    longest, across = diameters(mm)
    return Size(abs(shoelace(mm)), longest, across)


def diameters(mm: Array) -> tuple[float, float]:
    """The longest distance between two points, and the extent at right angles to it."""
    pts = cv2.convexHull(mm.astype(np.float32)).reshape(-1, 2).astype(np.float64)
    gaps = np.linalg.norm(pts[:, None, :] - pts[None, :, :], axis=2)
    k = int(np.argmax(gaps))
    p, q = pts[k // len(pts)], pts[k % len(pts)]
    longest = float(gaps.flat[k])
    if longest == 0:
        return 0.0, 0.0
    normal = np.array([-(q - p)[1], (q - p)[0]]) / longest
    side = mm @ normal
    return longest, float(side.max() - side.min())


def pixel_area_mm2(xs: Array, ys: Array, to_mm: Array, pixel_area: float) -> float:
    """The area in mm2 of the pixels at (xs, ys), each ``pixel_area`` photo pixels large:
    the homography's Jacobian determinant, det(H) / w**3, at each pixel."""
    w = to_mm[2, 0] * xs + to_mm[2, 1] * ys + to_mm[2, 2]
    det = float(np.linalg.det(to_mm))
    return float(np.sum(np.abs(det / w**3))) * pixel_area
