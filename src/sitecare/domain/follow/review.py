"""A check being stored at a site, reviewed against the site's earlier checks (pure).

:func:`review` compares it with the check before (``compare``), raises the level when the
course is worse or healing is slower than expected (the engine recomposes the advice for the
raised level, so the call, the care lines and the whole safety net fit it), and sets when to
look again. It never lowers the engine's level and never removes a safety-net line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sitecare.domain.follow.compare import compare
from sitecare.domain.follow.course import current_course, slower_than_expected
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


def _compared(
    case: Mapping[str, Any],
    assessment: Mapping[str, Any],
    earlier: Sequence[Observation],
    at: datetime,
    emergency_number: str,
    language: str = "en",
) -> dict[str, Any]:
    """The assessment with ``course``: compared with the check before, raised when worse or
    slower than expected (recomposed by the engine for the raised level)."""
    out = dict(assessment)
    now = Look.of(case, assessment, at)
    course = compare(Look.of_check(earlier[-1]), now)
    floor, because = course.floor, [course.summary]
    looks = [Look.of_check(o) for o in current_course(earlier)] + [now]
    slower = slower_than_expected(looks, course.case, at)
    if slower is not None:
        floor = more_urgent(floor or "routine", slower.level)
        because.append(slower.words)
    if floor is not None and LEVEL_RANK[floor] > LEVEL_RANK[out["level"]]:
        out = assess(
            implied(case),
            emergency_number=emergency_number,
            floor=(floor, because),
            language=language,
        )
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
) -> dict[str, Any]:
    """The assessment of a check at a site, with ``course`` (when there was a check before)
    and ``recheck`` (``{at, why, rule, sources}``, or None for an emergency or a healed site).

    ``earlier``: that site's checks before this one, oldest first.
    """
    if not earlier:
        out = dict(assessment)
    else:
        out = _compared(case, assessment, earlier, at, emergency_number, language)
    if out.get("course", {}).get("case") == "healed":
        out["recheck"] = None  # nothing left to follow: the site is back in the rotation
        return out
    recheck = recheck_for(Look.of(case, out, at), step=len(current_course(earlier)))
    out["recheck"] = recheck.to_dict() if recheck else None
    return out
