"""Data for drawing the body map: one entry per region, in drawing order, per view.

The drawing itself is in templates/_bodymap.html; this module decides what each region shows
(its name, its state in words, a link) so that colour is never the only cue.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sitecare.domain.atlas import Atlas, Region

#: plain words for each state; the map and the list both show them
STATE_WORDS = {
    "ready": "ready",
    "resting": "resting",
    "blocked": "blocked",
    "avoid": "avoid",
    "none": "",
}


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
) -> list[MapRegion]:
    """Regions with everything the template needs, biggest first so small ones stay clickable."""
    states = states or {}
    details = details or {}
    counts = counts or {}
    peak = max(counts.values(), default=0)
    items: list[MapRegion] = []
    for region in sorted(atlas.regions, key=lambda r: -(r.shape.rx * r.shape.ry)):
        state = states.get(region.id, "none")
        if state in ("none", "ready") and all(rt.tier == "avoid" for rt in region.routes.values()):
            state = "avoid"  # never a place to inject (the face): never shown as "ready"
        elif route and region.tier(route) is None:
            state = "none"  # not a place for this route: drawn plain, still a link
        elif route and region.tier(route) == "avoid":
            state = "avoid"
        count = counts.get(region.id, 0)
        heat = 0 if not peak or not count else 1 + round(4 * count / peak)
        words = [region.label]
        if state != "none":
            words.append(STATE_WORDS[state])
        if region.id in details:
            words.append(details[region.id])
        if counts:
            words.append(f"{count} injection{'s' if count != 1 else ''}")
        if region.id == suggested:
            words.insert(1, "suggested next")
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
                suggested=region.id == suggested,
                spots=_spots(region, suggested_spot if region.id == suggested else None),
            )
        )
    return items


def _spots(region: Region, highlight: str | None) -> tuple[tuple[str, float, float], ...]:
    if highlight is None:
        return ()
    return tuple((s.id, s.x, s.y) for s in region.spots if s.id == highlight)
