"""A site's healing course: its checks in order, the expected course of the likely condition,
and whether healing is slower than expected (pure; ``now`` is a parameter)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sitecare.domain.follow.data import ExpectedCourse, load_follow
from sitecare.domain.follow.look import Look
from sitecare.domain.messages import Msg, word
from sitecare.domain.records import Observation
from sitecare.domain.stored_words import from_data
from sitecare.domain.triage.headline import headline_words
from sitecare.domain.wording import days_words


@dataclass(frozen=True)
class Slower:
    """Healing is slower than expected: say so, what to do, and the least level it needs."""

    words: str
    level: str


def course_case(obs: Observation) -> str | None:
    """The comparison case stored with a re-check (None for a first check)."""
    course = obs.assessment.get("course")
    return str(course.get("case")) if isinstance(course, dict) and course.get("case") else None


def current_course(checks: Sequence[Observation]) -> list[Observation]:
    """The checks of one site since it last healed (a healed check ends a course)."""
    ordered = sorted(checks, key=lambda o: (o.at, o.id))
    start = 0
    for i, obs in enumerate(ordered):
        if course_case(obs) == "healed":
            start = i + 1
    return ordered[start:]


def expected_for(looks: Sequence[Look]) -> ExpectedCourse | None:
    """The expected course of the likely condition: the latest look's first condition that has
    one, else the first look's."""
    courses = load_follow().courses
    for look in (looks[-1], looks[0]) if looks else ():
        for cond in look.conditions:
            if cond in courses:
                return courses[cond]
    return None


def course_days(looks: Sequence[Look], now: datetime) -> float:
    """Days since the problem began: from the first check, plus the days it was there before."""
    first = looks[0]
    return (now - first.at).total_seconds() / 86400 + (first.days_present or 0.0)


def slower_than_expected(looks: Sequence[Look], case: str | None, now: datetime) -> Slower | None:
    """Is this course slower than expected at ``now``? ``case``: the latest comparison."""
    expected = expected_for(looks)
    if expected is None or not looks or case == "healed":
        return None
    days = course_days(looks, now)
    not_better = case is not None and case != "better"
    if days > expected.gone_within_days or (not_better and days > expected.better_within_days):
        words = Msg(
            "Healing is slower than expected: it has been about %(days)s. %(heals)s %(slower)s",
            days=days_words(int(days)),
            heals=expected.heals,
            slower=expected.slower,
        )
        return Slower(words, expected.slower_level if not_better else "routine")
    return None


def _summary(course: dict[str, Any]) -> Any:
    """A stored re-check's summary: said again in the reader's language when it was stored
    as a message too (``said``), else the English it was stored as."""
    said = from_data(course["said"]) if "said" in course else None
    return said if isinstance(said, Msg) else course.get("summary")


def _entry(obs: Observation) -> dict[str, Any]:
    look = Look.of_check(obs)
    return {
        "check_id": obs.id,
        "at": obs.at.isoformat(),
        "level": obs.level,
        "sizes": dict(look.sizes),
        "size_words": look.size_words(),
        "case": course_case(obs),
        "summary": _summary(obs.assessment.get("course") or {}),
        "measured": bool((obs.assessment.get("course") or {}).get("measured")),
        # said again in the reader's language from the stored level and condition
        "headline": headline_words(obs.assessment),
        "blocked": obs.blocked,
        "rest_days": obs.rest_days,
    }


def _said_again(recheck: dict[str, Any]) -> dict[str, Any]:
    """A stored re-check, its ``why`` (the data's words) said in the page's language again."""
    why = recheck.get("why")
    return {**recheck, "why": word(why)} if isinstance(why, str) and why else recheck


def site_course(checks: Sequence[Observation], now: datetime) -> dict[str, Any]:
    """A site's course for its page: every check (oldest first), the current course's expected
    healing, whether it is slower than expected, and the next re-check."""
    ordered = sorted(checks, key=lambda o: (o.at, o.id))
    course = current_course(ordered)
    looks = [Look.of_check(o) for o in course]
    last = ordered[-1] if ordered else None
    expected = expected_for(looks)
    slower = slower_than_expected(looks, course_case(course[-1]), now) if course else None
    recheck = last.assessment.get("recheck") if last is not None else None
    return {
        "entries": [_entry(o) for o in ordered],
        "healed": last is not None and not course,
        "expected": expected.to_dict() if expected else None,
        "days": round(course_days(looks, now), 1) if looks else None,
        "slower": slower.words if slower else None,
        "next_recheck": _said_again(recheck) if isinstance(recheck, dict) else None,
    }
