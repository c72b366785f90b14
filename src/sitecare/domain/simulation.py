"""Run the real planner on an empty history: N injections a day, evenly spaced, for D days."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sitecare.domain.atlas import Atlas
from sitecare.domain.errors import InvalidInput
from sitecare.domain.rotation import Policy, Usage, assess
from sitecare.domain.suggestion import Suggestion, plan_next_site

MAX_PER_DAY = 48
MAX_DAYS = 3660
MAX_CHOICES = 100_000


@dataclass(frozen=True, slots=True)
class SimulatedChoice:
    at: datetime
    region: str | None
    spot: str | None
    tier: str | None
    ready: bool
    preferred_rested: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "region": self.region,
            "spot": self.spot,
            "tier": self.tier,
            "ready": self.ready,
        }


@dataclass(frozen=True)
class Simulation:
    """Every choice, and the numbers that say how well the rotation went."""

    route: str
    per_day: int
    days: int
    start: datetime
    regions: tuple[str, ...]
    eligible_spots: int
    choices: tuple[SimulatedChoice, ...]

    @property
    def best_possible_rest_days(self) -> float:
        """Eligible spots divided by injections a day: the longest every spot could rest."""
        return self.eligible_spots / self.per_day

    @property
    def min_rest_days(self) -> float | None:
        """The shortest time between two uses of one spot (None: no spot was used twice)."""
        last: dict[tuple[str, str], datetime] = {}
        shortest: timedelta | None = None
        for c in self.choices:
            if c.region is None or c.spot is None:
                continue
            key = (c.region, c.spot)
            if key in last:
                gap = c.at - last[key]
                shortest = gap if shortest is None else min(shortest, gap)
            last[key] = c.at
        return None if shortest is None else shortest.total_seconds() / 86400

    @property
    def rest_ratio(self) -> float | None:
        """min_rest_days / best_possible_rest_days (1.0 is a perfect rotation)."""
        shortest = self.min_rest_days
        if shortest is None or not self.eligible_spots:
            return None
        return shortest / self.best_possible_rest_days

    def count(self, **match: Any) -> int:
        return sum(all(getattr(c, k) == v for k, v in match.items()) for c in self.choices)

    def stats(self) -> dict[str, Any]:
        ratio = self.rest_ratio
        shortest = self.min_rest_days
        return {
            "injections": len(self.choices),
            "eligible_spots": self.eligible_spots,
            "spots_used": len({(c.region, c.spot) for c in self.choices if c.region}),
            "min_rest_days": None if shortest is None else round(shortest, 4),
            "best_possible_rest_days": round(self.best_possible_rest_days, 4),
            "rest_ratio": None if ratio is None else round(ratio, 4),
            "avoid_picks": self.count(tier="avoid"),
            "caution_picks": self.count(tier="caution"),
            "caution_picks_while_preferred_rested": self.count(
                tier="caution", preferred_rested=True
            ),
            "picks_while_all_resting": self.count(ready=False),
            "no_site_picks": self.count(region=None),
        }

    def to_dict(self) -> dict[str, Any]:
        """The shape of ``sitecare simulate --json`` (api.md: ``choices`` of at, region, spot)."""
        return {
            "route": self.route,
            "per_day": self.per_day,
            "days": self.days,
            "start": self.start.isoformat(),
            "regions": list(self.regions),
            **self.stats(),
            "choices": [c.to_dict() for c in self.choices],
        }


def check_simulation(per_day: int, days: int) -> None:
    """Refuse numbers the simulation cannot run with, naming the option."""
    if not 1 <= per_day <= MAX_PER_DAY:
        raise InvalidInput(
            f"--per-day must be a whole number from 1 to {MAX_PER_DAY}, not {per_day}.",
            field="per_day",
        )
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput(
            f"--days must be a whole number from 1 to {MAX_DAYS}, not {days}.", field="days"
        )


def run(
    atlas: Atlas,
    policy: Policy,
    *,
    start: datetime,
    per_day: int,
    days: int,
    usage: Usage | None = None,
) -> Iterator[tuple[datetime, Suggestion]]:
    """Each planned injection in turn (the usage is updated as if each one was made)."""
    check_simulation(per_day, days)
    usage = usage if usage is not None else Usage()
    step = timedelta(days=1) / per_day
    for i in range(per_day * days):
        at = start + i * step
        suggestion = plan_next_site(atlas, usage, policy, at, alternatives=0)
        if suggestion.region is not None:
            usage.record(suggestion.region, suggestion.spot, at)
        yield at, suggestion


def simulate(
    atlas: Atlas, policy: Policy, *, start: datetime, per_day: int, days: int
) -> Simulation:
    """Run the real planner against an empty in-memory history and collect every choice."""
    if start.tzinfo is None:
        raise InvalidInput("The start time needs a zone.", field="start")
    cands, _ = assess(atlas, Usage(), policy, start)
    regions = tuple(dict.fromkeys(c.region.id for c in cands))
    choices = []
    for at, s in run(atlas, policy, start=start, per_day=per_day, days=days):
        c = s.choice
        choices.append(
            SimulatedChoice(
                at=at,
                region=s.region,
                spot=s.spot,
                tier=c.tier if c else None,
                ready=c.ready if c else False,
                preferred_rested=s.preferred_rested,
            )
        )
    return Simulation(
        route=policy.route,
        per_day=per_day,
        days=days,
        start=start,
        regions=regions,
        eligible_spots=len(cands),
        choices=tuple(choices),
    )
