"""The planner's answer: the next region and spot, with its reasons in plain words.

``plan_next_site`` is the one entry point; the ranking lives in :mod:`sitecare.domain.rotation`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sitecare.domain.atlas import Atlas
from sitecare.domain.messages import Msg, word
from sitecare.domain.rotation import Candidate, Policy, SiteBlock, Usage, assess, rank
from sitecare.domain.routes import route_words
from sitecare.domain.suggestion_words import (
    all_resting_reason,
    blocked_words,
    crowded_reason,
    rest_reason,
)
from sitecare.domain.wording import until_words, when_words


@dataclass(frozen=True, slots=True)
class Choice:
    """One ranked spot (the suggestion itself or an alternative)."""

    region: str
    spot: str
    label: str
    spot_label: str
    tier: str
    ready: bool
    ready_at: datetime | None
    last_used: datetime | None
    rested_days: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "spot": self.spot,
            "label": self.label,
            "spot_label": self.spot_label,
            "tier": self.tier,
            "ready": self.ready,
            "ready_at": self.ready_at.isoformat() if self.ready_at else None,
            "last_used": self.last_used.isoformat() if self.last_used else None,
            "rested_days": self.rested_days,
        }


@dataclass(frozen=True)
class Suggestion:
    """Where to inject next and why. ``choice`` is None when no site can be suggested."""

    route: str
    at: datetime
    choice: Choice | None
    reasons: tuple[str, ...]
    alternatives: tuple[Choice, ...] = ()
    all_resting: bool = False
    first_ready: Choice | None = None
    blocked: tuple[SiteBlock, ...] = ()
    #: whether any preferred spot was rested (for checking the caution rule from outside)
    preferred_rested: bool = False
    rest_days: float = 0.0
    #: the state of every spot of the suggested region ("ready" or "resting"), for its picture
    region_spots: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def region(self) -> str | None:
        return self.choice.region if self.choice else None

    @property
    def spot(self) -> str | None:
        return self.choice.spot if self.choice else None

    @property
    def headline(self) -> str:
        if self.choice is None:
            return Msg("No site to suggest.")
        return Msg(
            "Next: %(region)s, spot %(spot)s", region=word(self.choice.label), spot=self.choice.spot
        )

    def to_dict(self) -> dict[str, Any]:
        """The shape of ``sitecare next --json`` and ``GET /api/v1/suggestion`` (api.md)."""
        c = self.choice
        data: dict[str, Any] = {
            "region": self.region,
            "spot": self.spot,
            "route": self.route,
            "reasons": list(self.reasons),
            "headline": self.headline,
            "at": self.at.isoformat(),
        }
        data.update(
            {k: v for k, v in (c.to_dict() if c else _EMPTY_CHOICE).items() if k not in data}
        )
        data.update(
            {
                "all_resting": self.all_resting,
                "first_ready": self.first_ready.to_dict() if self.first_ready else None,
                "rest_days": self.rest_days,
                "blocked": [
                    {"region": b.region, "since": b.since.isoformat(), "why": b.why}
                    for b in self.blocked
                ],
                "alternatives": [a.to_dict() for a in self.alternatives],
                "region_spots": dict(self.region_spots),
            }
        )
        data.update(self.extra)
        return data


_EMPTY_CHOICE: dict[str, Any] = {
    "label": None,
    "spot_label": None,
    "tier": None,
    "ready": False,
    "ready_at": None,
    "last_used": None,
    "rested_days": None,
}


def _choice(c: Candidate, now: datetime) -> Choice:
    rested = None
    if c.last_used is not None:
        rested = round((now - c.last_used).total_seconds() / 86400, 2)
    return Choice(
        region=c.region.id,
        spot=c.spot.id,
        label=c.region.label,
        spot_label=c.spot.label,
        tier=c.tier,
        ready=c.rested(now),
        ready_at=c.ready_at,
        last_used=c.last_used,
        rested_days=rested,
    )


def plan_next_site(
    atlas: Atlas, usage: Usage, policy: Policy, now: datetime, *, alternatives: int = 3
) -> Suggestion:
    """Suggest the next region and spot for ``policy.route`` at ``now``.

    Deterministic: the same usage, policy and ``now`` always give the same suggestion. Never
    suggests an ``avoid`` region, a blocked region, or a region the policy rules out.
    """
    cands, left_out = assess(atlas, usage, policy, now)
    blocked = tuple(b for b in usage.blocks if b.region in left_out)
    rest_days = policy.spot_rest.total_seconds() / 86400
    if not cands:
        return Suggestion(
            route=policy.route,
            at=now,
            choice=None,
            reasons=tuple(_nothing_reasons(atlas, policy, left_out, usage, now)),
            blocked=blocked,
            rest_days=rest_days,
        )
    ranked = rank(cands, now)
    best = ranked[0]
    all_resting = not best.rested(now)
    first = min(ranked, key=lambda c: c.ready_at.timestamp() if c.ready_at else 0.0)
    preferred_rested = any(c.tier == "preferred" and c.rested(now) for c in cands)
    reasons = _reasons(atlas, best, ranked, policy, left_out, usage, now, first)
    return Suggestion(
        route=policy.route,
        at=now,
        choice=_choice(best, now),
        reasons=tuple(reasons),
        alternatives=tuple(_choice(c, now) for c in ranked[1 : 1 + alternatives]),
        all_resting=all_resting,
        first_ready=_choice(first, now) if all_resting else None,
        blocked=blocked,
        preferred_rested=preferred_rested,
        rest_days=rest_days,
        region_spots={  # assess() gives each region's spots in their order
            c.spot.id: "ready" if c.rested(now) else "resting"
            for c in cands
            if c.region.id == best.region.id
        },
    )


def _route_words(route: str) -> Msg:
    return route_words(route)


def _reasons(
    atlas: Atlas,
    best: Candidate,
    ranked: Sequence[Candidate],
    policy: Policy,
    left_out: dict[str, str],
    usage: Usage,
    now: datetime,
    first: Candidate,
) -> list[str]:
    # said once: either why this spot is rested, or that every spot is resting and why this one
    if best.rested(now):
        reasons: list[str] = [rest_reason(best, policy, now)]
    else:
        reasons = [all_resting_reason(best, first, policy, now)]
    if best.tier == "caution":
        reg_reason = word(best.region.routes[policy.route].reason)
        if any(c.tier == "preferred" for c in ranked):
            reasons.append(
                Msg(
                    "No preferred site is rested, so this is a caution site: %(reason)s",
                    reason=reg_reason,
                )
            )
        else:
            reasons.append(
                Msg(
                    "Every site you can use for %(route)s is a caution site: %(reason)s",
                    route=_route_words(policy.route),
                    reason=reg_reason,
                )
            )
    if best.crowded_by is not None:
        reasons.append(crowded_reason(best, policy))
    elif policy.spacing == "vein" and best.region.spot_layout == "line":
        reasons.append(
            Msg(
                "Along a vein, move toward the heart: spot 1 is farthest from it, "
                "spot %(last)s nearest.",
                last=len(best.region.spots),
            )
        )
    if policy.allowed_by and policy.allowed is not None:
        reasons.append(Msg("Only the regions %(who)s allow are suggested.", who=policy.allowed_by))
    reasons.extend(_other_sites(atlas, best, ranked, left_out, usage, now))
    return reasons


def _other_sites(
    atlas: Atlas,
    best: Candidate,
    ranked: Sequence[Candidate],
    left_out: dict[str, str],
    usage: Usage,
    now: datetime,
) -> list[str]:
    """Why other sites were passed over: blocks and check rests (at most three of each)."""
    out: list[str] = []
    for block in usage.blocks[:3]:
        if left_out.get(block.region) != "blocked":
            continue
        out.append(blocked_words(atlas.region(block.region).label, block, now))
    seen: set[str] = set()
    for c in ranked:
        note = c.rest_note
        if note is None or c.rested(now) or c.region.id == best.region.id:
            continue
        if note.region in seen or len(seen) == 3:
            continue
        seen.add(note.region)
        where: Msg = word(c.region.label)
        if note.spot is not None:
            where = Msg("%(region)s, spot %(spot)s", region=where, spot=note.spot)
        out.append(
            Msg(
                "%(where)s is still healing from %(why)s %(when)s (resting %(until)s).",
                where=where,
                why=note.why,
                when=when_words(note.since, now),
                until=until_words(note.until, now),
            )
        )
    return out


def _nothing_reasons(
    atlas: Atlas, policy: Policy, left_out: dict[str, str], usage: Usage, now: datetime
) -> list[str]:
    route = _route_words(policy.route)
    counts = {k: sum(1 for v in left_out.values() if v == k) for k in set(left_out.values())}
    out: list[str] = [
        Msg("There is no site sitecare can suggest for %(route)s injections.", route=route)
    ]
    if not left_out:
        out.append(Msg("No region of the body map is used for %(route)s injections.", route=route))
    if counts.get("avoid"):
        out.append(
            Msg(
                "%(count)s regions are places to avoid for %(route)s and never suggested.",
                count=counts["avoid"],
                route=route,
            )
        )
    if counts.get("excluded") or counts.get("not_allowed"):
        out.append(
            Msg(
                "%(count)s regions are ruled out by %(who)s. Change them in your rotation "
                "settings.",
                count=counts.get("excluded", 0) + counts.get("not_allowed", 0),
                who=policy.allowed_by or Msg("your settings"),
            )
        )
    for block in usage.blocks:
        if left_out.get(block.region) == "blocked":
            out.append(blocked_words(atlas.region(block.region).label, block, now))
    return out
