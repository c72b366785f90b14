"""Site status for the body map and the API: each region ``ready``, ``resting`` or ``blocked``.

- ``blocked``: a check said not to use it until a clinician or a later check clears it.
- ``resting``: no spot of the region is rested yet (``until`` says when the first one is).
- ``ready``: at least one spot is rested.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sitecare.domain.atlas import Region
from sitecare.domain.rotation import Candidate, Policy, Usage, assess_region
from sitecare.domain.wording import days_words, duration_words, until_words, when_words

BLOCKED_TODO = (
    "Do not inject there. Have a clinician look at it, or check it again: a later check that "
    "finds it healing clears the block."
)


def _spot(c: Candidate, now: datetime) -> dict[str, Any]:
    return {
        "id": c.spot.id,
        "state": "ready" if c.rested(now) else "resting",
        "until": None if c.rested(now) or c.ready_at is None else c.ready_at.isoformat(),
        "last_used": c.last_used.isoformat() if c.last_used else None,
        "next_to_resting": c.crowded_by.id if c.crowded_by else None,
    }


def region_status(region: Region, usage: Usage, policy: Policy, now: datetime) -> dict[str, Any]:
    """Whether ``region`` can be used for ``policy.route`` at ``now``, until when, and why."""
    cands = assess_region(region, usage, policy, now)
    block = next((b for b in usage.blocks if b.region == region.id), None)
    tier = region.tier(policy.route)
    uses = [c.last_used for c in cands if c.last_used is not None]
    data: dict[str, Any] = {
        "region": region.id,
        "label": region.label,
        "route": policy.route,
        "tier": tier,
        "last_used": max(uses).isoformat() if uses else None,
        "spots": [_spot(c, now) for c in cands],
        "what_to_do": None,
    }
    if block is not None:
        data.update(
            state="blocked",
            until=None,
            since=block.since.isoformat(),
            why=f"A check {when_words(block.since, now)} found {block.why}.",
            what_to_do=BLOCKED_TODO,
        )
        return data
    ready = [c for c in cands if c.rested(now)]
    if ready:
        best = min(ready, key=lambda c: c.last_used.timestamp() if c.last_used else 0.0)
        data.update(state="ready", until=None, why=_ready_why(region, best, policy, now))
    else:
        first = min(cands, key=lambda c: (c.ready_at or now, c.spot.order))
        assert first.ready_at is not None
        data.update(
            state="resting",
            until=first.ready_at.isoformat(),
            why=_resting_why(first, policy, now, usage),
            what_to_do=f"Use another site; spot {first.spot.id} is ready "
            f"{when_words(first.ready_at, now, clock=True)}.",
        )
    if tier == "avoid":
        data["what_to_do"] = f"Do not use this place for {policy.route.replace('_', ' ')}: " + (
            region.routes[policy.route].reason
        )
    return data


def _ready_why(region: Region, best: Candidate, policy: Policy, now: datetime) -> str:
    if best.last_used is None:
        return f"Spot {best.spot.id} has not been used."
    return f"Spot {best.spot.id} has rested {duration_words(now - best.last_used)}."


def _resting_why(c: Candidate, policy: Policy, now: datetime, usage: Usage) -> str:
    if c.resting_for == "check" and c.rest_note is not None:
        return (
            f"Healing: a check {when_words(c.rest_note.since, now)} found {c.rest_note.why}; "
            f"it rests {until_words(c.rest_note.until, now)}."
        )
    assert c.last_used is not None or c.resting_for == "region"
    if c.resting_for == "region":
        days = days_words(policy.region_rest.total_seconds() / 86400)
        return f"This muscle was used recently; a muscle rests {days}."
    assert c.last_used is not None
    days = days_words(policy.spot_rest.total_seconds() / 86400)
    route = policy.route.replace("_", " ")
    region = c.region
    spotless = usage.spot_last.get((region.id, None))
    own = [usage.spot_last.get((region.id, s.id)) for s in region.spots]
    if spotless is not None and any(t is None or t < spotless for t in own):
        # some spots were never recorded themselves: say what really happened
        return (
            f"An injection here {when_words(spotless, now)} was logged without a spot, so every "
            f"spot rests as if it was used then ({route} spots rest {days})."
        )
    return (
        f"Every spot here was used in the last {days} ({route} spots rest {days}). "
        f"Spot {c.spot.id} has rested longest: {duration_words(now - c.last_used)}."
    )
