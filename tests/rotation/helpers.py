"""Small builders for rotation tests: injections and checks as plain values."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from hypothesis import strategies as st

from sitecare.domain.atlas import Atlas, Region, load_atlas
from sitecare.domain.records import Injection, Observation

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
_ids = itertools.count(1)


def inj(
    region: str, spot: str | None, *, ago_days: float, route: str = "intravenous", now=NOW
) -> Injection:
    n = next(_ids)
    return Injection(
        id=n,
        uid=f"i{n}",
        at=now - timedelta(days=ago_days),
        region=region,
        route=route,
        spot=spot,
    )


def check(
    region: str,
    *,
    ago_days: float,
    spot: str | None = None,
    level: str = "self_care",
    rest_days: float | None = None,
    blocked: bool = False,
    findings: tuple[str, ...] = (),
    conditions: tuple[str, ...] = (),
    now=NOW,
) -> Observation:
    n = next(_ids)
    case: dict[str, Any] = {"findings": list(findings)}
    assessment: dict[str, Any] = {"conditions": [{"id": c} for c in conditions]}
    return Observation(
        id=n,
        uid=f"o{n}",
        at=now - timedelta(days=ago_days),
        region=region,
        spot=spot,
        level=level,
        rest_days=rest_days,
        blocked=blocked,
        case=case,
        assessment=assessment,
    )


@cache
def spots_or_none(region: str) -> st.SearchStrategy[str | None]:
    """A spot of ``region`` or no spot. One strategy a region, made on first use: a strategy
    made anew for every draw (a list is not cached by Hypothesis) cost most of the property
    tests' time, drawing exactly what this one draws."""
    return st.one_of(st.none(), st.sampled_from([s.id for s in _atlas().region(region).spots]))


@cache
def places_of(route: str) -> st.SearchStrategy[Region]:
    """A region the route may use (one strategy a route, as ``spots_or_none``)."""
    return st.sampled_from(list(_atlas().for_route(route)))


@cache
def _atlas() -> Atlas:
    return load_atlas()
