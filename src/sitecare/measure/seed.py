"""Where the mark is when nobody points at it: the most abnormal patch nearest the middle."""

from __future__ import annotations

import cv2
import numpy as np

from sitecare.measure import card
from sitecare.measure._types import Array
from sitecare.measure.colour import to_lab
from sitecare.measure.detect import CardView, apply

F32 = Array
#: the photo is searched at this resolution; the skin's own colour is the median over this window
SEARCH_PX_PER_MM = 2.0
BACKGROUND_MM = 61.0


def find_seed(image: Array, view: CardView, gains: F32) -> tuple[float, float] | None:
    """A point on the mark in photo pixels, or None when nothing stands out from the skin."""
    scale = min(1.0, SEARCH_PX_PER_MM / view.px_per_mm)
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    lab = to_lab(small, gains)
    card_mask = _card_mask(view, scale, lab.shape[:2])
    odd = _abnormality(lab, card_mask, scale * view.px_per_mm)
    threshold = max(4.0, float(np.median(odd) + 6 * np.median(np.abs(odd - np.median(odd)))))
    count, labels, stats, _ = cv2.connectedComponentsWithStats((odd > threshold).astype(np.uint8))
    best, best_score = None, 0.0
    h, w = odd.shape
    for k in range(1, count):
        x, y, bw, bh, area = stats[k]
        if area < 3:
            continue
        ys, xs = np.nonzero(labels == k)
        i = int(np.argmax(odd[ys, xs]))
        dist = np.hypot(xs[i] - w / 2, ys[i] - h / 2) / np.hypot(w, h)
        edge = x == 0 or y == 0 or x + bw == w or y + bh == h
        score = float(odd[ys, xs].sum()) / (1 + (dist / 0.25) ** 2) * (0.3 if edge else 1.0)
        if score > best_score:
            best, best_score = (xs[i], ys[i]), score
    if best is None:
        return None
    return ((best[0] + 0.5) / scale - 0.5, (best[1] + 0.5) / scale - 0.5)


def _card_mask(view: CardView, scale: float, shape: tuple[int, ...]) -> Array:
    m = 3.0
    corners = np.array(
        [
            [-m, -m],
            [card.WIDTH_MM + m, -m],
            [card.WIDTH_MM + m, card.HEIGHT_MM + m],
            [-m, card.HEIGHT_MM + m],
        ]
    )
    px = (apply(np.linalg.inv(view.to_mm), corners) + 0.5) * scale - 0.5
    mask = np.zeros(shape[:2], np.uint8)
    cv2.fillPoly(mask, [np.round(px).astype(np.int32)], 1)
    return mask


def _abnormality(lab: F32, card_mask: Array, ppm: float) -> F32:
    """How far each pixel's colour is from the skin around it (delta E, lightness half-weighted)."""
    skin = np.median(lab[card_mask == 0], axis=0)
    filled = lab.copy()
    filled[card_mask > 0] = skin
    coded = np.clip(
        np.stack([filled[..., 0] * 2.55, filled[..., 1] + 128, filled[..., 2] + 128], axis=2),
        0,
        255,
    ).astype(np.uint8)
    k = int(BACKGROUND_MM * ppm) | 1
    k = min(k, (min(lab.shape[:2]) - 1) | 1)
    background = cv2.medianBlur(coded, max(3, k)).astype(np.float32)
    background[..., 0] /= 2.55
    background[..., 1:] -= 128
    d = filled - background
    odd = np.sqrt((0.5 * d[..., 0]) ** 2 + d[..., 1] ** 2 + d[..., 2] ** 2)
    odd[card_mask > 0] = 0
    return cv2.GaussianBlur(odd, (0, 0), 1.0)
