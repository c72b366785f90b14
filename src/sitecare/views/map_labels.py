"""Where a region's words go on the zoomed map: text boxes, kept inside the panel."""

from __future__ import annotations

from collections.abc import Sequence

from sitecare.views.body_outline import WIDTH, Box
from sitecare.views.map_regions import MapRegion

#: about how wide letters are in the labels' bold face (DejaVu Sans Bold, in em): narrow ones,
#: wide ones, capitals; every other letter is about 0.68 em
_NARROW, _WIDE = set("fijlrt.,:;'!()-"), set("mwMW")


def _em(letter: str) -> float:
    if letter == " ":
        return 0.35
    if letter in _NARROW:
        return 0.42
    if letter in _WIDE:
        return 1.0
    return 0.77 if letter.isupper() else 0.68


def text_width(lines: Sequence[str], font: float) -> float:
    """About how wide the longest line is drawn (so a long word in another language is
    measured as long as it is, not by its number of letters alone)."""
    return max(sum(_em(c) for c in line) for line in lines) * font


def text_box(lines: Sequence[str], x: float, y: float, anchor: str, font: float) -> Box:
    """About where the words of a label are drawn (bold text, a few units of margin)."""
    width = text_width(lines, font) + font * 0.4
    left = {"start": x, "end": x - width, "middle": x - width / 2}[anchor]
    top = y - font * 0.95
    height = font * (1.1 * (len(lines) - 1) + 1.3)
    return (left, top, width, height)


def union(a: Box, b: Box, within: Box) -> Box:
    x0 = max(min(a[0], b[0]), within[0])
    y0 = max(min(a[1], b[1]), within[1])
    x1 = min(max(a[0] + a[2], b[0] + b[2]), within[0] + within[2])
    y1 = min(max(a[1] + a[3], b[1] + b[3]), within[1] + within[3])
    return (x0, y0, x1 - x0, y1 - y0)


def label_place(
    region: MapRegion, where: str, font: float, gap: float, lines: Sequence[str], box: Box
) -> tuple[float, float, str]:
    """Where a region's words go on a zoomed drawing; they never run off its edge."""
    # on the drawing, the middle of the body is toward x = 100 in both views
    inner_right = region.cx < WIDTH / 2
    bx, _by, bw, _bh = box
    width = text_width(lines, font)
    if where == "on" or region.cx == WIDTH / 2:
        return region.cx, region.cy + font * 0.35, "middle"
    if where in ("outer", "inner"):
        to_right = (where == "inner") == inner_right
        right_x = region.cx + region.rx + gap
        left_x = region.cx - region.rx - gap
        room_right, room_left = bx + bw - gap - right_x, left_x - (bx + gap)
        # the other side only when the words fit there and not here
        if to_right and room_left >= width > room_right:
            to_right = False
        elif not to_right and room_right >= width > room_left:
            to_right = True
        # when neither side has room (a long word in another language), the words move in
        # over the place rather than off the edge
        x = min(right_x, bx + bw - gap - width) if to_right else max(left_x, bx + gap + width)
        return x, region.cy + font * 0.35, "start" if to_right else "end"
    if where == "inner-below":
        x = region.cx + (region.rx * 0.2) * (1 if inner_right else -1)
        return x, region.cy + region.ry + gap + font * 0.8, "middle"
    if where == "above":
        return region.cx, region.cy - region.ry - gap, "middle"
    return region.cx, region.cy + region.ry + gap + font * 0.8, "middle"
