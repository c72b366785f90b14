"""What each region of the body map shows: its state, the words a target says, its spots."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sitecare.domain.atlas import Atlas, Region
from sitecare.views.body_parts import PART_OF

#: plain words for each state; the map and the list both show them
STATE_WORDS = {
    "ready": "ready",
    "resting": "resting",
    "blocked": "blocked",
    "avoid": "avoid",
    "none": "",
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
