"""A measurement kept with a re-check's photo compares the check again (SQLite and PostgreSQL):
the measured sizes grade the course and raise the level, and never lower it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from tests.measure.conftest import photo as synthetic

T0 = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
DAY = timedelta(hours=24)
REDNESS = {"region": "forearm_left", "findings": ["redness"], "redness_diameter_cm": 2}


@pytest.fixture
def sc(db_url: str, open_services: Any) -> Any:
    return open_services(db_url)


def _check(sc: Any, case: dict[str, Any], at: datetime) -> tuple[int, int]:
    """A stored check at ``at`` with one photo: (check id, photo id)."""
    cid = sc.triage.check(case, now=at).observation.id
    return cid, sc.photos.add(cid, synthetic(with_card=False).jpeg, now=at).id


def _measure(sc: Any, photo_id: int, mm: float, at: datetime) -> None:
    sc.measurements.save_by_hand(photo_id, mm, mm, now=at)


def test_a_mark_measured_larger_raises_the_recheck(sc: Any) -> None:
    _, p1 = _check(sc, REDNESS, T0)
    _measure(sc, p1, 10, T0)
    c2, p2 = _check(sc, REDNESS, T0 + DAY)  # typed: the same 2 cm
    first = sc.triage.get_check(c2, now=T0 + DAY)
    assert first.level == "self_care" and first.assessment["course"]["case"] == "same"
    _measure(sc, p2, 12, T0 + DAY)  # 44% larger on the photos
    got = sc.triage.get_check(c2, now=T0 + DAY)
    course = got.assessment["course"]
    assert got.level == "soon" and course["case"] == "worse" and course["measured"]
    assert "the redness is 44% larger than yesterday" in course["summary"]
    assert got.assessment["reasons"][0] == course["summary"]
    assert got.assessment["recheck"]["at"] > (T0 + DAY).isoformat()
    # the site page's course shows it: the wording and the raised level
    [entry] = [
        e for e in sc.triage.course("forearm_left", now=T0 + DAY)["entries"] if e["check_id"] == c2
    ]
    assert entry["level"] == "soon" and entry["case"] == "worse"


def test_a_smaller_measured_mark_does_not_cancel_red_streaks(sc: Any) -> None:
    _, p1 = _check(sc, REDNESS | {"findings": ["redness", "warmth"]}, T0)
    _measure(sc, p1, 20, T0)
    streaks = REDNESS | {"findings": ["redness", "warmth", "red_streaks"]}
    c2, p2 = _check(sc, streaks, T0 + DAY)
    before = sc.triage.get_check(c2, now=T0 + DAY)
    _measure(sc, p2, 10, T0 + DAY)  # 75% smaller on the photos
    got = sc.triage.get_check(c2, now=T0 + DAY)
    assert got.assessment["course"]["case"] == "much_worse"
    assert got.level == before.level == "urgent"
    assert "75% smaller" in got.assessment["course"]["summary"]


def test_a_measurement_cleared_or_corrected_later_never_lowers_the_level(sc: Any) -> None:
    _, p1 = _check(sc, REDNESS, T0)
    _measure(sc, p1, 10, T0)
    c2, p2 = _check(sc, REDNESS, T0 + DAY)
    _measure(sc, p2, 16, T0 + DAY)  # more than doubled: much worse
    assert sc.triage.get_check(c2, now=T0 + DAY).level == "urgent"
    _measure(sc, p2, 11, T0 + DAY)  # corrected: 21% larger, worse only
    assert sc.triage.get_check(c2, now=T0 + DAY).level == "urgent"
    sc.measurements.clear(p2, now=T0 + DAY)
    assert sc.triage.get_check(c2, now=T0 + DAY).level == "urgent"


def test_measuring_the_earlier_check_compares_the_one_after_it(sc: Any) -> None:
    c1, p1 = _check(sc, REDNESS, T0)
    c2, p2 = _check(sc, REDNESS, T0 + DAY)
    _measure(sc, p2, 14, T0 + DAY)  # only one check measured: nothing changes
    assert sc.triage.get_check(c2, now=T0 + DAY).assessment["course"]["measured"] is False
    _measure(sc, p1, 10, T0 + DAY)  # now both are: the later check is compared again
    got = sc.triage.get_check(c2, now=T0 + DAY)
    assert got.level == "soon" and got.assessment["course"]["measured"]
    assert (
        sc.triage.get_check(c1, now=T0 + DAY).level == "self_care"
    )  # the first: nothing to compare


@pytest.mark.parametrize(("typed", "mm"), [("6,5", 6.5), (" 12.5 ", 12.5), ("40", 40.0)])
def test_a_size_typed_by_hand_reads_a_decimal_comma_too(typed: str, mm: float) -> None:
    from sitecare.services.photo_measure import by_hand

    at = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert by_hand(typed, "", now=at)["longest_mm"] == mm


def test_a_size_with_two_separators_is_refused() -> None:
    from sitecare.domain.errors import InvalidInput
    from sitecare.services.photo_measure import by_hand

    with pytest.raises(InvalidInput) as refused:
        by_hand("1,234.5", "", now=datetime(2026, 12, 1, tzinfo=UTC))
    assert refused.value.field == "longest_mm"
