"""The follow-up's packaged data: re-check rules, expected courses and how a measured size
counts (``data/follow/``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from sitecare.domain.messages import word
from sitecare.domain.triage._resources import load_yaml


@dataclass(frozen=True)
class RecheckRule:
    """When to look again after a check that found ``condition`` or one of ``findings``."""

    id: str
    hours: tuple[float, ...]
    why: str
    sources: tuple[str, ...]
    condition: str | None = None
    findings: frozenset[str] = frozenset()

    def hours_at(self, step: int) -> float:
        """The hours for the ``step``-th check of a course (the last value repeats)."""
        return self.hours[min(step, len(self.hours) - 1)]


@dataclass(frozen=True)
class LevelRecheck:
    """The fallback for a level, and the latest a check at that level is looked at again."""

    level: str
    hours: float
    latest: float
    why: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class ExpectedCourse:
    """How long a condition usually takes to heal, and what to do when it is slower."""

    condition: str
    heals: str
    better_within_days: float
    gone_within_days: float
    slower: str
    slower_level: str
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "condition": self.condition,
            "heals": self.heals,
            "better_within_days": self.better_within_days,
            "gone_within_days": self.gone_within_days,
            "sources": list(self.sources),
        }


@dataclass(frozen=True)
class MeasuredRule:
    """How much a measured area must change to make a course worse, much worse or better
    (``data/follow/measured.yaml``)."""

    worse_pct: float
    better_pct: float
    min_change_mm2: float
    much_worse_pct: float
    much_worse_min_mm2: float
    much_worse_longest_mm: float
    same_pct: float
    sources: tuple[str, ...]


@dataclass(frozen=True)
class FollowData:
    rules: tuple[RecheckRule, ...]
    levels: Mapping[str, LevelRecheck]
    courses: Mapping[str, ExpectedCourse]
    measured: MeasuredRule


def _rule(raw: Mapping[str, Any]) -> RecheckRule:
    return RecheckRule(
        id=str(raw["id"]),
        hours=tuple(float(h) for h in raw["hours"]),
        why=word(" ".join(str(raw["why"]).split())),
        sources=tuple(str(s) for s in raw["sources"]),
        condition=raw.get("condition"),
        findings=frozenset(str(f) for f in raw.get("findings", []) or []),
    )


def _course(condition: str, raw: Mapping[str, Any]) -> ExpectedCourse:
    return ExpectedCourse(
        condition=condition,
        heals=word(str(raw["heals"])),
        better_within_days=float(raw["better_within_days"]),
        gone_within_days=float(raw["gone_within_days"]),
        slower=word(str(raw["slower"])),
        slower_level=str(raw["slower_level"]),
        sources=tuple(str(s) for s in raw["sources"]),
    )


def _measured(raw: Mapping[str, Any]) -> MeasuredRule:
    numbers = {k: float(v) for k, v in raw.items() if k != "sources"}
    return MeasuredRule(**numbers, sources=tuple(str(s) for s in raw["sources"]))


@cache
def load_follow() -> FollowData:
    """The re-check rules and expected courses, parsed once."""
    rechecks = load_yaml("follow", "rechecks.yaml")
    courses = load_yaml("follow", "courses.yaml")
    levels = {
        name: LevelRecheck(
            name,
            float(raw["hours"]),
            float(raw["latest"]),
            word(" ".join(str(raw["why"]).split())),
            tuple(str(s) for s in raw["sources"]),
        )
        for name, raw in rechecks["levels"].items()
    }
    return FollowData(
        rules=tuple(_rule(r) for r in rechecks["rules"]),
        levels=levels,
        courses={c: _course(c, raw) for c, raw in courses["courses"].items()},
        measured=_measured(load_yaml("follow", "measured.yaml")["measured"]),
    )
