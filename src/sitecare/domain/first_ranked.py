"""The planner's first suggestion, found with less work than ranking every spot (pure).

``first_ranked`` gives the first of ``rotation.rank(rotation.assess(...)[0], now)``: what the
rest warning of a recording compares the place picked with (``domain.use_warnings``), on the
recording path of issue 10's load target. ``tests/rotation/test_use_warnings_same.py`` checks
it against the full ranking on random histories, checks and policies.
"""

from __future__ import annotations

from datetime import datetime

from sitecare.domain.atlas import Atlas, Region, Spot, Tier
from sitecare.domain.rotation import (
    Candidate,
    Policy,
    Usage,
    active_notes,
    assess_region,
    rank_key,
    region_cycle,
)

__all__ = ["first_ranked"]

#: any time: the rank key of a rested spot never used does not depend on it
_EPOCH = datetime(2000, 1, 1)


def first_ranked(atlas: Atlas, usage: Usage, policy: Policy, now: datetime) -> Candidate | None:
    """The first of ``rank(assess(...)[0], now)``, if any, found with less work.

    A region that nothing touches (no use within the horizon, no running rest a check asked
    for) has every spot rested, never used and uncrowded: of its spots, the one in number order
    first ranks first, and its rank key is known without the history. Those keys are sorted
    once per route (``_untouched_order``), so the best untouched region is the first of that
    order that may be suggested and is not touched. Only the regions some use or check touches
    are assessed spot by spot. Every key ends in the region's place in the cycle and the spot's
    order, so no two candidates tie: the first by key is the first of the ranking.
    """
    route = policy.route
    blocked = {b.region for b in usage.blocks}
    notes = active_notes(usage, now)
    touched = {region for region, _ in usage.spot_last}
    touched.update(usage.region_last)
    touched.update(region for region, _ in notes)
    best: Candidate | None = None
    best_key: tuple[float, ...] | None = None

    def may_suggest(rid: str) -> bool:
        return (
            rid not in blocked
            and rid not in policy.excluded
            and (policy.allowed is None or rid in policy.allowed)
        )

    for key, cycle, reg, first, tier in _untouched_order(atlas, route):
        if reg.id not in touched and may_suggest(reg.id):
            best, best_key = Candidate(reg, first, tier, cycle, None, None, None, None), key
            break
    cycles = _cycle_index(atlas, route)
    for rid in touched:
        place = cycles.get(rid)
        if place is None or not may_suggest(rid):
            continue
        reg = atlas.region(rid)
        if reg.tier(route) == "avoid":
            continue
        for c in assess_region(reg, usage, policy, now, cycle=place, notes=notes):
            key = rank_key(c, now)
            if best_key is None or key < best_key:
                best, best_key = c, key
    return best


def _untouched_order(
    atlas: Atlas, route: str
) -> tuple[tuple[tuple[float, ...], int, Region, Spot, Tier], ...]:
    """Each region of the route that may be suggested by tier (not avoid, with spots), as it
    ranks when nothing touches it: its first spot in number order, rested, never used; best
    first. Worked out once per route."""

    def make() -> tuple[tuple[tuple[float, ...], int, Region, Spot, Tier], ...]:
        out = []
        for cycle, reg in enumerate(region_cycle(atlas, route)):
            tier = reg.tier(route)
            if tier is None or tier == "avoid" or not reg.spots:
                continue
            first = min(reg.spots, key=lambda s: s.order)
            c = Candidate(reg, first, tier, cycle, None, None, None, None)
            out.append((rank_key(c, _EPOCH), cycle, reg, first, tier))
        return tuple(sorted(out, key=lambda row: row[0]))

    return atlas.per_route("untouched_order", route, make)


def _cycle_index(atlas: Atlas, route: str) -> dict[str, int]:
    """Each region of the route: its place in the fixed cycle (``region_cycle``)."""
    return atlas.per_route(
        "cycle_index",
        route,
        lambda: {reg.id: i for i, reg in enumerate(region_cycle(atlas, route))},
    )
