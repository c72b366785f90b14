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

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import quote

from sitecare.domain.messages import N_, Msg, keyed
from sitecare.views.body_outline import DETAILS, OUTLINE, WIDTH, Box
from sitecare.views.body_parts import PART_INDEX, PART_OF, PARTS, ZOOM_LABELS, Part
from sitecare.views.map_labels import label_place, text_box, union
from sitecare.views.map_regions import STATE_WORDS, MapRegion, map_regions
from sitecare.views.spot_picker import PickerSpot, SpotPicker, spot_picker

# re-exported: the drawing, the parts and the spot picker have modules of their own
__all__ = [
    "HIT_PX",
    "OUTLINE",
    "PARTS",
    "PART_INDEX",
    "PART_OF",
    "WIDTH",
    "ZOOM_LABELS",
    "BodyMap",
    "Box",
    "MapRegion",
    "Part",
    "PickerSpot",
    "STATE_WORDS",
    "SpotPicker",
    "back_href",
    "body_map",
    "map_regions",
    "part_href",
    "spot_picker",
]


#: the map's width in CSS pixels on a 390 px phone (it uses the page width, edge to edge)
MAP_PX = 380.0
#: the smallest tap target, in CSS pixels (WCAG 2.5.5 asks 44)
HIT_PX = 48.0
#: the whole-body view of each figure
OVERVIEW_BOX: Box = (14.0, 4.0, 172.0, 476.0)

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
    for view, title in (
        ("front", Msg("Front (facing you)")),
        ("back", keyed(N_("Back (the body from behind)"), "Back")),
    ):
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
                details=tuple(DETAILS[view]),
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
            tx, ty, anchor = label_place(r, where, font, 4 / scale, lines, panel.box)
            if len(lines) > 1 and where in ("outer", "inner", "on"):
                ty -= font * 0.55 * (len(lines) - 1)
            targets.append(
                Target(
                    href=r.href,
                    aria=r.aria,
                    # the place and its words are one target: a thumb may tap either
                    hit=union(
                        (r.cx - w / 2, r.cy - h / 2, w, h),
                        text_box(lines, tx, ty, anchor, font),
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
                details=tuple(DETAILS[panel.view]),
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
        items.append(LegendItem("region s-none heat-2", Msg("lighter: fewer injections"), "heat"))
        items.append(LegendItem("region s-none heat-5", Msg("darker: more injections"), "heat"))
        items.append(LegendItem("region s-none", Msg("plain: none in this time"), "heat"))
    if "ready" in states:
        items.append(LegendItem("region s-ready", Msg("ready: rested, fine to use")))
    if "resting" in states:
        items.append(LegendItem("region s-resting", Msg("resting: still healing")))
    if "blocked" in states:
        items.append(LegendItem("region s-blocked", Msg("blocked: not until it is checked again")))
    if any(r.tier == "caution" and r.state not in ("avoid", "blocked") for r in regions):
        items.append(
            LegendItem("region s-ready t-caution", Msg("thick dashed edge: riskier for this route"))
        )
    if "avoid" in states:
        items.append(LegendItem("region s-avoid", Msg("grey stripes: a place to avoid")))
    if "none" in states and not heat:
        items.append(LegendItem("region s-none", Msg("plain: not used for this way of injecting")))
    if any(r.suggested for r in regions):
        items.append(LegendItem("spot-mark", Msg("the suggested spot"), "mark"))
    dots = {st for r in regions if len(r.all_spots) > 1 for (_, _, _, st, _) in r.all_spots}
    if zoomed and "ready" in dots:
        items.append(LegendItem("dot ready", Msg("a spot, rested"), "dot"))
    if zoomed and "resting" in dots:
        items.append(LegendItem("dot resting", Msg("a spot, still resting (hollow)"), "dot"))
    if zoomed and dots & {"none", "avoid"}:
        items.append(LegendItem("dot none", Msg("a spot"), "dot"))
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
