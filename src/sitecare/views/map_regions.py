"""What each region of the body map shows: its state, the words a target says, its spots."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from sitecare.domain.atlas import Atlas, Region
from sitecare.domain.messages import N_, Msg, counted
from sitecare.views.body_parts import PART_OF, Part

#: plain words for each state; the map and the list both show them
STATE_WORDS = {
    "ready": N_("ready"),
    "resting": N_("resting"),
    "blocked": N_("blocked"),
    "avoid": N_("avoid"),
    "none": "",
}
#: the routes as the map's words name them ("riskier for intravenous")
ROUTE_NAMES = {
    "intravenous": N_("intravenous"),
    "intramuscular": N_("intramuscular"),
    "subcutaneous": N_("subcutaneous"),
    "intradermal": N_("intradermal"),
    "skin_popping": N_("skin popping"),
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
    _: Callable[[str], str] = str,
) -> list[MapRegion]:
    """Regions with everything the map needs, biggest first (so small ones draw on top);
    ``_``: the page's ``gettext`` (labels and words in the page's language)."""
    states = states or {}
    details = details or {}
    counts = counts or {}
    spot_states = spot_states or {}
    peak = max(counts.values(), default=0)
    items: list[MapRegion] = []
    for region in sorted(atlas.regions, key=lambda r: -(r.shape.rx * r.shape.ry)):
        tier = region.tier(route) if route else None
        state = _state(region, states.get(region.id, "none"), tier, route)
        count = counts.get(region.id, 0)
        heat = 0 if not peak or not count else 1 + round(4 * count / peak)
        words = _aria_words(region, state, tier, route, _)
        if region.id in details:
            words.append(details[region.id])
        if counts:
            words.append(_injections(count, _))
        if region.id == suggested:
            words.insert(
                1,
                _("suggested next, spot %(spot)s") % {"spot": suggested_spot}
                if suggested_spot
                else _("suggested next"),
            )
        items.append(
            _map_region(
                region,
                state=state,
                tier=tier,
                href=href,
                words=words,
                heat=heat,
                count=count,
                is_suggested=region.id == suggested,
                suggested_spot=suggested_spot,
                own=spot_states.get(region.id, {}),
                _=_,
            )
        )
    return items


def _state(region: Region, state: str, tier: str | None, route: str | None) -> str:
    """The state the map draws for a region: its own, unless the route in view changes it."""
    if state in ("none", "ready") and all(rt.tier == "avoid" for rt in region.routes.values()):
        return "avoid"  # never a place to inject (the face): never shown as "ready"
    if route and tier is None:
        return "none"  # not a place for this route: drawn plain, still a link
    if route and tier == "avoid" and state != "blocked":
        return "avoid"
    return state


def _map_region(
    region: Region,
    *,
    state: str,
    tier: str | None,
    href: str,
    words: list[str],
    heat: int,
    count: int,
    is_suggested: bool,
    suggested_spot: str | None,
    own: Mapping[str, str],
    _: Callable[[str], str],
) -> MapRegion:
    """One region as the map draws it; ``words``: what its target says, its name first."""
    return MapRegion(
        id=region.id,
        label=_(region.label),
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
        all_spots=_all_spots(region, state, own, is_suggested, suggested_spot),
        part=PART_OF.get(region.id, ""),
    )


def _all_spots(
    region: Region,
    state: str,
    own: Mapping[str, str],
    is_suggested: bool,
    suggested_spot: str | None,
) -> tuple[tuple[str, float, float, str, bool], ...]:
    """Every spot with its state (a blocked or avoided region's own, else the spot's) and
    whether it is the suggested one."""
    return tuple(
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
    )


def _aria_words(
    region: Region, state: str, tier: str | None, route: str | None, _: Callable[[str], str]
) -> list[str]:
    """The first words a target says: the place, its state, how risky it is for the route."""
    words = [_(region.label)]
    if state != "none":
        words.append(_(STATE_WORDS[state]))
    name = _(ROUTE_NAMES.get(route or "", (route or "").replace("_", " ")))
    if tier == "caution" and state not in ("avoid", "blocked"):
        words.append(_("riskier for %(route)s") % {"route": name})
    if route and tier is None:
        words.append(_("not used for %(route)s") % {"route": name})
    return words


def _injections(count: int, _: Callable[[str], str]) -> str:
    return _(counted("%(count)s injection", "%(count)s injections", count, count=count))


def _spots(region: Region, highlight: str | None) -> tuple[tuple[str, float, float], ...]:
    if highlight is None:
        return ()
    return tuple((s.id, s.x, s.y) for s in region.spots if s.id == highlight)


def _part_state(state: str, n: int) -> Msg:
    """How many places of a part are blocked or resting, as its target says it."""
    if state == "blocked":
        return counted("%(count)s blocked", "%(count)s blocked", n, count=n)
    return counted("%(count)s resting", "%(count)s resting", n, count=n)


def part_aria(part: Part, inside: Sequence[MapRegion], _: Callable[[str], str] = str) -> str:
    """What a body part's target on the whole body says: its name, the suggestion in it, how
    many of its places are blocked or resting, how often it was used."""
    words = [_(part.label)]
    suggested = next((r for r in inside if r.suggested), None)
    if suggested is not None:
        spot = next((s[0] for s in suggested.all_spots if s[4]), None)
        words.append(
            _("suggested next: %(place)s, spot %(spot)s") % {"place": suggested.label, "spot": spot}
            if spot
            else _("suggested next: %(place)s") % {"place": suggested.label}
        )
    for state in ("blocked", "resting"):
        n = sum(1 for r in inside if r.state == state)
        if n:
            words.append(_(_part_state(state, n)))
    used = sum(r.count for r in inside)
    if any(r.count for r in inside) or any(r.heat for r in inside):
        words.append(_injections(used, _))
    words.append(_("open to choose a place"))
    return words[0] + ": " + ", ".join(words[1:])
