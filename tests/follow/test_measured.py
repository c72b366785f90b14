"""The follow-up's comparison with sizes measured on the photos (sitecare.domain.follow):
named cases (tests/follow/course_cases.yaml, ``measured_cases``), measured beats typed, and a
measurement never lowers a level."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from tests.triage.test_properties import SETTINGS, cases

from sitecare.domain.casecheck import validate_assessment
from sitecare.domain.follow import CASES, load_follow, review
from sitecare.domain.records import Observation
from sitecare.domain.triage import LEVEL_RANK, assess

T0 = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
CASE_FILE = Path(__file__).with_name("course_cases.yaml")
NAMED = yaml.safe_load(CASE_FILE.read_text(encoding="utf-8"))["measured_cases"]
FACTS = Path("/work/shared/clinical/facts.md")


def _m(area: float | None, longest: float | None = None) -> dict[str, Any] | None:
    return None if area is None else {"area_mm2": area, "longest_mm": longest}


def stored(
    case: dict[str, Any],
    at: datetime,
    earlier: list[Observation],
    n: int,
    measured: dict[int, Any] | None = None,
) -> Observation:
    """Review a case as the services do (with the measured sizes) and give it back stored."""
    case = {"region": "forearm_left"} | case
    measured = measured or {}
    a = review(
        case,
        assess(case),
        earlier,
        at=at,
        emergency_number="911",
        measurements=measured,
        measurement=measured.get(n),
    )
    return Observation(
        id=n, uid=f"u{n}", at=at, region=case["region"], level=a["level"], case=case, assessment=a
    )


def test_the_measured_cases_cover_every_course_but_healed() -> None:
    assert {c["case"] for c in NAMED} == set(CASES) - {"healed"}


@pytest.mark.parametrize("named", NAMED, ids=[c["name"] for c in NAMED])
def test_named_measured_course(named: dict[str, Any]) -> None:
    measured = {
        1: _m(named.get("before_mm2"), named.get("before_longest")),
        2: _m(named.get("after_mm2"), named.get("after_longest")),
    }
    first = stored(named["before"], T0, [], 1, measured)
    at = T0 + timedelta(hours=named["hours"])
    second = stored(named["after"], at, [first], 2, measured)
    typed = stored(named["after"], at, [first], 2)  # the same check, sizes typed only
    a = second.assessment
    assert a["course"]["case"] == named["case"], a["course"]
    for words in named.get("says", []):
        assert words in a["course"]["summary"], a["course"]["summary"]
    assert LEVEL_RANK[a["level"]] >= LEVEL_RANK[named.get("at_least", "routine")]
    # a measurement never lowers the level the typed sizes and the answers give
    assert LEVEL_RANK[a["level"]] >= LEVEL_RANK[typed.level]
    both = named.get("before_mm2") is not None and named.get("after_mm2") is not None
    assert a["course"]["measured"] is both
    validate_assessment(a)


def test_a_measured_better_keeps_a_raise_that_stands() -> None:
    """Raised to soon (the redness grew), then about the same by the typed sizes but 30%
    smaller on the photos: "better", and yet the raise stands (the typed course keeps it)."""
    redness = {"findings": ["redness"], "redness_diameter_cm": 2}
    first = stored(redness, T0, [], 1)
    grown = redness | {"redness_diameter_cm": 3}
    second = stored(grown, T0 + timedelta(hours=24), [first], 2)
    assert second.level == "soon" and second.assessment["course"]["raised_to"] == "soon"
    measured = {2: _m(300), 3: _m(210)}
    third = stored(grown, T0 + timedelta(hours=48), [first, second], 3, measured)
    course = third.assessment["course"]
    assert course["case"] == "better" and "30% smaller" in course["summary"]
    assert third.level == "soon"
    assert "never makes a check less urgent" in " ".join(third.assessment["reasons"])
    without = stored(grown, T0 + timedelta(hours=48), [first, second], 3)
    assert without.assessment["course"]["case"] == "same" and without.level == "soon"


def test_the_thresholds_are_data_with_facts() -> None:
    rule = load_follow().measured
    assert 0 < rule.worse_pct < rule.much_worse_pct and rule.better_pct > 0
    assert rule.min_change_mm2 > 0 and rule.much_worse_min_mm2 >= rule.min_change_mm2
    assert 0 < rule.same_pct < min(rule.worse_pct, rule.better_pct)
    known = FACTS.read_text(encoding="utf-8") if FACTS.is_file() else None
    for fact in rule.sources:
        assert known is None or f"- {fact} " in known, fact


AREAS = st.one_of(st.none(), st.floats(min_value=1, max_value=5000))


@SETTINGS
@given(cases(), cases(), AREAS, AREAS, st.sampled_from([1, 6, 24, 72, 24 * 8]))
def test_a_measurement_never_lowers_a_level(
    before: dict[str, Any],
    after: dict[str, Any],
    a: float | None,
    b: float | None,
    hours: int,
) -> None:
    before, after = before | {"region": "forearm_left"}, after | {"region": "forearm_left"}
    first = stored(before, T0, [], 1)
    at = T0 + timedelta(hours=hours)
    typed = stored(after, at, [first], 2)
    measured = stored(after, at, [first], 2, {1: _m(a), 2: _m(b)})
    validate_assessment(measured.assessment)
    assert LEVEL_RANK[measured.level] >= LEVEL_RANK[typed.level]
    assert measured.assessment["safety_net"]
    if typed.assessment["course"]["case"] in ("worse", "much_worse"):
        assert measured.assessment["course"]["case"] in ("worse", "much_worse")
