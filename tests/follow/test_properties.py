"""Hypothesis: a reviewed re-check is never below the engine's level for its own findings, it
always fits the assessment schema, and every check below emergency says when to look again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from tests.triage.test_properties import SETTINGS, cases

from sitecare.domain.casecheck import validate_assessment
from sitecare.domain.follow import review
from sitecare.domain.records import Observation
from sitecare.domain.triage import LEVEL_RANK, assess

T0 = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)


def _first(case: dict[str, Any]) -> Observation:
    a = review(case, assess(case), [], at=T0, emergency_number="911")
    return Observation(
        id=1, uid="u1", at=T0, region="forearm_left", level=a["level"], case=case, assessment=a
    )


@SETTINGS
@given(cases(), cases(), st.sampled_from([1, 6, 24, 72, 24 * 8, 24 * 30]))
def test_a_recheck_never_lowers_the_engine_level(
    before: dict[str, Any], after: dict[str, Any], hours: int
) -> None:
    before, after = before | {"region": "forearm_left"}, after | {"region": "forearm_left"}
    engine = assess(after)
    got = review(
        after, engine, [_first(before)], at=T0 + timedelta(hours=hours), emergency_number="911"
    )
    validate_assessment(got)
    assert LEVEL_RANK[got["level"]] >= LEVEL_RANK[engine["level"]]
    assert got["safety_net"]
    assert got["course"]["case"] in ("better", "same", "worse", "much_worse", "healed")
    if got["level"] == "emergency" or got["course"]["case"] == "healed":
        assert got["recheck"] is None
    else:
        assert got["recheck"]["at"] > (T0 + timedelta(hours=hours)).isoformat()
    if got["course"]["case"] in ("worse", "much_worse"):
        assert LEVEL_RANK[got["level"]] >= LEVEL_RANK["soon"]
