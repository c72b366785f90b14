"""A check being stored at a site, reviewed against the site's earlier checks (pure).

:func:`review` compares it with the check before (``compare``), raises the level when the
course is worse or healing is slower than expected (the engine recomposes the advice for the
raised level, so the call, the care lines and the whole safety net fit it), and sets when to
look again. It never lowers the engine's level and never removes a safety-net line.

With the sizes measured on the photos (``measurements``: the check before's, by check id, and
``measurement``: this check's), the comparison uses the measured area when both have one; the
level is then never below the one the comparison of the typed sizes gives (a smaller measured
mark never cancels a red flag or a person's own "worse").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sitecare.domain.follow.compare import Course, compare, said_at
from sitecare.domain.follow.course import Slower, current_course, slower_than_expected
from sitecare.domain.follow.look import Look
from sitecare.domain.follow.schedule import recheck_for
from sitecare.domain.records import Observation
from sitecare.domain.triage import assess
from sitecare.domain.triage.vocab import LEVEL_RANK, more_urgent


def earlier_checks(checks: Sequence[Observation], region: str, at: datetime) -> list[Observation]:
    """The checks of ``region`` up to ``at``, oldest first."""
    mine = [o for o in checks if o.region == region and o.at <= at]
    return sorted(mine, key=lambda o: (o.at, o.id))


#: what a measurement or a trend says was there, even when the finding was not ticked
IMPLIED = {
    "redness_diameter_cm": "redness",
    "lump_diameter_cm": "hard_lump",
    "wound_diameter_cm": "open_wound",
}


def implied(case: Mapping[str, Any]) -> dict[str, Any]:
    """The case with the findings its measurements imply (a redness measured at 3 cm is a
    redness), so a worse course always has a condition to raise."""
    findings = list(case.get("findings", []) or [])
    for key, finding in IMPLIED.items():
        value = case.get(key)
        if isinstance(value, int | float) and value > 0 and finding not in findings:
            findings.append(finding)
    if case.get("redness_trend") in ("spreading", "spreading_fast") and "redness" not in findings:
        findings.append("redness")
    return dict(case) | {"findings": findings}


#: why a check keeps the level its answers give when the measured size alone would give less
KEPT = "A size measured on a photo never makes a check less urgent than its answers alone."

Floor = tuple[str | None, list[str], Slower | None]


def _floor(course: Course, earlier: Sequence[Observation], now: Look, at: datetime) -> Floor:
    """The least level a course gives (worse, or slower than expected), and why."""
    floor, because = course.floor, [course.summary]
    looks = [Look.of_check(o) for o in current_course(earlier)] + [now]
    slower = slower_than_expected(looks, course.case, at)
    if slower is not None:
        floor = more_urgent(floor or "routine", slower.level)
        because.append(slower.words)
    return floor, because, slower


def _rank(level: str | None) -> int:
    return -1 if level is None else LEVEL_RANK[level]


def _course_floor(
    earlier: Sequence[Observation],
    now: Look,
    at: datetime,
    measurements: Mapping[int, Mapping[str, Any]] | None,
) -> tuple[Course, Floor]:
    """The comparison (with the measured sizes when both checks have one) and its floor, never
    below the floor of the comparison of the typed sizes."""
    before = Look.of_check(earlier[-1]).measured((measurements or {}).get(earlier[-1].id))
    course = compare(before, now)
    floor = _floor(course, earlier, now, at)
    if course.measured:
        typed = _floor(compare(before, now, measured=False), earlier, now, at)
        if _rank(typed[0]) > _rank(floor[0]):
            floor = (typed[0], [course.summary, KEPT, *typed[1][1:]], typed[2])
    return course, floor


def _compared(
    now: Look,
    assessment: Mapping[str, Any],
    earlier: Sequence[Observation],
    measurements: Mapping[int, Mapping[str, Any]] | None,
    recompose: Callable[[tuple[str, list[str]]], dict[str, Any]],
) -> dict[str, Any]:
    """The assessment with ``course``: compared with the check before, raised when worse or
    slower than expected (``recompose``: the engine's result for the case at a raised level)."""
    out = dict(assessment)
    course, (floor, because, slower) = _course_floor(earlier, now, now.at, measurements)
    if floor is not None and LEVEL_RANK[floor] > LEVEL_RANK[out["level"]]:
        # never "now says get care today" under "Emergency: call now"
        said = said_at(course, now, floor)
        because = [said.summary if b == course.summary else b for b in because]
        course = said
        out = recompose((floor, because))
    out["course"] = course.to_dict() | {
        "raised_to": out["level"] if out["level"] != assessment["level"] else None,
        "engine_level": assessment["level"],
        "slower": slower.words if slower else None,
    }
    return out


def review(
    case: Mapping[str, Any],
    assessment: Mapping[str, Any],
    earlier: Sequence[Observation],
    *,
    at: datetime,
    emergency_number: str,
    language: str = "en",
    measurements: Mapping[int, Mapping[str, Any]] | None = None,
    measurement: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The assessment of a check at a site, with ``course`` (when there was a check before)
    and ``recheck`` (``{at, why, rule, sources}``, or None for an emergency or a healed site).

    ``earlier``: that site's checks before this one, oldest first. ``measurements``: the
    measurement of a check's photo (``area_mm2``, ``longest_mm``) by check id; ``measurement``:
    this check's.
    """
    if not earlier:
        out = dict(assessment)
    else:
        now = Look.of(case, assessment, at).measured(measurement)

        def recompose(floor: tuple[str, list[str]]) -> dict[str, Any]:
            number = emergency_number
            return assess(implied(case), emergency_number=number, floor=floor, language=language)

        out = _compared(now, assessment, earlier, measurements, recompose)
    if out.get("course", {}).get("case") == "healed":
        out["recheck"] = None  # nothing left to follow: the site is back in the rotation
        return out
    recheck = recheck_for(Look.of(case, out, at), step=len(current_course(earlier)))
    out["recheck"] = recheck.to_dict() if recheck else None
    return out
