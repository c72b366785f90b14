"""The follow-up's pure core: named comparison cases, re-check times, due lists, courses."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from sitecare.domain.follow import (
    CASES,
    Look,
    due_rechecks,
    load_follow,
    recheck_for,
    review,
    site_course,
)
from sitecare.domain.records import Observation
from sitecare.domain.triage import LEVEL_RANK, assess, load_vocabulary

T0 = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
CASE_FILE = Path(__file__).with_name("course_cases.yaml")
NAMED = yaml.safe_load(CASE_FILE.read_text(encoding="utf-8"))["cases"]
FACTS = Path("/work/shared/clinical/facts.md")


def stored(case: dict[str, Any], at: datetime, earlier: list[Observation], n: int) -> Observation:
    """Review a case as the services do and give it back as a stored check."""
    case = {"region": "forearm_left"} | case
    a = review(case, assess(case), earlier, at=at, emergency_number="911")
    return Observation(
        id=n, uid=f"u{n}", at=at, region=case["region"], level=a["level"], case=case, assessment=a
    )


def test_the_named_cases_cover_every_course() -> None:
    assert {c["case"] for c in NAMED} == set(CASES)


@pytest.mark.parametrize("named", NAMED, ids=[c["name"] for c in NAMED])
def test_named_course(named: dict[str, Any]) -> None:
    first = stored(named["before"], T0, [], 1)
    at = T0 + timedelta(hours=named["hours"])
    case = {"region": "forearm_left"} | named["after"]
    engine = assess(case)
    second = stored(named["after"], at, [first], 2)
    a = second.assessment
    assert a["course"]["case"] == named["case"], a["course"]
    for words in named.get("says", []):
        assert words in a["course"]["summary"], a["course"]["summary"]
    least = named.get("at_least", engine["level"])
    assert LEVEL_RANK[a["level"]] >= LEVEL_RANK[least]
    if "at_most" in named:
        assert LEVEL_RANK[a["level"]] <= LEVEL_RANK[named["at_most"]], a["level"]
    # never below what the engine gives for the current findings alone
    assert LEVEL_RANK[a["level"]] >= LEVEL_RANK[engine["level"]]
    if a["level"] != engine["level"]:
        assert a["course"]["raised_to"] == a["level"]
        assert a["reasons"][0] == a["course"]["summary"]
    _never_says_less(a)


def _never_says_less(a: dict[str, Any]) -> None:
    """The course summary (the result's first reason when raised) names no level below the
    result's own: "now says get care today" under "Emergency: call now" is a wrong answer."""
    from sitecare.domain.follow.compare import LEVEL_WORDS

    for level, words in LEVEL_WORDS.items():
        if LEVEL_RANK[level] < LEVEL_RANK[a["level"]]:
            assert f"now says {words}," not in a["course"]["summary"], a["course"]["summary"]


def test_a_raised_result_is_composed_for_its_level() -> None:
    first = stored({"findings": ["redness"], "redness_diameter_cm": 2}, T0, [], 1)
    case = {
        "findings": ["redness", "fever"],
        "redness_diameter_cm": 5,
        "redness_trend": "spreading",
    }
    a = stored(case, T0 + timedelta(hours=20), [first], 2).assessment
    assert a["level"] == "emergency"
    assert "the check now says emergency, not care at home" in a["reasons"][0]
    _never_says_less(a)
    assert a["do_now"][0].startswith("Call 911 now")
    assert a["advice"] == a["do_now"] + a["care"] + a["safety_net"]
    later = re.compile(r"\b(today|tomorrow|1-2 days)\b", re.I)
    assert not [line for line in a["advice"] if later.search(line)]
    assert a["safety_net"]
    assert a["recheck"] is None  # an emergency is handed to emergency care


def test_a_raised_result_keeps_every_safety_net_line_below_its_level() -> None:
    """Raising only drops lines whose target the level has reached ("get care today if ..."
    inside a result that already says get care today), as adding a finding does."""
    from sitecare.domain.triage.compose import TARGET_RANK
    from sitecare.domain.triage.engine import explain

    case = {"findings": ["scab", "pain"]}
    engine = assess(case)
    raised = assess(case, floor=("urgent", ["Worse than yesterday: more pain."]))
    for line in explain(case):
        if line.section == "safety_net" and line.text not in raised["safety_net"]:
            assert TARGET_RANK[line.target or "waiting"] <= LEVEL_RANK["urgent"], line.text
    assert engine["level"] == "self_care" and raised["level"] == "urgent"


def test_the_floor_never_lowers() -> None:
    case = {"findings": ["pulsating_lump"]}
    assert assess(case, floor=("soon", ["x"]))["level"] == "emergency"


# -- re-check times ----------------------------------------------------------------------------


def _hours(case: dict[str, Any], step: int = 0) -> float:
    look = Look.of(case, assess(case), T0)
    recheck = recheck_for(look, step=step)
    assert recheck is not None
    return (recheck.at - T0).total_seconds() / 3600


def test_redness_that_may_be_cellulitis_within_hours_then_the_next_day() -> None:
    case = {"findings": ["redness", "warmth", "tenderness"], "redness_diameter_cm": 3}
    assert _hours(case) == 4
    assert _hours(case, step=1) == 24
    assert _hours(case, step=5) == 24


@pytest.mark.parametrize(
    ("findings", "hours"),
    [
        (["fluctuant_lump", "warmth"], 24),  # an abscess treated at home: daily
        (["bruise"], 168),  # a week
        (["scab"], 72),  # a healing scab: 3 days
    ],
)
def test_recheck_times_from_the_rule_base(findings: list[str], hours: float) -> None:
    assert _hours({"findings": findings, "lump_diameter_cm": 0.5}) == hours


def test_thrombophlebitis_in_a_week() -> None:
    case = {"findings": ["cord_like_vein", "tenderness"], "region": "forearm_left"}
    a = assess(case)
    assert a["conditions"][0]["id"] == "superficial_thrombophlebitis"
    assert a["level"] == "self_care"
    assert _hours(case) == 168


def test_the_level_caps_the_wait() -> None:
    """A check that says get care today is looked at again by tomorrow, whatever it found."""
    case = {"findings": ["bruise", "fever"], "context": ["injects_drugs"]}
    assert assess(case)["level"] == "urgent"
    assert _hours(case) <= 24


def test_every_check_below_emergency_gets_a_recheck_and_an_emergency_none() -> None:
    for finding in sorted(load_vocabulary().findings):
        case = {"findings": [finding]}
        a = assess(case)
        got = recheck_for(Look.of(case, a, T0))
        assert (got is None) == (a["level"] == "emergency"), finding
        if got is not None:
            assert got.why and got.sources


def test_the_data_names_known_conditions_findings_and_facts() -> None:
    data = load_follow()
    vocab = load_vocabulary()
    known_facts = FACTS.read_text(encoding="utf-8") if FACTS.is_file() else None
    for rule in data.rules:
        assert rule.condition is None or rule.condition in vocab.conditions
        assert rule.findings <= set(vocab.findings)
        for fact in rule.sources:
            assert known_facts is None or f"- {fact} " in known_facts, fact
    for course in data.courses.values():
        assert course.condition in vocab.conditions
        assert course.better_within_days <= course.gone_within_days
        assert course.slower_level in LEVEL_RANK
        for fact in course.sources:
            assert known_facts is None or f"- {fact} " in known_facts, fact


# -- due ---------------------------------------------------------------------------------------


def test_due_lists_the_latest_check_of_each_site_once_its_time_has_come() -> None:
    bruise = stored({"findings": ["bruise"]}, T0, [], 1)
    scab = stored({"findings": ["scab"], "region": "forearm_right"}, T0, [], 2)
    assert due_rechecks([bruise, scab], T0 + timedelta(days=2)) == []
    got = due_rechecks([bruise, scab], T0 + timedelta(days=3), {"forearm_right": "Right forearm"})
    assert [(d.region, d.label, d.overdue) for d in got] == [
        ("forearm_right", "Right forearm", False)
    ]
    later = due_rechecks([bruise, scab], T0 + timedelta(days=8))
    assert [(d.region, d.overdue) for d in later] == [
        ("forearm_right", True),
        ("forearm_left", False),
    ]
    assert later[1].why.startswith("A bruise")
    # a later check of the site replaces the earlier one's re-check
    again = stored({"findings": ["bruise"]}, T0 + timedelta(days=7), [bruise], 3)
    assert [d.region for d in due_rechecks([bruise, again], T0 + timedelta(days=8))] == []


def test_a_healed_site_is_not_due() -> None:
    scab = stored({"findings": ["scab"]}, T0, [], 1)
    healed = stored({"findings": []}, T0 + timedelta(days=3), [scab], 2)
    assert healed.assessment["course"]["case"] == "healed"
    assert healed.assessment["recheck"] is None
    assert due_rechecks([scab, healed], T0 + timedelta(days=30)) == []


# -- the course --------------------------------------------------------------------------------


def test_the_course_of_a_site_and_slower_than_expected() -> None:
    first = stored({"findings": ["bruise"]}, T0, [], 1)
    second = stored({"findings": ["bruise"]}, T0 + timedelta(days=12), [first], 2)
    assert second.assessment["course"]["case"] == "same"
    # not better after 12 days: a bruise should be fading by 10
    assert "slower than expected" in second.assessment["course"]["slower"]
    assert LEVEL_RANK[second.level or ""] >= LEVEL_RANK["soon"]
    course = site_course([first, second], T0 + timedelta(days=12))
    assert course["expected"]["condition"] == "bruise"
    assert "2 to 3 weeks" in course["expected"]["heals"]
    assert course["slower"] and "3 weeks" in course["slower"]
    assert [e["check_id"] for e in course["entries"]] == [1, 2]
    assert not course["healed"]


def test_a_course_on_time_is_not_slower() -> None:
    first = stored({"findings": ["bruise"]}, T0, [], 1)
    course = site_course([first], T0 + timedelta(days=5))
    assert course["slower"] is None and course["days"] == 5


def test_days_present_count_towards_the_course() -> None:
    first = stored({"findings": ["scab"], "days_present": 10}, T0, [], 1)
    course = site_course([first], T0 + timedelta(hours=1))
    assert course["slower"] and "not healed after a week" in course["slower"]


def test_sizes_in_the_timeline_and_a_healed_course() -> None:
    first = stored({"findings": ["redness"], "redness_diameter_cm": 2}, T0, [], 1)
    second = stored({"findings": []}, T0 + timedelta(days=2), [first], 2)
    course = site_course([first, second], T0 + timedelta(days=2))
    assert course["entries"][0]["size_words"] == "redness 2 cm"
    assert course["healed"] and course["slower"] is None
