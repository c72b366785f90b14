"""Find the mark around a seed point: colour after white balance, in CIELAB, against the skin
around it (no fixed red threshold), so redness, a wound or a bruise on any skin tone works."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from sitecare.domain.messages import Msg
from sitecare.measure._types import Array
from sitecare.measure.colour import to_lab
from sitecare.measure.detect import CardView
from sitecare.measure.geometry import pixel_area_mm2

F32 = Array
Mask = Array

#: the mark is traced at this resolution at most (enough for a 3 mm mark, and quick)
WORK_PX_PER_MM = 10.0
SEARCH_PX_PER_MM = 2.0
#: how far around the seed to look first, and again when the mark reaches that far
REACH_MM = (24.0, 48.0)
#: a colour difference (CIELAB, delta E) below this is hard to tell from the skin
FAINT_DE = 5.0


@dataclass(frozen=True)
class Traced:
    outline_px: Array
    area_mm2: float
    contrast: float
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class _Crop:
    lab: F32
    x0: int
    y0: int
    scale: float
    card: Mask

    def to_photo(self, pts: Array) -> Array:
        return (pts + 0.5) / self.scale - 0.5 + np.array([self.x0, self.y0])

    def from_photo(self, pts: Array) -> Array:
        return (pts - np.array([self.x0, self.y0]) + 0.5) * self.scale - 0.5


def trace(image: Array, view: CardView, gains: F32, seed: tuple[float, float]) -> Traced | None:
    """The mark at ``seed`` (photo pixels), or None when nothing there stands out."""
    result = None
    for reach in REACH_MM:
        crop = _crop(image, view, gains, seed, reach)
        found = _segment(crop, crop.from_photo(np.array([seed]))[0], view)
        if found is None:
            return None
        mask, contrast = found
        result = _traced(crop, mask, contrast, view)
        if not _touches_edge(mask):
            return result
    assert result is not None
    return Traced(
        result.outline_px,
        result.area_mm2,
        result.contrast,
        (*result.warnings, Msg("The mark looks larger than the area searched: check the outline.")),
    )


def _crop(
    image: Array,
    view: CardView,
    gains: F32,
    seed: tuple[float, float],
    reach_mm: float,
) -> _Crop:
    reach = reach_mm * view.px_per_mm * 1.4
    h, w = image.shape[:2]
    x0, y0 = max(0, int(seed[0] - reach)), max(0, int(seed[1] - reach))
    x1, y1 = min(w, int(seed[0] + reach) + 1), min(h, int(seed[1] + reach) + 1)
    scale = min(1.0, WORK_PX_PER_MM / view.px_per_mm)
    part = image[y0:y1, x0:x1]
    if scale < 1.0:
        part = cv2.resize(part, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    lab = to_lab(part, gains)
    return _Crop(lab, x0, y0, scale, view.card_mask(lab.shape, 2.0, scale=scale, offset=(x0, y0)))


def _segment(crop: _Crop, seed: Array, view: CardView) -> tuple[Mask, float] | None:
    lab = crop.lab
    ppm = view.px_per_mm * crop.scale
    h, w = lab.shape[:2]
    border = np.ones((h, w), bool)
    edge = max(2, int(min(h, w) * 0.08))
    border[edge:-edge, edge:-edge] = False
    skin = np.broadcast_to(np.median(lab[border & (crop.card == 0)], axis=0), lab.shape)
    sx, sy = int(np.clip(round(seed[0]), 0, w - 1)), int(np.clip(round(seed[1]), 0, h - 1))
    r = max(2, int(0.8 * ppm))
    core = lab[max(0, sy - r) : sy + r + 1, max(0, sx - r) : sx + r + 1]
    diff = np.median(core.reshape(-1, 3), axis=0) - skin[sy, sx]
    mask = np.zeros((h, w), np.uint8)
    plain, spread = border & (crop.card == 0), np.eye(3)
    for _ in range(3):
        if float(np.linalg.norm(diff)) < 2.0:
            return None
        # the direction that tells mark from skin best, given how the skin itself varies
        # (Fisher's discriminant): the skin's texture and light change mostly its lightness
        weights = np.linalg.solve(spread, diff.astype(np.float64)).astype(np.float32)
        score = _smoothed(((lab - skin) @ weights) / float(diff @ weights), plain, ppm)
        cut = _half_way(skin[sy, sx], diff, weights)
        mask = _component((score > cut) & (crop.card == 0), (sx, sy), ppm)
        if not mask.any():
            return None
        skin, spread = _skin_plane(lab, mask, crop.card, ppm)
        diff = _mark_diff(lab, skin, mask, ppm)
        plain = (_distance_outside(mask) > 1.5 * ppm) & (crop.card == 0)
    return mask, float(np.linalg.norm(diff))


def _smoothed(score: Array, plain: Array, ppm: float) -> F32:
    """The score smoothed more where the skin is noisy against the mark's contrast (a faint
    mark): noise left in would fray the outline and fill it with specks; at most 0.25 mm."""
    skin = score[plain]
    noise = 1.4826 * float(np.median(np.abs(skin - np.median(skin)))) if skin.size else 0.0
    sigma = float(np.clip(0.7 * noise / 0.08, 0.7, max(0.7, 0.25 * ppm)))
    return cv2.GaussianBlur(score.astype(np.float32), (0, 0), sigma)


def _half_way(skin: F32, diff: F32, weights: Array) -> float:
    """Where, along skin -> mark in CIELAB, lies the colour of half skin and half mark mixed in
    light (as a soft edge or a blur mixes them): the outline runs there."""
    pair = np.array([[skin, skin + diff]], np.float32)
    lin = cv2.cvtColor(pair, cv2.COLOR_Lab2LBGR)
    half = cv2.cvtColor(lin.mean(axis=1, keepdims=True), cv2.COLOR_LBGR2Lab)[0, 0]
    return float(np.clip((half - skin) @ weights / float(diff @ weights), 0.2, 0.8))


def _component(binary: Array, seed: tuple[int, int], ppm: float) -> Mask:
    """The piece of ``binary`` at the seed (or the nearest within 3 mm), holes filled."""
    count, labels = cv2.connectedComponents(binary.astype(np.uint8), connectivity=8)
    if count < 2:
        return np.zeros(binary.shape, np.uint8)
    sx, sy = seed
    label = labels[sy, sx]
    if label == 0:
        ys, xs = np.nonzero(labels)
        d = (xs - sx) ** 2 + (ys - sy) ** 2
        k = int(np.argmin(d))
        if d[k] > (3 * ppm) ** 2:
            return np.zeros(binary.shape, np.uint8)
        label = labels[ys[k], xs[k]]
    mask = (labels == label).astype(np.uint8)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    cv2.drawContours(mask, contours, -1, 1, thickness=cv2.FILLED)
    return mask


def _distance_outside(mask: Mask) -> F32:
    """Each pixel's distance (pixels) to the mask; 0 inside it."""
    return cv2.distanceTransform((mask == 0).astype(np.uint8), cv2.DIST_L2, 5)


def _skin_plane(lab: F32, mask: Mask, card_mask: Mask, ppm: float) -> tuple[F32, Array]:
    """The skin's colour as a plane in x and y (uneven light), fitted on a ring round the mark,
    and how the skin's colour varies about it (its covariance in CIELAB)."""
    size = float(np.sqrt(mask.sum() / np.pi))
    away = _distance_outside(mask)
    ring = (away > 1.5 * ppm) & (away <= max(4 * ppm, 0.6 * size)) & (card_mask == 0)
    ys, xs = np.nonzero(ring)
    if len(xs) < 20:
        flat = np.median(lab[mask == 0], axis=0)
        return np.broadcast_to(flat, lab.shape).astype(np.float32), np.eye(3)
    pick = np.linspace(0, len(xs) - 1, min(len(xs), 6000)).astype(int)
    xs, ys = xs[pick], ys[pick]
    design = np.c_[xs, ys, np.ones(len(xs))].astype(np.float64)
    values = lab[ys, xs].astype(np.float64)
    coef, *_ = np.linalg.lstsq(design, values, rcond=None)
    h, w = mask.shape
    gy, gx = np.mgrid[0:h, 0:w]
    plane = gx[..., None] * coef[0] + gy[..., None] * coef[1] + coef[2]
    spread = np.cov((values - design @ coef).T) + 0.25 * np.eye(3)  # a floor: 0.5 delta E
    return plane.astype(np.float32), spread


def _mark_diff(lab: F32, skin: F32, mask: Mask, ppm: float) -> F32:
    depth = cv2.distanceTransform(mask, cv2.DIST_L2, 5)
    core = depth > 0.7 * ppm
    inside = core if core.sum() >= 9 else mask > 0
    return np.median((lab - skin)[inside], axis=0).astype(np.float32)


def _touches_edge(mask: Mask) -> bool:
    return bool(mask[0].any() or mask[-1].any() or mask[:, 0].any() or mask[:, -1].any())


def _traced(crop: _Crop, mask: Mask, contrast: float, view: CardView) -> Traced:
    ys, xs = np.nonzero(mask)
    centres = crop.to_photo(np.c_[xs, ys].astype(np.float64))
    area = pixel_area_mm2(centres[:, 0], centres[:, 1], view.to_mm, 1 / crop.scale**2)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    biggest = max(contours, key=cv2.contourArea)
    simple = cv2.approxPolyDP(biggest, 0.5, True).reshape(-1, 2).astype(np.float64)
    warnings = []
    if contrast < FAINT_DE:
        warnings.append(Msg("The mark is faint against the skin: check the outline."))
    if ((_distance_outside(mask) <= 0.5 * view.px_per_mm * crop.scale) & (crop.card > 0)).any():
        warnings.append(Msg("The mark touches the card: lay the card a little further away."))
    return Traced(crop.to_photo(simple), area, contrast, tuple(warnings))
