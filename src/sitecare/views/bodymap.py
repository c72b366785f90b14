"""The body map: a drawn body (front and back), body parts a thumb can tap, and zoomed parts.

The whole body shows the parts (arm, belly, thigh, ...) as large labelled targets; tapping one
opens the part zoomed in (its own address, so it works without JavaScript), where each region is
a labelled target of its own with its spots drawn in. Every target is at least ``HIT_PX`` CSS
pixels each way on a 390 px wide phone. Colour is never the only cue: every target says its
place and state in words (``aria-label``), and the legend names every look the map uses.

Pure Python over the atlas (no web framework), so the offline app can draw the same map. The
templates are ``templates/_bodymap.html`` and ``templates/_spots.html``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from urllib.parse import quote

from sitecare.domain.atlas import Atlas, Region
from sitecare.domain.wording import until_words

Box = tuple[float, float, float, float]  # x, y, width, height in drawing units

#: the drawing is 200 x 480 units per view (atlas.yaml); left and right mirror at x = 100
WIDTH = 200.0
#: the map's width in CSS pixels on a 390 px phone (it uses the page width, edge to edge)
MAP_PX = 380.0
#: the smallest tap target, in CSS pixels (WCAG 2.5.5 asks 44)
HIT_PX = 48.0
#: the whole-body view of each figure
OVERVIEW_BOX: Box = (14.0, 4.0, 172.0, 476.0)

#: plain words for each state; the map and the list both show them
STATE_WORDS = {
    "ready": "ready",
    "resting": "resting",
    "blocked": "blocked",
    "avoid": "avoid",
    "none": "",
}


# --- the drawing ----------------------------------------------------------------------------


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
_DETAILS = {
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


# --- body parts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Panel:
    """One drawing of a zoomed part: which view, which piece of it, and its title."""

    view: str
    box: Box
    title: str


@dataclass(frozen=True)
class Part:
    """A body part a thumb can tap on the whole body: it opens zoomed in, with its regions."""

    id: str
    label: str
    short: str
    regions: tuple[str, ...]
    hits: Mapping[str, Box]
    panels: tuple[Panel, ...]


def _mirror_box(box: Box) -> Box:
    x, y, w, h = box
    return (WIDTH - x - w, y, w, h)


_ARM_BASES = (
    "deltoid",
    "upper_arm_inner",
    "antecubital_fossa",
    "forearm",
    "wrist",
    "fingers",
    "upper_arm_back",
    "hand_dorsum",
)


def _parts() -> tuple[Part, ...]:
    def both(*bases: str) -> tuple[str, ...]:
        return tuple(f"{b}_{side}" for b in bases for side in ("right", "left"))

    arm_front: Box = (12.0, 84.0, 52.0, 246.0)
    arm_panel_front: Box = (8.0, 82.0, 76.0, 228.0)
    parts = [
        Part(
            "head",
            "Head and neck",
            "head",
            ("face", "neck_right", "neck_left"),
            {"front": (70.0, 4.0, 60.0, 80.0)},
            (Panel("front", (52.0, 4.0, 96.0, 86.0), "Front"),),
        ),
    ]
    for side, word in (("right", "Right"), ("left", "Left")):
        front = arm_front if side == "right" else _mirror_box(arm_front)
        panel = arm_panel_front if side == "right" else _mirror_box(arm_panel_front)
        parts.append(
            Part(
                f"arm_{side}",
                f"{word} arm",
                "arm",
                tuple(f"{b}_{side}" for b in _ARM_BASES),
                # facing away, the person's right arm is on the right of the drawing
                {"front": front, "back": _mirror_box(front)},
                (
                    Panel("front", panel, "Front (palm side)"),
                    Panel("back", _mirror_box(panel), "Back"),
                ),
            )
        )
    parts += [
        Part(
            "belly",
            "Belly",
            "belly",
            (
                "abdomen_upper_right",
                "abdomen_upper_left",
                "abdomen_lower_right",
                "abdomen_lower_left",
            ),
            {"front": (64.0, 84.0, 72.0, 140.0)},
            (Panel("front", (52.0, 148.0, 96.0, 74.0), "Front"),),
        ),
        Part(
            "hips",
            "Hips and groin",
            "hips",
            both("ventrogluteal", "groin"),
            {"front": (64.0, 224.0, 72.0, 46.0)},
            (Panel("front", (52.0, 216.0, 96.0, 58.0), "Front"),),
        ),
        Part(
            "buttocks",
            "Buttocks",
            "buttocks",
            both("buttock_upper_outer"),
            {"back": (64.0, 224.0, 72.0, 72.0)},
            (Panel("back", (52.0, 222.0, 96.0, 70.0), "Back"),),
        ),
        Part(
            "thighs",
            "Thighs",
            "thighs",
            both("thigh_front", "thigh_outer"),
            {"front": (64.0, 270.0, 72.0, 88.0)},
            (Panel("front", (52.0, 262.0, 96.0, 100.0), "Front"),),
        ),
        Part(
            "legs",
            "Lower legs",
            "legs",
            both("lower_leg"),
            {"front": (64.0, 358.0, 72.0, 76.0)},
            (Panel("front", (52.0, 354.0, 96.0, 82.0), "Front"),),
        ),
        Part(
            "feet",
            "Feet",
            "feet",
            both("foot_dorsum", "toes"),
            {"front": (64.0, 434.0, 72.0, 46.0)},
            (Panel("front", (52.0, 428.0, 96.0, 50.0), "Front"),),
        ),
    ]
    return tuple(parts)


PARTS = _parts()
PART_INDEX = {p.id: p for p in PARTS}
#: region id -> the part it is in
PART_OF = {rid: p.id for p in PARTS for rid in p.regions}

#: the words on the zoomed map for each region (short: the target says the full name), and
#: where the words go: beside it away from the middle of the body ("outer"), toward it
#: ("inner"), above, below or on it ("on")
ZOOM_LABELS: Mapping[str, tuple[str, str]] = {
    "face": ("face", "on"),
    "neck": ("neck", "outer"),
    "deltoid": ("shoulder", "outer"),
    "upper_arm_inner": ("inside of|upper arm", "outer"),
    "antecubital_fossa": ("inside of|elbow", "outer"),
    "forearm": ("forearm", "outer"),
    "wrist": ("wrist", "outer"),
    "fingers": ("fingers", "outer"),
    "upper_arm_back": ("back of|upper arm", "outer"),
    "hand_dorsum": ("back of|hand", "outer"),
    "abdomen_upper_right": ("upper|right", "outer"),
    "abdomen_upper_left": ("upper|left", "outer"),
    "abdomen_lower_right": ("lower|right", "outer"),
    "abdomen_lower_left": ("lower|left", "outer"),
    "ventrogluteal": ("side of|hip", "outer"),
    "groin": ("groin", "inner-below"),
    "buttock_upper_outer": ("upper outer|buttock", "below"),
    "thigh_front": ("front of|thigh", "above"),
    "thigh_outer": ("outer", "outer"),
    "lower_leg": ("lower leg", "outer"),
    "foot_dorsum": ("top of foot", "outer"),
    "toes": ("toes", "outer"),
}


# --- what each region shows ---------------------------------------------------------------


@dataclass(frozen=True)
class MapRegion:
    id: str
    label: str
    view: str
    cx: float
    cy: float
    rx: float
    ry: float
    state: str
    href: str
    aria: str
    heat: int
    count: int
    suggested: bool
    spots: tuple[tuple[str, float, float], ...]
    #: the region's tier for the route in view ("" when no route is known)
    tier: str = ""
    base: str = ""
    #: every spot with its state: (id, x, y, state, suggested)
    all_spots: tuple[tuple[str, float, float, str, bool], ...] = ()
    part: str = ""

    @property
    def look(self) -> str:
        """The CSS classes that draw it: state, tier, heat, suggested."""
        words = ["region", f"s-{self.state}"]
        if self.tier == "caution" and self.state not in ("avoid", "blocked"):
            words.append("t-caution")
        if self.heat:
            words.append(f"heat-{self.heat}")
        if self.suggested:
            words.append("suggested")
        return " ".join(words)


def map_regions(
    atlas: Atlas,
    *,
    href: str = "/log?region={id}",
    states: Mapping[str, str] | None = None,
    details: Mapping[str, str] | None = None,
    counts: Mapping[str, int] | None = None,
    suggested: str | None = None,
    suggested_spot: str | None = None,
    route: str | None = None,
    spot_states: Mapping[str, Mapping[str, str]] | None = None,
) -> list[MapRegion]:
    """Regions with everything the map needs, biggest first (so small ones draw on top)."""
    states = states or {}
    details = details or {}
    counts = counts or {}
    spot_states = spot_states or {}
    peak = max(counts.values(), default=0)
    items: list[MapRegion] = []
    for region in sorted(atlas.regions, key=lambda r: -(r.shape.rx * r.shape.ry)):
        state = states.get(region.id, "none")
        tier = region.tier(route) if route else None
        if state in ("none", "ready") and all(rt.tier == "avoid" for rt in region.routes.values()):
            state = "avoid"  # never a place to inject (the face): never shown as "ready"
        elif route and tier is None:
            state = "none"  # not a place for this route: drawn plain, still a link
        elif route and tier == "avoid" and state != "blocked":
            state = "avoid"
        count = counts.get(region.id, 0)
        heat = 0 if not peak or not count else 1 + round(4 * count / peak)
        words = [region.label]
        if state != "none":
            words.append(STATE_WORDS[state])
        if tier == "caution" and state not in ("avoid", "blocked"):
            words.append(f"riskier for {route.replace('_', ' ') if route else 'this route'}")
        if route and tier is None:
            words.append(f"not used for {route.replace('_', ' ')}")
        if region.id in details:
            words.append(details[region.id])
        if counts:
            words.append(f"{count} injection{'s' if count != 1 else ''}")
        if region.id == suggested:
            words.insert(
                1, f"suggested next, spot {suggested_spot}" if suggested_spot else "suggested next"
            )
        own = spot_states.get(region.id, {})
        is_suggested = region.id == suggested
        items.append(
            MapRegion(
                id=region.id,
                label=region.label,
                view=region.shape.view,
                cx=region.shape.cx,
                cy=region.shape.cy,
                rx=region.shape.rx,
                ry=region.shape.ry,
                state=state,
                href=href.format(id=region.id),
                aria=": ".join([words[0], ", ".join(words[1:])]) if len(words) > 1 else words[0],
                heat=min(heat, 5),
                count=count,
                suggested=is_suggested,
                spots=_spots(region, suggested_spot if is_suggested else None),
                tier=tier or "",
                base=region.base,
                all_spots=tuple(
                    (
                        s.id,
                        s.x,
                        s.y,
                        state
                        if state in ("blocked", "avoid")
                        else own.get(s.id) or ("ready" if state == "ready" else state),
                        is_suggested and s.id == suggested_spot,
                    )
                    for s in region.spots
                ),
                part=PART_OF.get(region.id, ""),
            )
        )
    return items


def _spots(region: Region, highlight: str | None) -> tuple[tuple[str, float, float], ...]:
    if highlight is None:
        return ()
    return tuple((s.id, s.x, s.y) for s in region.spots if s.id == highlight)


# --- laying out the map ---------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """One tappable place on a drawing: a body part (whole body) or a region (zoomed)."""

    href: str
    aria: str
    hit: Box
    lines: tuple[str, ...]
    text_x: float
    text_y: float
    anchor: str
    font: float
    region: MapRegion | None = None
    suggested: bool = False
    #: part targets: how the places inside look, for the eye (states in words are in ``aria``)
    marks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Figure:
    """One drawing: a view of the body, whole or a piece of it, with its targets."""

    view: str
    title: str
    box: Box
    scale: float
    outline: tuple[str, ...]
    details: tuple[str, ...]
    regions: tuple[MapRegion, ...]
    targets: tuple[Target, ...]
    #: spot dots: (x, y, state, suggested)
    dots: tuple[tuple[float, float, str, bool], ...] = ()
    navel: bool = False

    @property
    def viewbox(self) -> str:
        return " ".join(f"{v:g}" for v in self.box)

    @property
    def px(self) -> float:
        """One CSS pixel in drawing units (on a 390 px phone)."""
        return 1 / self.scale

    def pattern(self, size_px: float) -> float:
        return round(size_px / self.scale, 3)

    @property
    def aspect(self) -> str:
        return f"{self.box[2]:g} / {self.box[3]:g}"


@dataclass(frozen=True)
class LegendItem:
    look: str
    words: str
    kind: str = "region"


@dataclass(frozen=True)
class BodyMap:
    """What the body map template draws: the whole body, or one part zoomed in."""

    figures: tuple[Figure, ...]
    legend: tuple[LegendItem, ...]
    regions: tuple[MapRegion, ...]
    part: Part | None = None
    back_href: str | None = None
    parts: tuple[tuple[Part, str], ...] = field(default_factory=tuple)

    @property
    def zoomed(self) -> bool:
        return self.part is not None


def _part_aria(part: Part, inside: Sequence[MapRegion]) -> str:
    words = [part.label]
    suggested = next((r for r in inside if r.suggested), None)
    if suggested is not None:
        spot = next((s[0] for s in suggested.all_spots if s[4]), None)
        words.append(f"suggested next: {suggested.label}" + (f", spot {spot}" if spot else ""))
    for state in ("blocked", "resting"):
        n = sum(1 for r in inside if r.state == state)
        if n:
            words.append(f"{n} {state}")
    used = sum(r.count for r in inside)
    if any(r.count for r in inside) or any(r.heat for r in inside):
        words.append(f"{used} injection{'s' if used != 1 else ''}")
    words.append("open to choose a place")
    return words[0] + ": " + ", ".join(words[1:])


def _overview(
    regions: Sequence[MapRegion], part_href: str
) -> tuple[tuple[Figure, ...], tuple[tuple[Part, str], ...]]:
    x0, y0, w, _h = OVERVIEW_BOX
    scale = MAP_PX / 2 / w
    figures = []
    links: list[tuple[Part, str]] = []
    for view, title in (("front", "Front (facing you)"), ("back", "Back")):
        targets = []
        for part in PARTS:
            hit = part.hits.get(view)
            if hit is None:
                continue
            inside = [r for r in regions if r.id in part.regions]
            href = part_href.format(part=part.id)
            if view == "front" or part.id not in {p.id for p, _ in links}:
                links.append((part, href))
            hx, hy, hw, hh = hit
            side = part.id.rpartition("_")[2] if part.id.startswith("arm_") else ""
            lines = (side, part.short) if side else (part.short,)
            # arms: the words go under the hand, where they cover nothing
            ty = hy + hh - 16 if side else hy + hh / 2 - (len(lines) - 1) * 5.5 + 3.5
            targets.append(
                Target(
                    href=href,
                    aria=_part_aria(part, inside),
                    hit=hit,
                    lines=lines,
                    text_x=hx + hw / 2,
                    text_y=ty,
                    anchor="middle",
                    font=11.0,
                    suggested=any(r.suggested for r in inside),
                )
            )
        drawn = tuple(r for r in regions if r.view == view)
        figures.append(
            Figure(
                view=view,
                title=title,
                box=OVERVIEW_BOX,
                scale=scale,
                outline=OUTLINE,
                details=tuple(_DETAILS[view]),
                regions=drawn,
                targets=tuple(targets),
                dots=tuple(
                    (x, y, "suggested", True)
                    for r in drawn
                    for (_, x, y, _state, sug) in r.all_spots
                    if sug
                ),
            )
        )
    return tuple(figures), tuple(links)


def _text_width(lines: Sequence[str], font: float) -> float:
    return max(len(line) for line in lines) * font * 0.6


def _text_box(lines: Sequence[str], x: float, y: float, anchor: str, font: float) -> Box:
    """About where the words of a label are drawn (bold text, a few units of margin)."""
    width = _text_width(lines, font) + font * 0.4
    left = {"start": x, "end": x - width, "middle": x - width / 2}[anchor]
    top = y - font * 0.95
    height = font * (1.1 * (len(lines) - 1) + 1.3)
    return (left, top, width, height)


def _union(a: Box, b: Box, within: Box) -> Box:
    x0 = max(min(a[0], b[0]), within[0])
    y0 = max(min(a[1], b[1]), within[1])
    x1 = min(max(a[0] + a[2], b[0] + b[2]), within[0] + within[2])
    y1 = min(max(a[1] + a[3], b[1] + b[3]), within[1] + within[3])
    return (x0, y0, x1 - x0, y1 - y0)


def _label_place(
    region: MapRegion, where: str, font: float, gap: float, lines: Sequence[str], box: Box
) -> tuple[float, float, str]:
    """Where a region's words go on a zoomed drawing; they never run off its edge."""
    # on the drawing, the middle of the body is toward x = 100 in both views
    inner_right = region.cx < WIDTH / 2
    bx, _by, bw, _bh = box
    width = _text_width(lines, font)
    if where == "on" or region.cx == WIDTH / 2:
        return region.cx, region.cy + font * 0.35, "middle"
    if where in ("outer", "inner"):
        to_right = (where == "inner") == inner_right
        right_x = region.cx + region.rx + gap
        left_x = region.cx - region.rx - gap
        if to_right and right_x + width > bx + bw - gap:
            to_right = False
        elif not to_right and left_x - width < bx + gap:
            to_right = True
        x = right_x if to_right else left_x
        return x, region.cy + font * 0.35, "start" if to_right else "end"
    if where == "inner-below":
        x = region.cx + (region.rx * 0.2) * (1 if inner_right else -1)
        return x, region.cy + region.ry + gap + font * 0.8, "middle"
    if where == "above":
        return region.cx, region.cy - region.ry - gap, "middle"
    return region.cx, region.cy + region.ry + gap + font * 0.8, "middle"


def _zoom(part: Part, regions: Sequence[MapRegion]) -> tuple[Figure, ...]:
    figures = []
    width_px = MAP_PX / len(part.panels)
    for panel in part.panels:
        scale = width_px / panel.box[2]
        min_units = HIT_PX / scale
        font = 14 / scale
        targets = []
        inside = [r for r in regions if r.id in part.regions and r.view == panel.view]
        for r in inside:
            w = max(2 * r.rx + 2 / scale, min_units)
            h = max(2 * r.ry + 2 / scale, min_units)
            text, where = ZOOM_LABELS.get(r.id, ZOOM_LABELS.get(r.base, (r.label, "on")))
            lines = tuple(text.split("|"))
            tx, ty, anchor = _label_place(r, where, font, 4 / scale, lines, panel.box)
            if len(lines) > 1 and where in ("outer", "inner", "on"):
                ty -= font * 0.55 * (len(lines) - 1)
            targets.append(
                Target(
                    href=r.href,
                    aria=r.aria,
                    # the place and its words are one target: a thumb may tap either
                    hit=_union(
                        (r.cx - w / 2, r.cy - h / 2, w, h),
                        _text_box(lines, tx, ty, anchor, font),
                        panel.box,
                    ),
                    lines=lines,
                    text_x=tx,
                    text_y=ty,
                    anchor=anchor,
                    font=font,
                    region=r,
                    suggested=r.suggested,
                )
            )
        targets = _apart(targets, panel.box)
        figures.append(
            Figure(
                view=panel.view,
                title=panel.title,
                box=panel.box,
                scale=scale,
                outline=OUTLINE,
                details=tuple(_DETAILS[panel.view]),
                regions=tuple(inside),
                targets=tuple(targets),
                dots=tuple((x, y, st, sug) for r in inside for (_, x, y, st, sug) in r.all_spots),
            )
        )
    return tuple(figures)


def _apart(targets: list[Target], within: Box) -> list[Target]:
    """Targets that grew to a thumb's size must not overlap: move each pair apart, keeping
    their size, so they meet halfway between their places; and keep them on the drawing."""
    hits = [list(t.hit) for t in targets]
    for _ in range(4):
        _push_apart(hits)
    bx, by, bw, bh = within
    for h in hits:
        h[0] = min(max(h[0], bx), bx + bw - h[2])
        h[1] = min(max(h[1], by), by + bh - h[3])
    out = []
    for t, h in zip(targets, hits, strict=True):
        x, y, w, hh = h
        out.append(replace(t, hit=(x, y, w, hh)))
    return out


def _push_apart(hits: list[list[float]]) -> None:
    for i in range(len(hits)):
        for j in range(i + 1, len(hits)):
            a, b = hits[i], hits[j]
            if not (a[0] < b[0] + b[2] and b[0] < a[0] + a[2]):
                continue
            if not (a[1] < b[1] + b[3] and b[1] < a[1] + a[3]):
                continue
            acx, acy = a[0] + a[2] / 2, a[1] + a[3] / 2
            bcx, bcy = b[0] + b[2] / 2, b[1] + b[3] / 2
            if abs(acx - bcx) >= abs(acy - bcy):
                mid = (acx + bcx) / 2
                first, second = (a, b) if acx < bcx else (b, a)
                first[0] = min(first[0], mid - first[2])
                second[0] = max(second[0], mid)
            else:
                mid = (acy + bcy) / 2
                first, second = (a, b) if acy < bcy else (b, a)
                first[1] = min(first[1], mid - first[3])
                second[1] = max(second[1], mid)


def _legend(
    regions: Sequence[MapRegion], *, zoomed: bool, heat: bool = False
) -> tuple[LegendItem, ...]:
    states = {r.state for r in regions}
    items = []
    if heat:
        items.append(LegendItem("region s-none heat-2", "lighter: fewer injections", "heat"))
        items.append(LegendItem("region s-none heat-5", "darker: more injections", "heat"))
        items.append(LegendItem("region s-none", "plain: none in this time", "heat"))
    if "ready" in states:
        items.append(LegendItem("region s-ready", "ready: rested, fine to use"))
    if "resting" in states:
        items.append(LegendItem("region s-resting", "resting: still healing"))
    if "blocked" in states:
        items.append(LegendItem("region s-blocked", "blocked: not until it is checked again"))
    if any(r.tier == "caution" and r.state not in ("avoid", "blocked") for r in regions):
        items.append(
            LegendItem("region s-ready t-caution", "thick dashed edge: riskier for this route")
        )
    if "avoid" in states:
        items.append(LegendItem("region s-avoid", "grey stripes: a place to avoid"))
    if "none" in states and not heat:
        items.append(LegendItem("region s-none", "plain: not used for this way of injecting"))
    if any(r.suggested for r in regions):
        items.append(LegendItem("spot-mark", "the suggested spot", "mark"))
    dots = {st for r in regions if len(r.all_spots) > 1 for (_, _, _, st, _) in r.all_spots}
    if zoomed and "ready" in dots:
        items.append(LegendItem("dot ready", "a spot, rested", "dot"))
    if zoomed and "resting" in dots:
        items.append(LegendItem("dot resting", "a spot, still resting (hollow)", "dot"))
    if zoomed and dots & {"none", "avoid"}:
        items.append(LegendItem("dot none", "a spot", "dot"))
    return tuple(items)


def body_map(
    regions: Sequence[MapRegion],
    *,
    part: str | None = None,
    part_href: str = "?part={part}",
    back_href: str = "?",
    heat: bool = False,
) -> BodyMap:
    """The whole body (``part`` None) or one part zoomed in. Unknown parts show the body.

    ``heat``: a heat map (how often each place was used) rather than each place's state."""
    chosen = PART_INDEX.get(part or "")
    if chosen is None:
        figures, links = _overview(regions, part_href)
        return BodyMap(
            figures=figures,
            legend=_legend(regions, zoomed=False, heat=heat),
            regions=tuple(regions),
            parts=links,
        )
    inside = [r for r in regions if r.id in chosen.regions]
    return BodyMap(
        figures=_zoom(chosen, regions),
        legend=_legend(inside, zoomed=True, heat=heat),
        regions=tuple(regions),
        part=chosen,
        back_href=back_href,
        parts=tuple((p, part_href.format(part=p.id)) for p in PARTS),
    )


def part_href(base: str, **params: str | None) -> str:
    """``base?k=v&...&part={part}``: the address of a zoomed part, keeping the page's own
    parameters (the route on the home page, the period on the history page)."""
    kept = "&".join(f"{k}={quote(v)}" for k, v in params.items() if v)
    return f"{base}?{kept + '&' if kept else ''}part={{part}}"


def back_href(base: str, **params: str | None) -> str:
    kept = "&".join(f"{k}={quote(v)}" for k, v in params.items() if v)
    return f"{base}?{kept}" if kept else base


# --- the spot picker ------------------------------------------------------------------------


@dataclass(frozen=True)
class PickerSpot:
    id: str
    row: int
    col: int
    state: str
    suggested: bool
    chosen: bool
    #: "ready", "resting until Friday", "blocked"
    words: str
    #: "row 2, column 5" or "nearest the heart"
    where: str


@dataclass(frozen=True)
class SpotPicker:
    """A region drawn with its spots as tappable dots (radio buttons: works without scripts)."""

    region: Region
    layout: str
    rows: int
    cols: int
    cell: int
    spots: tuple[PickerSpot, ...]
    ends: Mapping[str, str]
    blocked: bool
    #: the area's outline and the circle kept free (the navel), in cell units
    outline: str = ""
    keep_away: tuple[float, float, float] | None = None
    summary: tuple[str, ...] = ()

    @property
    def width(self) -> int:
        return self.cols * self.cell

    @property
    def height(self) -> int:
        return self.rows * self.cell


#: the size of a spot's cell in CSS pixels by the number of columns (the page is 362 px wide)
_CELL = {1: 56, 2: 56, 3: 56, 4: 56, 5: 56, 6: 56, 7: 48}


def spot_picker(
    region: Region,
    status: Mapping[str, object],
    *,
    suggested: str | None,
    chosen: str | None = None,
    now: datetime | None = None,
) -> SpotPicker:
    """The spot picker for ``region`` from its status (``Planning.region_status``) at ``now``."""
    spot_rows = status.get("spots") or []
    assert isinstance(spot_rows, list)
    by_id = {str(s["id"]): s for s in spot_rows}
    blocked = status.get("state") == "blocked"
    at = now
    spots = []
    for s in region.spots:
        row = by_id.get(s.id, {})
        state = "blocked" if blocked else str(row.get("state", "ready"))
        words = state
        until = row.get("until")
        if state == "resting" and until:
            ready_at = datetime.fromisoformat(str(until))
            words = "resting " + (until_words(ready_at, at) if at else f"until {ready_at:%d %b}")
        where = s.label.partition("(")[2].rstrip(")")
        spots.append(
            PickerSpot(
                id=s.id,
                row=s.row,
                col=s.col,
                state=state,
                suggested=s.id == suggested,
                chosen=s.id == chosen,
                words=words,
                where=where,
            )
        )
    rows = max(s.row for s in region.spots)
    cols = max(s.col for s in region.spots)
    ordered = sorted(spots, key=lambda p: (p.row, p.col))
    keep = None
    if region.keep_away_cm and region.area_cm:
        kx, ky, kr = region.keep_away_cm
        w, h = region.area_cm
        sp = region.spot_spacing_cm
        keep = ((kx + w / 2) / sp, (ky + h / 2) / sp, kr / sp)
    resting = [p for p in spots if p.state == "resting"]
    summary = []
    if blocked:
        summary.append("Blocked: do not use any spot here until it has been checked again.")
    elif resting and len(resting) == len(spots):
        summary.append("Every spot here is still resting.")
    elif resting:
        summary.append(
            f"{len(resting)} of {len(spots)} spots are still resting; "
            f"{len(spots) - len(resting)} are ready."
        )
    return SpotPicker(
        region=region,
        layout=region.spot_layout,
        rows=rows,
        cols=cols,
        cell=_CELL.get(cols, 44),
        spots=tuple(ordered),
        ends=region.end_words(),
        blocked=blocked,
        outline=f"M0.08 0.08 H{cols - 0.08} V{rows - 0.08} H0.08 Z",
        keep_away=keep,
        summary=tuple(summary),
    )
