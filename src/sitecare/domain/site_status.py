"""Site status for the body map and the API: each region ``ready``, ``resting`` or ``blocked``.

- ``blocked``: a check said not to use it until a clinician or a later check clears it.
- ``resting``: no spot of the region is rested yet (``until`` says when the first one is).
- ``ready``: at least one spot is rested.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sitecare.domain.atlas import Region
from sitecare.domain.messages import Msg, word
from sitecare.domain.rotation import Candidate, Policy, Usage, assess_region
from sitecare.domain.routes import route_words
from sitecare.domain.wording import days_words, duration_words, until_words, when_words

BLOCKED_TODO = Msg(
    "Do not inject there. Have a clinician look at it, or check it again: a later check that "
    "finds it healing clears the block."
)


@dataclass(frozen=True, slots=True)
class SpotStatus:
    """One spot of a region: ``ready`` or ``resting`` (until when), its last use, and the
    resting spot next to it when there is one. Times are ISO 8601 text, as the API gives them."""

    id: str
    state: str
    until: str | None
    last_used: str | None
    next_to_resting: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "state": self.state,
            "until": self.until,
            "last_used": self.last_used,
            "next_to_resting": self.next_to_resting,
        }


@dataclass(frozen=True, slots=True)
class RegionStatus:
    """Whether a region can be used for a route now (``ready``, ``resting``, ``blocked``), until
    when, why and what to do (``GET /api/v1/sites/{region}/status`` is its ``to_dict``)."""

    region: str
    label: str
    route: str
    tier: str | None
    last_used: str | None
    spots: tuple[SpotStatus, ...]
    state: str
    until: str | None
    why: str
    what_to_do: str | None = None
    #: when the check that blocked it was made (blocked only)
    since: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "region": self.region,
            "label": self.label,
            "route": self.route,
            "tier": self.tier,
            "last_used": self.last_used,
            "spots": [spot.to_dict() for spot in self.spots],
            "what_to_do": self.what_to_do,
            "state": self.state,
            "until": self.until,
        }
        if self.state == "blocked":
            data["since"] = self.since
        data["why"] = self.why
        return data


def _spot(c: Candidate, now: datetime) -> SpotStatus:
    return SpotStatus(
        id=c.spot.id,
        state="ready" if c.rested(now) else "resting",
        until=None if c.rested(now) or c.ready_at is None else c.ready_at.isoformat(),
        last_used=c.last_used.isoformat() if c.last_used else None,
        next_to_resting=c.crowded_by.id if c.crowded_by else None,
    )


def region_status(region: Region, usage: Usage, policy: Policy, now: datetime) -> RegionStatus:
    """Whether ``region`` can be used for ``policy.route`` at ``now``, until when, and why."""
    cands = assess_region(region, usage, policy, now)
    block = next((b for b in usage.blocks if b.region == region.id), None)
    tier = region.tier(policy.route)
    uses = [c.last_used for c in cands if c.last_used is not None]
    common: dict[str, Any] = {
        "region": region.id,
        "label": region.label,
        "route": policy.route,
        "tier": tier,
        "last_used": max(uses).isoformat() if uses else None,
        "spots": tuple(_spot(c, now) for c in cands),
    }
    if block is not None:
        return RegionStatus(
            **common,
            state="blocked",
            until=None,
            since=block.since.isoformat(),
            why=Msg(
                "A check %(when)s found %(why)s.", when=when_words(block.since, now), why=block.why
            ),
            what_to_do=BLOCKED_TODO,
        )
    status = _ready_or_resting(region, cands, usage, policy, now, common)
    if tier == "avoid":
        todo = Msg(
            "Do not use this place for %(route)s: %(reason)s",
            route=route_words(policy.route),
            reason=word(region.routes[policy.route].reason),
        )
        status = replace(status, what_to_do=todo)
    return status


def _ready_or_resting(
    region: Region,
    cands: list[Candidate],
    usage: Usage,
    policy: Policy,
    now: datetime,
    common: dict[str, Any],
) -> RegionStatus:
    ready = [c for c in cands if c.rested(now)]
    if ready:
        best = min(ready, key=lambda c: c.last_used.timestamp() if c.last_used else 0.0)
        why = _ready_why(region, best, policy, now)
        return RegionStatus(**common, state="ready", until=None, why=why)
    first = min(cands, key=lambda c: (c.ready_at or now, c.spot.order))
    assert first.ready_at is not None
    return RegionStatus(
        **common,
        state="resting",
        until=first.ready_at.isoformat(),
        why=_resting_why(first, policy, now, usage),
        what_to_do=Msg(
            "Use another site; spot %(spot)s is ready %(when)s.",
            spot=first.spot.id,
            when=when_words(first.ready_at, now, clock=True),
        ),
    )


def _ready_why(region: Region, best: Candidate, policy: Policy, now: datetime) -> str:
    if best.last_used is None:
        return Msg("Spot %(spot)s has not been used.", spot=best.spot.id)
    return Msg(
        "Spot %(spot)s has rested %(rested)s.",
        spot=best.spot.id,
        rested=duration_words(now - best.last_used),
    )


def _resting_why(c: Candidate, policy: Policy, now: datetime, usage: Usage) -> str:
    if c.resting_for == "check" and c.rest_note is not None:
        return Msg(
            "Healing: a check %(when)s found %(why)s; it rests %(until)s.",
            when=when_words(c.rest_note.since, now),
            why=c.rest_note.why,
            until=until_words(c.rest_note.until, now),
        )
    assert c.last_used is not None or c.resting_for == "region"
    if c.resting_for == "region":
        days = days_words(policy.region_rest.total_seconds() / 86400)
        return Msg("This muscle was used recently; a muscle rests %(days)s.", days=days)
    assert c.last_used is not None
    days = days_words(policy.spot_rest.total_seconds() / 86400)
    route = route_words(policy.route)
    region = c.region
    spotless = usage.spot_last.get((region.id, None))
    own = [usage.spot_last.get((region.id, s.id)) for s in region.spots]
    if spotless is not None and any(t is None or t < spotless for t in own):
        # some spots were never recorded themselves: say what really happened
        return Msg(
            "An injection here %(when)s was logged without a spot, so every spot rests as if it "
            "was used then (%(route)s spots rest %(days)s).",
            when=when_words(spotless, now),
            route=route,
            days=days,
        )
    return Msg(
        "Every spot here was used in the last %(days)s (%(route)s spots rest %(days)s). "
        "Spot %(spot)s has rested longest: %(rested)s.",
        days=days,
        route=route,
        spot=c.spot.id,
        rested=duration_words(now - c.last_used),
    )
