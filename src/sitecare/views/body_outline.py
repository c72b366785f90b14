"""The drawn body of the body map: the outline of each view (front and back) and its details.

Pure Python (``views.bodymap`` lays the map out over it).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

Box = tuple[float, float, float, float]  # x, y, width, height in drawing units

#: the drawing is 200 x 480 units per view (atlas.yaml); left and right mirror at x = 100
WIDTH = 200.0


# --- the drawing --------------------------------------------------------------------------------


def _smooth_closed(points: Sequence[tuple[float, float]]) -> str:
    """A closed path through ``points`` (Catmull-Rom turned into cubic Beziers)."""
    n = len(points)
    out = [f"M{points[0][0]:.1f} {points[0][1]:.1f}"]
    for i in range(n):
        p0, p1, p2, p3 = (points[(i + k) % n] for k in (-1, 0, 1, 2))
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        out.append(f"C{c1[0]:.1f} {c1[1]:.1f} {c2[0]:.1f} {c2[1]:.1f} {p2[0]:.1f} {p2[1]:.1f}")
    return " ".join(out) + " Z"


def _limb(bones: Sequence[tuple[float, float, float]]) -> str:
    """The outline of a limb along its bones: (x, y, width) from the body outward."""
    left: list[tuple[float, float]] = []
    right: list[tuple[float, float]] = []
    for i, (x, y, w) in enumerate(bones):
        ax, ay, _ = bones[max(i - 1, 0)]
        bx, by, _ = bones[min(i + 1, len(bones) - 1)]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / length, dx / length
        left.append((x + nx * w / 2, y + ny * w / 2))
        right.append((x - nx * w / 2, y - ny * w / 2))
    ex, ey, ew = bones[-1]
    px, py, _ = bones[-2]
    length = math.hypot(ex - px, ey - py) or 1.0
    tip = (ex + (ex - px) / length * ew * 0.45, ey + (ey - py) / length * ew * 0.45)
    return _smooth_closed([*left, tip, *reversed(right)])


def _mirror_points(
    points: Iterable[tuple[float, float, float]],
) -> list[tuple[float, float, float]]:
    return [(WIDTH - x, y, w) for x, y, w in points]


_RIGHT_ARM = [(72.0, 90.0, 25.0), (61.0, 134.0, 20.0), (51.0, 178.0, 17.0), (41.0, 250.0, 12.0)]
_RIGHT_LEG = [
    (84.0, 246.0, 36.0),
    (83.0, 300.0, 30.0),
    (83.0, 352.0, 20.0),
    (84.0, 386.0, 21.0),
    (86.0, 437.0, 11.0),
]
_TORSO = [
    (100.0, 80.0),
    (124.0, 82.0),
    (137.0, 92.0),
    (134.0, 140.0),
    (128.0, 192.0),
    (134.0, 234.0),
    (134.0, 256.0),
    (100.0, 268.0),
    (66.0, 256.0),
    (66.0, 234.0),
    (72.0, 192.0),
    (66.0, 140.0),
    (63.0, 92.0),
    (76.0, 82.0),
]


def _hand(cx: float) -> str:
    """A hand (palm and fingers together) hanging at x = cx."""
    s = 1 if cx < 100 else -1
    pts = [
        (cx + s * 6, 250),
        (cx + s * 9, 264),
        (cx + s * 8, 290),
        (cx + s * 3, 304),
        (cx - s * 4, 302),
        (cx - s * 9, 286),
        (cx - s * 10, 268),
        (cx - s * 6, 252),
    ]
    return _smooth_closed(pts)


def _outline() -> list[str]:
    """The body's outline (the same shape front and back): head, neck, body, arms, legs."""
    return [
        "M100 10 C112 10 120 21 120 36 C120 52 111 62 100 62 "
        "C89 62 80 52 80 36 C80 21 88 10 100 10 Z",
        "M89 54 L111 54 L112 84 L88 84 Z",
        _smooth_closed(_TORSO),
        _limb(_RIGHT_ARM),
        _limb(_mirror_points(_RIGHT_ARM)),
        _hand(37.0),
        _hand(163.0),
        _limb(_RIGHT_LEG),
        _limb(_mirror_points(_RIGHT_LEG)),
        "M76 440 C78 434 94 434 96 440 L97 462 C97 470 76 470 76 462 Z",
        "M124 440 C122 434 106 434 104 440 L103 462 C103 470 124 470 124 462 Z",
    ]


#: details drawn on top of the outline (thin lines), per view
DETAILS = {
    "front": [
        # collarbones, navel, the line of the groin
        "M80 86 Q90 90 98 88 M120 86 Q110 90 102 88",
        "M98.2 191 a1.8 1.8 0 1 0 3.6 0 a1.8 1.8 0 1 0 -3.6 0",
        "M70 246 Q86 258 99 266 M130 246 Q114 258 101 266",
        "M80 351 q4 3 8 0 M112 351 q4 3 8 0",
    ],
    "back": [
        # the spine, shoulder blades, buttocks and their folds
        "M100 86 L100 224",
        "M80 108 q6 16 14 14 M120 108 q-6 16 -14 14",
        "M100 236 L100 270",
        "M68 276 Q84 288 99 282 M132 276 Q116 288 101 282",
        "M78 352 q4 -3 8 0 M114 352 q4 -3 8 0",
    ],
}

OUTLINE = tuple(_outline())
