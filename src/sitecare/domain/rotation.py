"""The rotation planner: which region and spot to use next, and why.

Pure: standard library and other ``domain`` modules only, and no clock reads (``now`` is a
parameter), so the same history always gives the same suggestion.

How a suggestion is chosen (a person can follow the same steps without the app):

1. Leave out every place the route marks ``avoid``, every region a check has *blocked*, and every
   region the person's settings rule out (or do not allow).
2. A spot is *rested* when its own rest (the route's base rest since its last use, longer after a
   bruise or sore), its region's rest (a whole muscle for intramuscular injections) and any rest a
   check asked for are over.
3. Spacing: a rested spot right next to a spot that is still resting (one spot-spacing away,
   about a finger-width or more) is *crowded*; on a vein, a spot below (farther from the heart
   than) a spot that is still resting is crowded too, because blood from it flows through the
   fresh puncture (facts F5.13).
4. Order: rested before resting; among rested spots ``preferred`` before ``caution`` (so a caution
   region is used only when no preferred spot is rested), uncrowded before crowded, then the spot
   that has rested longest. When nothing is rested, the preferred spot that will be ready first.
   Ties (for example spots never used) go round the regions in a fixed cycle and through the
   spots in number order: spot 1 of each region in turn, then spot 2, and so on.

Base rests (each a design choice; see ``DEFAULT_RULES``) come from ``shared/clinical/facts.md``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sitecare.domain.atlas import TIER_RANK, Atlas, Region, Spot, check_route
from sitecare.domain.usage import (
    CLEARING_LEVELS,
    FINDING_REST_DAYS,
    SiteBlock,
    SiteRest,
    SpotKey,
    Usage,
    describe_check,
    site_notes,
)

__all__ = [
    "CLEARING_LEVELS",
    "DEFAULT_RULES",
    "FINDING_REST_DAYS",
    "Candidate",
    "Policy",
    "RestRule",
    "SiteBlock",
    "SiteRest",
    "Usage",
    "assess",
    "assess_region",
    "default_policy",
    "describe_check",
    "rank",
    "rank_key",
    "site_notes",
]

Spacing = Literal["grid", "vein"]

DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class RestRule:
    """How long a route's spots (and regions) rest by default, and the source for it."""

    route: str
    spot_days: float
    region_days: float
    spacing: Spacing
    source: str


#: Base rest per route. Every number is a documented design choice citing facts.md.
DEFAULT_RULES: Mapping[str, RestRule] = {
    "subcutaneous": RestRule(
        "subcutaneous",
        spot_days=28,
        region_days=0,
        spacing="grid",
        source="FITTER: do not reuse a spot within 4 weeks, and inject at least a finger-width "
        "from the last spot (facts F4.4, F5.6).",
    ),
    "intravenous": RestRule(
        "intravenous",
        spot_days=2,
        region_days=0,
        spacing="vein",
        source="No source gives a number of days: at least 2 days for a clean puncture is "
        "sitecare's design choice; move up the vein toward the heart and use both arms "
        "(facts F5.7, F5.13).",
    ),
    "intramuscular": RestRule(
        "intramuscular",
        spot_days=7,
        region_days=7,
        spacing="grid",
        source="Alternate sides and muscles; the same muscle not within 7 days is sitecare's "
        "design choice (facts F5.8).",
    ),
    "intradermal": RestRule(
        "intradermal",
        spot_days=7,
        region_days=0,
        spacing="grid",
        source="A skin reaction shows within 1-2 days and settles within a few days "
        "(facts F4.7, F5.5); a week leaves a margin (design choice).",
    ),
    "skin_popping": RestRule(
        "skin_popping",
        spot_days=28,
        region_days=0,
        spacing="grid",
        source="Injecting under the skin raises the risk of abscesses (facts F5.14); the skin "
        "gets the same 4 weeks as medicines given under the skin (F5.6; design choice).",
    ),
}


@dataclass(frozen=True, slots=True)
class Policy:
    """Everything the planner needs to know about the route and the person's choices."""

    route: str
    spot_rest: timedelta
    region_rest: timedelta
    spacing: Spacing
    #: only these regions (None: every region of the route)
    allowed: frozenset[str] | None = None
    excluded: frozenset[str] = frozenset()
    #: whose choice ``allowed`` is, in words ("your settings for bolus insulin")
    allowed_by: str | None = None


def default_policy(
    route: str,
    *,
    rest_days: float | None = None,
    allowed: Iterable[str] | None = None,
    excluded: Iterable[str] = (),
    allowed_by: str | None = None,
) -> Policy:
    """The policy for ``route`` with the default rests, optionally changed."""
    rule = DEFAULT_RULES[check_route(route)]
    spot_days = rule.spot_days if rest_days is None else rest_days
    region_days = rule.region_days if rest_days is None or not rule.region_days else rest_days
    return Policy(
        route=route,
        spot_rest=timedelta(days=spot_days),
        region_rest=timedelta(days=region_days),
        spacing=rule.spacing,
        allowed=None if allowed is None else frozenset(allowed),
        excluded=frozenset(excluded),
        allowed_by=allowed_by,
    )


# --- assessing candidates -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidate:
    """One spot the planner may suggest, with everything that ranks it."""

    region: Region
    spot: Spot
    tier: str
    cycle: int
    last_used: datetime | None
    #: when its own, region and check rests are over (None: never used, nothing to wait for)
    ready_at: datetime | None
    #: why it rests until ready_at: "spot" | "region" | "check"
    resting_for: str | None
    rest_note: SiteRest | None
    #: a spot next to it (or above it on the vein) that is still resting
    crowded_by: Spot | None = None

    def rested(self, now: datetime) -> bool:
        return self.ready_at is None or self.ready_at <= now


def region_cycle(atlas: Atlas, route: str) -> tuple[Region, ...]:
    """The fixed region order for ``route``: atlas order (left then right of each place)."""
    return atlas.for_route(route)


def _eligible(
    atlas: Atlas, policy: Policy, usage: Usage
) -> tuple[list[tuple[int, Region]], dict[str, str]]:
    """Regions that may be suggested, and why each other region of the route was left out."""
    blocked = {b.region for b in usage.blocks}
    left_out: dict[str, str] = {}
    keep: list[tuple[int, Region]] = []
    for i, reg in enumerate(region_cycle(atlas, policy.route)):
        if reg.tier(policy.route) == "avoid":
            left_out[reg.id] = "avoid"
        elif reg.id in blocked:
            left_out[reg.id] = "blocked"
        elif reg.id in policy.excluded:
            left_out[reg.id] = "excluded"
        elif policy.allowed is not None and reg.id not in policy.allowed:
            left_out[reg.id] = "not_allowed"
        else:
            keep.append((i, reg))
    return keep, left_out


def _latest(a: datetime | None, b: datetime | None, c: datetime | None) -> datetime | None:
    best = a
    for t in (b, c):
        if t is not None and (best is None or t > best):
            best = t
    return best


def assess(
    atlas: Atlas, usage: Usage, policy: Policy, now: datetime
) -> tuple[list[Candidate], dict[str, str]]:
    """Every spot that may be suggested, with its rest and spacing state (unranked)."""
    regions, left_out = _eligible(atlas, policy, usage)
    notes = active_notes(usage, now)
    out: list[Candidate] = []
    for cycle, reg in regions:
        out.extend(assess_region(reg, usage, policy, now, cycle=cycle, notes=notes))
    return out, left_out


def active_notes(usage: Usage, now: datetime) -> dict[SpotKey, SiteRest]:
    """The longest running check rest per (region, spot); spot None is the whole region."""
    notes: dict[SpotKey, SiteRest] = {}
    for note in usage.rests:
        key = (note.region, note.spot)
        if note.until > now and (key not in notes or note.until > notes[key].until):
            notes[key] = note
    return notes


def assess_region(
    reg: Region,
    usage: Usage,
    policy: Policy,
    now: datetime,
    *,
    cycle: int = 0,
    notes: Mapping[SpotKey, SiteRest] | None = None,
) -> list[Candidate]:
    """The rest and spacing state of every spot of one region (blocks are not looked at)."""
    if notes is None:
        notes = active_notes(usage, now)
    tier = reg.tier(policy.route) or "avoid"
    rid = reg.id
    region_last = usage.region_last.get(rid)
    region_ready = region_last + policy.region_rest if region_last and policy.region_rest else None
    # A use logged without a spot counts for every spot; a check may rest the whole region.
    spotless = usage.spot_last.get((rid, None))
    region_note = notes.get((rid, None))
    spot_last = usage.spot_last
    spot_rest = policy.spot_rest
    cands = []
    for sp in reg.spots:
        own_last = spot_last.get((rid, sp.id))
        last = own_last if spotless is None or (own_last and own_last > spotless) else spotless
        own = last + spot_rest if last else None
        note = _stronger(notes.get((rid, sp.id)), region_note) if notes else None
        ready = _latest(own, region_ready, note.until if note else None)
        why = None
        if ready is not None and ready > now:
            why = (
                "check" if note and ready == note.until else ("spot" if ready == own else "region")
            )
        cands.append(Candidate(reg, sp, tier, cycle, last, ready, why, note))
    return _with_spacing(cands, policy.spacing, now)


def _stronger(a: SiteRest | None, b: SiteRest | None) -> SiteRest | None:
    if a is None or b is None:
        return a or b
    return a if a.until >= b.until else b


def _with_spacing(cands: list[Candidate], spacing: Spacing, now: datetime) -> list[Candidate]:
    resting = [c.spot for c in cands if not c.rested(now)]
    if not resting or len(resting) == len(cands):
        return cands
    resting_ids = {s.id for s in resting}
    out = []
    for c in cands:
        # Spacing only ranks rested spots; a resting spot is ranked by when it is ready.
        near = _crowding(c.region, c.spot, resting, resting_ids, spacing) if c.rested(now) else None
        out.append(c if near is None else _replace_crowded(c, near))
    return out


def _crowding(
    region: Region,
    spot: Spot,
    resting: Sequence[Spot],
    resting_ids: set[str],
    spacing: Spacing,
) -> Spot | None:
    """The nearest resting spot that crowds ``spot``, if any."""
    if spacing == "vein" and region.spot_layout == "line":
        above = [r for r in resting if r.order > spot.order]
        return min(above, key=lambda r: r.order) if above else None
    # the atlas knows each spot's neighbours (one spacing away): no distances to work out here
    near = [region.spot(n) for n in region.neighbours(spot.id) if n in resting_ids]
    return min(near, key=lambda r: r.order) if near else None


def _replace_crowded(c: Candidate, by: Spot) -> Candidate:
    return Candidate(
        c.region, c.spot, c.tier, c.cycle, c.last_used, c.ready_at, c.resting_for, c.rest_note, by
    )


_NEVER = -math.inf


def rank_key(c: Candidate, now: datetime) -> tuple[float, ...]:
    """The planner's order (smaller first). See the module docstring for the rules."""
    tier = float(TIER_RANK[c.tier])
    tie = (float(c.spot.order), float(c.cycle))
    if c.rested(now):
        last = c.last_used.timestamp() if c.last_used else _NEVER
        return (0.0, tier, 1.0 if c.crowded_by else 0.0, last, *tie)
    assert c.ready_at is not None
    return (1.0, tier, c.ready_at.timestamp(), *tie)


def rank(cands: Iterable[Candidate], now: datetime) -> list[Candidate]:
    """Candidates, best first (deterministic: the key ends in the fixed cycle)."""
    return sorted(cands, key=lambda c: rank_key(c, now))
