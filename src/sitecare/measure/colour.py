"""Colour after white balance: gains from the card's grey patches, then CIELAB."""

from __future__ import annotations

import cv2
import numpy as np

from sitecare.measure import card
from sitecare.measure._types import Array
from sitecare.measure.detect import CardView, apply

F32 = Array
_S = np.arange(256, dtype=np.float64) / 255
#: 8-bit sRGB -> linear light
TO_LINEAR = np.where(_S <= 0.04045, _S / 12.92, ((_S + 0.055) / 1.055) ** 2.4).astype(np.float32)
#: paper and print reflect less than the file's white: the white patch is taken as this
PAPER = 0.85


def linear(srgb: float) -> float:
    s = srgb / 255
    return s / 12.92 if s <= 0.04045 else float(((s + 0.055) / 1.055) ** 2.4)


def grey_samples(image: Array, view: CardView) -> tuple[F32, F32]:
    """Measured linear BGR of each neutral patch, and the value it should have."""
    measured, target = [], []
    to_px = np.linalg.inv(view.to_mm)
    u = np.linspace(0.25, 0.75, 5)
    for patch in card.patches():
        if not patch.grey or patch.rgb_level < 90:
            continue
        r = patch.rect
        grid = np.array([[r.x + a * r.w, r.y + b * r.h] for a in u for b in u])
        px = apply(to_px, grid).astype(np.float32)
        vals = cv2.remap(image, px[:, 0:1], px[:, 1:2], cv2.INTER_LINEAR).reshape(-1, 3)
        if vals.max() >= 250:  # clipped: its true brightness is unknown
            continue
        measured.append(np.median(TO_LINEAR[vals], axis=0))
        target.append(linear(patch.rgb_level) * PAPER / linear(245))
    return np.array(measured, np.float32), np.array(target, np.float32)


def white_balance(image: Array, view: CardView) -> F32:
    """Per-channel gains (B, G, R, linear light, the largest 1) that make the grey patches
    neutral; plain ones when no patch can be read."""
    measured, target = grey_samples(image, view)
    if len(measured) == 0:
        return np.ones(3, np.float32)
    gains = (measured * target[:, None]).sum(axis=0) / np.maximum((measured**2).sum(axis=0), 1e-9)
    # colour balance only, no brightening: the patches may lie in a shadow the mark is not in
    return (gains / gains.max()).astype(np.float32)


def to_lab(bgr: Array, gains: F32) -> F32:
    """CIELAB (L 0-100) of an 8-bit BGR image after the white balance gains."""
    return cv2.cvtColor(to_linear(bgr, gains), cv2.COLOR_LBGR2Lab)


def to_linear(bgr: Array, gains: F32) -> F32:
    """Linear light after the white balance."""
    return (TO_LINEAR[bgr] * gains[None, None, :]).astype(np.float32)
