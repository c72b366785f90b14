"""The red flags: findings (and a few combinations) that alone make a case an emergency.

Kept as data in ``data/triage/red_flags.yaml`` so the questionnaire can ask them first
and the tests can prove that each one, alone, yields ``emergency``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sitecare.domain.triage._resources import load_yaml


@dataclass(frozen=True)
class RedFlag:
    findings: tuple[str, ...]
    why: str
    redness_trend: str | None = None


@dataclass(frozen=True)
class RedFlags:
    #: single findings, each an emergency on its own
    findings: tuple[str, ...]
    #: every red flag with its reason: singles, combinations and the fast-spreading trend
    all: tuple[RedFlag, ...]
    #: redness_trend values that are an emergency on their own
    trends: tuple[str, ...]


@cache
def load_red_flags() -> RedFlags:
    """The packaged red-flag list."""
    raw = load_yaml("triage", "red_flags.yaml")
    singles = tuple(RedFlag((fid,), str(why)) for fid, why in raw["findings"].items())
    combos = tuple(
        RedFlag(tuple(c["findings"]), str(c["why"])) for c in raw.get("combinations", [])
    )
    trends = tuple(RedFlag((), str(t["why"]), t["redness_trend"]) for t in raw.get("trends", []))
    return RedFlags(
        findings=tuple(f.findings[0] for f in singles),
        all=singles + combos + trends,
        trends=tuple(t.redness_trend for t in trends if t.redness_trend),
    )


def red_flag_findings() -> tuple[str, ...]:
    """Finding ids that each, alone, make the level ``emergency``."""
    return load_red_flags().findings
