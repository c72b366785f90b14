"""Find the card in a photo: its markers, the homography to millimetres, and how well it is seen."""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from sitecare.domain.messages import Msg
from sitecare.measure import card
from sitecare.measure._types import Array

Gray = Array

#: detection runs on a copy this size at most (long side), then corners are refined at full size
DETECT_SIDE = 1600
#: below this a mark of a few mm is only a few pixels wide
MIN_PX_PER_MM = 5.0
MAX_TILT_DEG = 35.0
#: a blur (Gaussian sigma) wider than this on the card smears a mark's edge too
MAX_BLUR_MM = 0.25


@dataclass(frozen=True)
class CardView:
    """The card as the photo shows it. ``to_mm`` maps photo pixels to card millimetres."""

    to_mm: Array
    markers: dict[int, Array]
    px_per_mm: float
    tilt_deg: float
    blur_mm: float
    cut_off: bool
    reprojection_px: float

    def card_mask(
        self,
        shape: tuple[int, ...],
        margin_mm: float,
        *,
        scale: float = 1.0,
        offset: tuple[float, float] = (0.0, 0.0),
    ) -> Array:
        """1 where the card (grown by ``margin_mm``) lies, in an image of ``shape`` that is the
        photo from ``offset`` on, resized by ``scale``."""
        m = margin_mm
        w, h = card.WIDTH_MM + m, card.HEIGHT_MM + m
        corners = np.array([[-m, -m], [w, -m], [w, h], [-m, h]])
        px = (apply(np.linalg.inv(self.to_mm), corners) - offset + 0.5) * scale - 0.5
        mask = np.zeros(shape[:2], np.uint8)
        cv2.fillPoly(mask, [np.round(px).astype(np.int32)], 1)
        return mask

    def warnings(self) -> list[str]:
        out: list[str] = []
        if self.cut_off:
            out.append(Msg("The card is cut off at the edge of the photo: keep all of it in view."))
        if self.tilt_deg > MAX_TILT_DEG:
            out.append(Msg("The card is seen at a slant: take the photo from straight above."))
        if self.px_per_mm < MIN_PX_PER_MM:
            out.append(Msg("The card is far away or small in the photo: move the camera closer."))
        if self.blur_mm > MAX_BLUR_MM:
            out.append(Msg("The photo is blurred: hold still and let the camera focus."))
        return out

    def confidence(self) -> float:
        """0 to 1: how far the card's view can be trusted for a measurement."""
        score = len(self.markers) / 4
        score *= 1 / (1 + max(0.0, self.reprojection_px - 1.0))
        return score * 0.7 ** len(self.warnings())


def find_card(image: Array) -> CardView | None:
    """The card in a BGR photo, or None when fewer than two of its markers are seen."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    found = _detect(gray)
    if len(found) < 2:
        return None
    found = {i: _refine(gray, c) for i, c in found.items()}
    return _view(gray, found)


def _detect(gray: Gray) -> dict[int, Array]:
    scale = min(1.0, DETECT_SIDE / max(gray.shape))
    small = (
        gray
        if scale == 1.0
        else cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    )
    found = _markers(small, scale)
    if len(found) < 2 and scale < 1.0:
        found = _markers(gray, 1.0)
    return found


def _markers(gray: Gray, scale: float) -> dict[int, Array]:
    detector = cv2.aruco.ArucoDetector(card.aruco_dictionary(), cv2.aruco.DetectorParameters())
    corners, ids, _ = detector.detectMarkers(gray)
    if ids is None:
        return {}
    found: dict[int, Array] = {}
    for c, i in zip(corners, ids.ravel(), strict=True):
        if int(i) in card.MARKER_IDS and int(i) not in found:
            # corner coordinates of a pixel-centred image scale about the half-pixel point
            found[int(i)] = (c.reshape(4, 2).astype(np.float64) + 0.5) / scale - 0.5
    return found


def _refine(gray: Gray, corners: Array) -> Array:
    side = float(np.mean(np.linalg.norm(corners - np.roll(corners, 1, axis=0), axis=1)))
    win = int(np.clip(side / 12, 2, 12))
    pts = corners.astype(np.float32).reshape(-1, 1, 2)
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 40, 0.01)
    refined = cv2.cornerSubPix(gray, pts, (win, win), (-1, -1), criteria).reshape(4, 2)
    moved = np.linalg.norm(refined - corners, axis=1)
    # a corner that wanders further than a quarter of a cell found another edge: keep the first
    keep = moved < side / 24
    return np.where(keep[:, None], refined, corners)


def _view(gray: Gray, found: dict[int, Array]) -> CardView:
    mm = np.concatenate([card.marker_corners_mm(i) for i in found]).astype(np.float64)
    px = np.concatenate(list(found.values()))
    to_mm, _ = cv2.findHomography(px, mm, 0)
    to_px = np.linalg.inv(to_mm)
    back = apply(to_px, mm)
    reprojection = float(np.sqrt(np.mean(np.sum((back - px) ** 2, axis=1))))
    tilt, px_per_mm = _tilt_and_scale(to_px, gray.shape)
    return CardView(
        to_mm=to_mm,
        markers=found,
        px_per_mm=px_per_mm,
        tilt_deg=tilt,
        blur_mm=_blur_px(gray, found) / px_per_mm,
        cut_off=len(found) < 4 or not _inside(gray.shape, apply(to_px, _outline_mm())),
        reprojection_px=reprojection,
    )


def apply(h: Array, points: Array) -> Array:
    """Map (n, 2) points through a homography."""
    p = np.asarray(points, dtype=np.float64)
    q = np.c_[p, np.ones(len(p))] @ h.T
    return q[:, :2] / q[:, 2:3]


def _outline_mm() -> Array:
    w, h = card.WIDTH_MM, card.HEIGHT_MM
    return np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float64)


def _inside(shape: tuple[int, ...], pts: Array) -> bool:
    h, w = shape[:2]
    return bool(
        np.all((pts[:, 0] >= 0) & (pts[:, 0] <= w - 1) & (pts[:, 1] >= 0) & (pts[:, 1] <= h - 1))
    )


def _tilt_and_scale(to_px: Array, shape: tuple[int, ...]) -> tuple[float, float]:
    """The camera's slant from straight above (assuming a phone's usual focal length, 0.8 of
    the photo's width) and the pixels per mm at the card's centre."""
    h, w = shape[:2]
    k = np.array([[0.8 * max(h, w), 0, w / 2], [0, 0.8 * max(h, w), h / 2], [0, 0, 1]])
    m = np.linalg.inv(k) @ to_px
    r1, r2 = m[:, 0] / np.linalg.norm(m[:, 0]), m[:, 1] / np.linalg.norm(m[:, 1])
    normal = np.cross(r1, r2)
    tilt = math.degrees(math.acos(min(1.0, abs(float(normal[2])) / float(np.linalg.norm(normal)))))
    c = np.array([[card.WIDTH_MM / 2, card.HEIGHT_MM / 2]])
    base = apply(to_px, c)[0]
    jac = np.stack(
        [apply(to_px, c + [[1.0, 0]])[0] - base, apply(to_px, c + [[0, 1.0]])[0] - base], axis=1
    )
    return tilt, float(math.sqrt(abs(np.linalg.det(jac))))


def _blur_px(gray: Gray, found: dict[int, Array]) -> float:
    """The blur's Gaussian sigma in pixels, from the 10-90% rise across the markers' outer
    edges (white quiet zone to black border)."""
    sigmas = []
    for corners in found.values():
        centre = corners.mean(axis=0)
        for k in range(4):
            a, b = corners[k], corners[(k + 1) % 4]
            sigma = _edge_sigma(gray, (a + b) / 2, centre, float(np.linalg.norm(b - a)))
            if sigma is not None:
                sigmas.append(sigma)
    return float(np.median(sigmas)) if sigmas else 0.0


def _edge_sigma(gray: Gray, mid: Array, centre: Array, side: float) -> float | None:
    normal = (mid - centre) / max(float(np.linalg.norm(mid - centre)), 1e-9)
    reach = side / 6 * 0.6  # within the black border and the white space around the marker
    steps = np.linspace(-reach, reach, 61)
    along = np.array([normal[1], -normal[0]])
    offsets = np.linspace(-side / 6, side / 6, 7)
    xs = mid[0] + steps[None, :] * normal[0] + offsets[:, None] * along[0]
    ys = mid[1] + steps[None, :] * normal[1] + offsets[:, None] * along[1]
    prof = (
        cv2.remap(
            gray,
            xs.astype(np.float32),
            ys.astype(np.float32),
            cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_REPLICATE,
        )
        .astype(np.float64)
        .mean(axis=0)
    )
    lo, hi = float(prof[:6].mean()), float(prof[-6:].mean())
    if hi - lo < 20:
        return None
    norm = np.maximum.accumulate(np.clip((prof - lo) / (hi - lo), 0.0, 1.0))
    t10, t90 = np.interp([0.1, 0.9], norm, steps)
    return float(t90 - t10) / 2.563
