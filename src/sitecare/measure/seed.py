"""Where the mark is when nobody points at it: the most abnormal patch nearest the middle."""

from __future__ import annotations

import cv2
import numpy as np

from sitecare.measure._types import Array
from sitecare.measure.colour import to_lab
from sitecare.measure.detect import CardView

F32 = Array
#: the photo is searched at this resolution; the skin's own colour is the median over this window
SEARCH_PX_PER_MM = 2.0
BACKGROUND_MM = 61.0
#: below this (delta E) a patch is taken for plain skin
MIN_ODD = 2.0


def find_seeds(image: Array, view: CardView, gains: F32, n: int = 3) -> list[tuple[float, float]]:
    """Up to ``n`` points (photo pixels) on the patches most likely to be the mark, the most
    likely first; none when nothing stands out from the skin."""
    scale = min(1.0, SEARCH_PX_PER_MM / view.px_per_mm)
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    lab = to_lab(small, gains)
    card_mask = view.card_mask(lab.shape, 3.0, scale=scale)
    odd = _abnormality(lab, card_mask, scale * view.px_per_mm)
    # what stands out from the skin's own variation, and near the strongest patch (a faint
    # bruise on deep skin differs by a few units only: no fixed floor above that)
    spread = float(np.median(np.abs(odd - np.median(odd))))
    threshold = max(MIN_ODD, float(np.median(odd)) + 6 * spread, 0.4 * float(odd.max()))
    count, labels, stats, _ = cv2.connectedComponentsWithStats((odd > threshold).astype(np.uint8))
    found = []
    for k in range(1, count):
        if stats[k][4] >= 3:
            ys, xs = np.nonzero(labels == k)
            found.append(_score(odd, xs, ys, stats[k]))
    found.sort(key=lambda f: -f[0])
    return [((x + 0.5) / scale - 0.5, (y + 0.5) / scale - 0.5) for _, (x, y) in found[:n]]


def _score(odd: F32, xs: Array, ys: Array, stat: Array) -> tuple[float, tuple[int, int]]:
    """How likely a patch is the mark: how abnormal, how near the middle, how compact (a
    shadow's edge or a fold is long and thin), and whether the photo's edge cuts it."""
    h, w = odd.shape
    i = int(np.argmax(odd[ys, xs]))
    dist = np.hypot(xs[i] - w / 2, ys[i] - h / 2) / np.hypot(w, h)
    x, y, bw, bh, _ = stat
    edge = x == 0 or y == 0 or x + bw == w or y + bh == h
    spread = np.cov(np.c_[xs, ys].T) if len(xs) > 2 else np.eye(2)
    eig = np.linalg.eigvalsh(spread)
    elongation = float(np.sqrt(max(eig[1], 1e-9) / max(eig[0], 1e-9)))
    score = float(odd[ys, xs].sum()) / (1 + (dist / 0.25) ** 2)
    score /= max(1.0, elongation / 2.5) ** 2
    return score * (0.1 if edge else 1.0), (int(xs[i]), int(ys[i]))


def _abnormality(lab: F32, card_mask: Array, ppm: float) -> F32:
    """How far each pixel's colour is from the skin around it: delta E in CIELAB once the
    pixel is brought to the lightness of the skin around it (a shadow only darkens), plus a
    small part of the lightness difference (a bruise is darker, but so is a shadow)."""
    skin = np.median(lab[card_mask == 0], axis=0)
    filled = lab.copy()
    filled[card_mask > 0] = skin
    background = _median_lab(filled, ppm)
    lin = cv2.cvtColor(filled, cv2.COLOR_Lab2LBGR)
    bg_lin = cv2.cvtColor(background, cv2.COLOR_Lab2LBGR)
    ratio = _luminance(bg_lin) / np.maximum(_luminance(lin), 1e-4)
    levelled = cv2.cvtColor((lin * ratio[..., None]).astype(np.float32), cv2.COLOR_LBGR2Lab)
    d = levelled - background
    odd = np.sqrt(d[..., 1] ** 2 + d[..., 2] ** 2) + 0.15 * np.abs(
        filled[..., 0] - background[..., 0]
    )
    odd[card_mask > 0] = 0
    return cv2.GaussianBlur(odd.astype(np.float32), (0, 0), 1.0)


def _luminance(lin: F32) -> F32:
    return 0.0722 * lin[..., 0] + 0.7152 * lin[..., 1] + 0.2126 * lin[..., 2]


def _median_lab(lab: F32, ppm: float) -> F32:
    """The skin's colour round each pixel: a median over BACKGROUND_MM (8-bit coded: any
    kernel size; a unit of L*, a* or b* is below what the eye tells apart)."""
    coded = np.clip(
        np.stack([lab[..., 0] * 2.55, lab[..., 1] + 128, lab[..., 2] + 128], axis=2), 0, 255
    ).astype(np.uint8)
    k = int(BACKGROUND_MM * ppm) | 1
    k = min(k, (min(lab.shape[:2]) - 1) | 1)
    background = cv2.medianBlur(coded, max(3, k)).astype(np.float32)
    background[..., 0] /= 2.55
    background[..., 1:] -= 128
    return background
