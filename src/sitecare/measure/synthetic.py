"""Synthetic photos of a mark beside the card, with the exact truth (for tests and benchmarks).

A scene is a flat patch of skin in millimetres with the card on it and one mark of known shape
beside it; a pinhole camera looks at it from a slant, under uneven, tinted light, then the
photo is blurred, gets sensor noise and is saved as a JPEG. The mark's edge is soft (a smooth
step whose half-way line is the true outline), so the true area is known exactly.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np

from sitecare.measure import card
from sitecare.measure._types import Array
from sitecare.measure.detect import apply
from sitecare.measure.render import card_image

F32 = Array

#: sRGB skin tones from light to deep
SKIN_TONES: dict[str, tuple[int, int, int]] = {
    "light": (240, 205, 185),
    "medium": (198, 146, 108),
    "dark": (120, 80, 58),
    "deep": (74, 48, 36),
}
#: how each kind of mark changes the skin under it (linear RGB factors)
MARK_TINTS: dict[str, tuple[float, float, float]] = {
    "redness": (0.97, 0.70, 0.74),
    "bruise": (0.60, 0.52, 0.68),
}
WOUND_BED = (0.30, 0.05, 0.05)
CARD_PX_PER_MM = 24.0


@dataclass(frozen=True)
class Scene:
    width: int = 4000
    height: int = 3000
    tone: str = "medium"
    kind: str = "redness"
    shape: str = "ellipse"
    size_mm: float = 15.0
    tilt_deg: float = 0.0
    spin_deg: float = 0.0
    span_mm: float = 150.0
    edge_mm: float = 0.6
    light: float = 0.2
    blur_px: float = 1.0
    noise: float = 2.0
    jpeg: int = 90
    shadow: bool = False
    with_card: bool = True
    with_mark: bool = True
    seed: int = 0
    #: the card's words (the layout is the same in every language)
    card_language: str = "en"


@dataclass(frozen=True)
class Photo:
    image: Array
    jpeg: bytes
    area_mm2: float
    outline_px: Array
    centre_px: tuple[float, float]
    plane_to_px: Array


def make_photo(scene: Scene) -> Photo:
    """Render ``scene`` (deterministic for a given seed)."""
    rng = np.random.default_rng(scene.seed)
    radius = _radius_fn(scene, rng)
    centre_mm = np.array(
        [card.WIDTH_MM / 2 + rng.uniform(-15, 15), card.HEIGHT_MM + 8 + scene.size_mm / 2]
    )
    h = _camera(scene, rng, (np.array([card.WIDTH_MM, card.HEIGHT_MM]) / 2 + centre_mm) / 2)
    img = _skin(scene, rng)
    if scene.with_mark:
        _draw_mark(img, scene, rng, h, centre_mm, radius)
    if scene.with_card:
        _draw_card(img, h, scene.card_language)
    img = _light(img, scene, rng, h)
    jpeg, image = _camera_out(img, scene, rng)
    phi = np.linspace(0, 2 * math.pi, 720, endpoint=False)
    r = radius(phi)
    outline_mm = centre_mm + np.c_[r * np.cos(phi), r * np.sin(phi)]
    fine = np.linspace(0, 2 * math.pi, 8192, endpoint=False)
    area = float(np.mean(radius(fine) ** 2) * math.pi)
    centre_px = apply(h, centre_mm[None])[0]
    return Photo(
        image, jpeg, area, apply(h, outline_mm), (float(centre_px[0]), float(centre_px[1])), h
    )


Radius = Callable[[Array], Array]


def _radius_fn(scene: Scene, rng: np.random.Generator) -> Radius:
    """The mark's outline as its radius (mm) at each angle round its centre."""
    turn = rng.uniform(0, math.pi)
    if scene.shape == "ellipse":
        a = scene.size_mm / 2
        b = a * rng.uniform(0.55, 0.9)
        return lambda p: a * b / np.sqrt((b * np.cos(p - turn)) ** 2 + (a * np.sin(p - turn)) ** 2)
    amps = rng.uniform(0.03, 0.14, 4) / np.arange(1, 5) ** 0.5
    phases = rng.uniform(0, 2 * math.pi, 4)
    r0 = scene.size_mm / 2 / (1 + amps.sum())
    return lambda p: (
        r0
        * (
            1
            + sum(
                a * np.cos((k + 2) * p + ph)
                for k, (a, ph) in enumerate(zip(amps, phases, strict=True))
            )
        )
    )


def _camera(scene: Scene, rng: np.random.Generator, centre: Array) -> Array:
    """Plane mm -> photo px for a pinhole camera tilted by ``tilt_deg`` about a random axis."""
    f = 0.8 * scene.width
    dist = f * scene.span_mm / scene.width
    axis = rng.uniform(0, 2 * math.pi)
    tilt = _rotation(np.array([math.cos(axis), math.sin(axis), 0.0]), math.radians(scene.tilt_deg))
    spin = _rotation(np.array([0.0, 0.0, 1.0]), math.radians(scene.spin_deg))
    rot = tilt @ spin
    t = -rot @ np.array([centre[0], centre[1], 0.0]) + np.array([0.0, 0.0, dist])
    k = np.array([[f, 0, scene.width / 2], [0, f, scene.height / 2], [0, 0, 1]])
    h = k @ np.c_[rot[:, 0], rot[:, 1], t]
    return np.asarray(h / h[2, 2], dtype=np.float64)


def _rotation(axis: Array, angle: float) -> Array:
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    return np.asarray(np.eye(3) + math.sin(angle) * k + (1 - math.cos(angle)) * k @ k)


def _linear(srgb: Array | F32) -> F32:
    s = np.asarray(srgb, dtype=np.float32) / 255.0
    return np.where(s <= 0.04045, s / 12.92, ((s + 0.055) / 1.055) ** 2.4).astype(np.float32)


def _noise_field(rng: np.random.Generator, shape: tuple[int, int], cells: int) -> F32:
    small = rng.standard_normal((max(2, shape[0] // cells), max(2, shape[1] // cells)))
    return cv2.resize(small.astype(np.float32), (shape[1], shape[0]), interpolation=cv2.INTER_CUBIC)


def _skin(scene: Scene, rng: np.random.Generator) -> F32:
    shape = (scene.height, scene.width)
    bgr = _linear(np.array(SKIN_TONES[scene.tone][::-1]))
    texture = 1 + 0.04 * _noise_field(rng, shape, 200) + 0.02 * _noise_field(rng, shape, 12)
    return texture[:, :, None] * bgr[None, None, :]


def _draw_mark(
    img: F32, scene: Scene, rng: np.random.Generator, h: Array, centre: Array, radius: Radius
) -> None:
    reach = scene.size_mm / 2 + 3 * scene.edge_mm + 1
    box_mm = centre + np.array([[-reach, -reach], [reach, -reach], [reach, reach], [-reach, reach]])
    box = apply(h, box_mm)
    x0, y0 = np.maximum(np.floor(box.min(axis=0)).astype(int), 0)
    x1, y1 = np.ceil(box.max(axis=0)).astype(int) + 1
    x1, y1 = min(x1, scene.width), min(y1, scene.height)
    ys, xs = np.mgrid[y0:y1, x0:x1]
    mm = apply(np.linalg.inv(h), np.c_[xs.ravel(), ys.ravel()]) - centre
    rho = np.hypot(mm[:, 0], mm[:, 1])
    phi = np.arctan2(mm[:, 1], mm[:, 0])
    z = (radius(phi) - rho) / (scene.edge_mm / 4.4)
    alpha = (1 / (1 + np.exp(-np.clip(z, -30, 30)))).reshape(xs.shape).astype(np.float32)
    skin = img[y0:y1, x0:x1]
    texture = 1 + 0.06 * _noise_field(rng, xs.shape, 20)[:, :, None]
    if scene.kind == "wound":
        mark = 0.8 * _linear(np.array(WOUND_BED[::-1]) * 255) + 0.2 * skin
    else:
        mark = skin * np.array(MARK_TINTS[scene.kind][::-1], dtype=np.float32)
    img[y0:y1, x0:x1] = skin * (1 - alpha[:, :, None]) + mark * texture * alpha[:, :, None]


@cache
def _card_linear(language: str = "en") -> F32:
    image = card_image(CARD_PX_PER_MM, supersample=1, language=language)
    return _linear(image) * np.float32(0.9)


def _draw_card(img: F32, h: Array, language: str = "en") -> None:
    s = 1 / CARD_PX_PER_MM
    corners = apply(
        h,
        np.array(
            [[0, 0], [card.WIDTH_MM, 0], [card.WIDTH_MM, card.HEIGHT_MM], [0, card.HEIGHT_MM]]
        ),
    )
    x0, y0 = np.maximum(np.floor(corners.min(axis=0)).astype(int) - 2, 0)
    x1 = min(int(np.ceil(corners[:, 0].max())) + 2, img.shape[1])
    y1 = min(int(np.ceil(corners[:, 1].max())) + 2, img.shape[0])
    if x1 <= x0 or y1 <= y0:
        return
    shift = np.array([[1, 0, -x0], [0, 1, -y0], [0, 0, 1]], dtype=np.float64)
    m = shift @ h @ np.array([[s, 0, 0.5 * s], [0, s, 0.5 * s], [0, 0, 1]])
    tex = _card_linear(language)
    size = (int(x1 - x0), int(y1 - y0))
    warped = cv2.warpPerspective(tex, m, size, flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.ones(tex.shape[:2], np.float32), m, size, flags=cv2.INTER_LINEAR)
    region = img[y0:y1, x0:x1]
    region *= 1 - mask[:, :, None]
    region += warped * mask[:, :, None]


def _shadow(xs: F32, ys: F32, h: Array, rng: np.random.Generator) -> F32:
    """A soft shadow (a hand or a phone) over the card's half away from the mark: its edge
    crosses the card at up to 25 degrees to the card's long side."""
    plane = apply(np.linalg.inv(h), np.c_[xs.ravel(), ys.ravel()])
    a = math.radians(rng.uniform(-25, 25))
    centre = np.array([card.WIDTH_MM / 2, card.HEIGHT_MM * rng.uniform(0.3, 0.6)])
    towards_mark = (plane - centre) @ np.array([-math.sin(a), math.cos(a)])
    dark = 0.55 / (1 + np.exp(np.clip(towards_mark / 1.5, -30, 30)))
    return (1 - dark).reshape(xs.shape).astype(np.float32)


def _light(img: F32, scene: Scene, rng: np.random.Generator, h: Array) -> F32:
    hh, ww = img.shape[:2]
    ys, xs = np.mgrid[0:hh:8, 0:ww:8].astype(np.float32)
    ang = rng.uniform(0, 2 * math.pi)
    ramp = (math.cos(ang) * (xs / ww - 0.5) + math.sin(ang) * (ys / hh - 0.5)) * 2
    vignette = ((xs / ww - 0.5) ** 2 + (ys / hh - 0.5) ** 2) * 0.6
    gain = 1 + scene.light * ramp - scene.light * vignette
    if scene.shadow:
        gain *= _shadow(xs, ys, h, rng)
    gain = cv2.resize(gain.astype(np.float32), (ww, hh), interpolation=cv2.INTER_LINEAR)
    cast = np.array([rng.uniform(0.8, 1.05), 1.0, rng.uniform(0.95, 1.2)], np.float32)
    lit = img * (gain[:, :, None] * cast[None, None, :])
    # the camera's auto exposure keeps the brightest part (the card's white) below clipping
    bright = float(np.percentile(lit[::16, ::16].max(axis=2), 99.5))
    return lit * np.float32(rng.uniform(0.75, 0.95) / max(bright, 1e-6))


_TO_SRGB = (
    np.where(
        np.linspace(0, 1, 4096) <= 0.0031308,
        np.linspace(0, 1, 4096) * 12.92,
        1.055 * np.linspace(0, 1, 4096) ** (1 / 2.4) - 0.055,
    )
    * 255
).astype(np.float32)


def _camera_out(img: F32, scene: Scene, rng: np.random.Generator) -> tuple[bytes, Array]:
    index = (np.clip(img, 0, 1) * 4095 + 0.5).astype(np.uint16)
    srgb: Array = _TO_SRGB[index]
    if scene.blur_px > 0:
        srgb = cv2.GaussianBlur(srgb, (0, 0), scene.blur_px)
    noise = np.empty_like(srgb)
    cv2.setRNGSeed(int(rng.integers(1 << 30)))
    cv2.randn(noise, np.zeros(1), np.full(1, scene.noise))
    out = cv2.convertScaleAbs(srgb + noise)
    ok, enc = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, scene.jpeg])
    assert ok
    data = enc.tobytes()
    decoded = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    assert decoded is not None
    return data, decoded
