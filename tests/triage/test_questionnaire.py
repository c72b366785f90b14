"""The guided check: red flags first, stop at once, then build the same case assess() reads."""

from __future__ import annotations

from typing import Any

import pytest

from sitecare.domain.errors import InvalidInput
from sitecare.domain.triage import assess, load_red_flags
from sitecare.domain.triage.questionnaire import (
    answers_to_case,
    check_answer,
    current_screen,
    go_back,
    load_questions,
    next_step,
    read_number,
)

from .conftest import CASE_VALIDATOR

QUESTIONS = load_questions()
RED_FLAG_QUESTIONS = [q for q in QUESTIONS if q.red_flag]
NO_RED_FLAGS: dict[str, Any] = {q.id: [] for q in RED_FLAG_QUESTIONS}


def test_red_flag_questions_come_first_and_cover_every_red_flag_finding() -> None:
    # what was injected shares the first screen with the first red flags, so the "call now"
    # advice can fit the person (sugar, bring the medicine); every other question comes after
    # the red-flag screens
    rest = [q for q in QUESTIONS if q.id != "what_injected"]
    kinds = [q.red_flag for q in rest]
    assert kinds == sorted(kinds, reverse=True), "all red-flag questions before the others"
    asked = {f for q in RED_FLAG_QUESTIONS for o in q.options for f in o.findings}
    assert set(load_red_flags().findings) <= asked
    first = current_screen({})
    assert [q.id for q in first] == ["what_injected", "danger_now"]
    assert first[1].red_flag and QUESTIONS[0].id == "what_injected"


def test_questions_are_short_and_their_options_use_known_ids() -> None:
    from sitecare.domain.triage import load_vocabulary

    vocab = load_vocabulary()
    for q in QUESTIONS:
        assert len(q.text.split()) <= 20, q.id
        for o in q.options:
            assert set(o.findings) <= set(vocab.findings), (q.id, o.id)
            assert set(o.context) <= set(vocab.context), (q.id, o.id)
            assert len(o.text.split()) <= 16, (q.id, o.id)


@pytest.mark.parametrize(
    "question,option",
    [(q, o) for q in RED_FLAG_QUESTIONS for o in q.options],
    ids=lambda x: getattr(x, "id", None),
)
def test_any_red_flag_answer_stops_with_call_now(question: Any, option: Any) -> None:
    answers = {q.id: [] for q in RED_FLAG_QUESTIONS[: RED_FLAG_QUESTIONS.index(question)]}
    answers[question.id] = [option.id]
    step = next_step(answers, emergency_number="112")
    assert step.kind == "stop"
    assert step.message == "Call 112 now or go to the nearest emergency department."
    assert step.red_flags
    assert assess(step.case)["level"] == "emergency"


def test_the_first_screen_reaches_an_emergency_and_knows_what_was_injected() -> None:
    screen = current_screen({})
    assert [q.id for q in screen] == ["what_injected", "danger_now"]
    assert next_step({"danger_now": ["throat"]}).kind == "stop"
    # an insulin user who is confused: the stop already knows about the insulin
    step = next_step({"what_injected": "insulin", "danger_now": ["confused"]})
    assert step.kind == "stop"
    result = assess(step.case)
    assert result["conditions"][0]["id"] == "hypoglycemia"
    assert any("sugar" in line and "swallow" in line for line in result["do_now"])


@pytest.mark.parametrize("option", ["hard_to_wake", "slow_breathing", "blue_lips"])
def test_drowsy_or_slow_breathing_stops_with_naloxone_whatever_is_known(option: str) -> None:
    for injected in ("not_say", "insulin", "medicine", "drugs"):
        step = next_step({"what_injected": injected, "danger_now": [option]})
        assert step.kind == "stop"
        text = " ".join(assess(step.case)["do_now"]).lower()
        assert "naloxone" in text and "rescue breath" in text, (injected, text)


def test_answers_that_add_up_to_an_emergency_stop_the_check() -> None:
    answers = {
        "what_injected": "blood_thinner",
        **NO_RED_FLAGS,
        "body": ["faint"],
    }
    step = next_step(answers)
    assert step.kind == "stop" and step.red_flags
    assert assess(step.case)["conditions"][0]["id"] == "internal_bleeding"


def test_each_step_says_where_the_check_stands() -> None:
    first = next_step({})
    assert first.number == 1 and first.total >= 6
    second = next_step({"what_injected": "drugs", "danger_now": []})
    assert second.number == 2 and second.total >= second.number
    done = walk({})
    assert done  # the walk finishes


def test_go_back_removes_the_last_screen() -> None:
    answers = {"what_injected": "drugs", "danger_now": [], "danger_limb": ["pale"]}
    kept, removed = go_back(answers)
    assert kept == {"what_injected": "drugs", "danger_now": []}
    assert removed == {"danger_limb": ["pale"]}
    assert next_step(kept).screen[0].id == "danger_limb"
    assert go_back(kept)[0] == {}
    assert go_back({}) == ({}, {})


@pytest.mark.parametrize(
    "text,unit,celsius",
    [
        ("38.5", None, 38.5),
        ("38,5", None, 38.5),
        ("101.3", None, 38.5),
        ("101.3F", None, 38.5),
        ("100.4 °F", None, 38.0),
        ("38.5 °C", None, 38.5),
        ("101", "°F", 38.3),
        ("", None, None),
    ],
)
def test_a_temperature_can_be_typed_in_celsius_or_fahrenheit(
    text: str, unit: str | None, celsius: float | None
) -> None:
    q = {q.id: q for q in QUESTIONS}["temperature_c"]
    assert read_number(q, text, unit) == celsius


@pytest.mark.parametrize("text", ["hot", "60", "200F", "nan", "1e999"])
def test_a_temperature_out_of_range_is_refused(text: str) -> None:
    q = {q.id: q for q in QUESTIONS}["temperature_c"]
    with pytest.raises(InvalidInput):
        read_number(q, text)


def test_a_red_flag_combination_from_later_answers_also_stops() -> None:
    answers = {"what_injected": "drugs", **NO_RED_FLAGS, "body": ["fever", "faint"]}
    step = next_step(answers)
    assert step.kind == "stop"
    assert "fainting" in step.red_flags[0]


def walk(answers_for: dict[str, Any]) -> dict[str, Any]:
    """Answer every question asked, from ``answers_for`` or 'none'/skip."""
    answers: dict[str, Any] = {}
    for _ in range(100):
        step = next_step(answers)
        if step.kind != "ask":
            assert step.kind == "done"
            return dict(step.case)
        for q in step.screen:
            default: Any = [] if q.kind == "checklist" else None
            if q.kind == "choice":
                default = q.options[-1].id
            if q.kind == "yes_no":
                default = False
            answers[q.id] = answers_for.get(q.id, default)
    raise AssertionError("the questionnaire did not finish")


def test_a_full_walk_builds_a_valid_case_for_assess() -> None:
    case = walk(
        {
            "what_injected": "drugs",
            "route": "skin_popping",
            "site_lumps": ["soft_lump"],
            "site_skin": ["red", "warm"],
            "lump_diameter_cm": 6,
            "redness_trend": "same",
            "days_present": 3,
            "supply": ["tar"],
        }
    )
    assert not list(CASE_VALIDATOR.iter_errors(case))
    assert case["route"] == "skin_popping"
    assert set(case["context"]) == {"injects_drugs", "black_tar_heroin"}
    assert case["lump_diameter_cm"] == 6
    result = assess(case)
    assert result["level"] == "urgent"
    assert result["conditions"][0]["id"] == "abscess"


def test_questions_that_do_not_apply_are_skipped() -> None:
    case = walk({"what_injected": "insulin", "site_lumps": ["rubbery"]})
    assert case["route"] == "subcutaneous"
    assert case["context"] == ["diabetes"]
    assert "redness_trend" not in case
    assert assess(case)["conditions"][0]["id"] == "lipohypertrophy"
    answers = {**NO_RED_FLAGS, "what_injected": "medicine"}
    assert "supply" not in {q.id for q in current_screen(answers)}


def test_nested_number_answers_go_into_vitals() -> None:
    case = answers_to_case({"temperature_c": 38.4, "body": ["fever"]}, region="forearm_left")
    assert case == {
        "region": "forearm_left",
        "vitals": {"temperature_c": 38.4},
        "findings": ["fever"],
    }


@pytest.mark.parametrize(
    "qid,value,message",
    [
        ("danger_nowz", [], "There is no question"),
        ("danger_now", ["throt"], "unknown option 'throt'"),
        ("what_injected", "drug", "unknown option"),
        ("temperature_c", 60, "between 25 and 45"),
        ("days_present", "three", "expected a number"),
    ],
)
def test_bad_answers_are_refused_with_the_question_named(
    qid: str, value: Any, message: str
) -> None:
    with pytest.raises(InvalidInput) as info:
        check_answer(qid, value)
    assert message in str(info.value)
    with pytest.raises(InvalidInput):
        next_step({qid: value})


def test_unknown_option_suggests_the_closest() -> None:
    with pytest.raises(InvalidInput) as info:
        check_answer("danger_now", ["throt"])
    assert info.value.suggestions == ("throat",)
