"""The engine's public behaviour beyond levels: advice, rest, help, headline, scores."""

from __future__ import annotations

import pytest

from sitecare.domain.errors import InvalidInput
from sitecare.domain.triage import assess, score_vitals


def test_an_emergency_starts_with_the_configured_number() -> None:
    for number in ("911", "112", "999"):
        result = assess({"findings": ["spurting_blood"]}, emergency_number=number)
        assert (
            result["advice"][0] == f"Call {number} now or go to the nearest emergency department."
        )
        assert result["emergency_number"] == number
        assert number in result["headline"]


def test_a_bad_emergency_number_is_refused() -> None:
    with pytest.raises(InvalidInput) as info:
        assess({"findings": []}, emergency_number="call someone")
    assert info.value.field == "emergency_number"


def test_an_empty_case_gets_routine_when_to_get_care_advice() -> None:
    result = assess({"findings": []})
    assert result["level"] == "routine"
    assert result["conditions"] == []
    assert any("Get care today if" in a for a in result["advice"])


def test_malformed_input_never_crashes() -> None:
    for case in ({}, {"findings": None}, {"findings": ["not_a_finding"], "vitals": "x"}):
        assert assess(case)["level"] in ("routine", "self_care")


def test_cellulitis_advice_says_to_draw_a_line_and_when_it_becomes_urgent() -> None:
    result = assess({"findings": ["redness", "warmth", "tenderness"], "redness_trend": "stable"})
    text = " ".join(result["advice"])
    assert "Draw a line" in text
    assert any(line.startswith("Get care today if") for line in result["safety_net"])
    assert any(line.startswith("Call 911 now if") for line in result["safety_net"])
    assert result["rest_site_days"] is None


def test_rest_days_follow_the_route_for_an_ordinary_mark() -> None:
    assert assess({"findings": ["puncture_mark"], "route": "subcutaneous"})["rest_site_days"] == 28
    assert assess({"findings": ["puncture_mark"], "route": "intravenous"})["rest_site_days"] == 2
    assert assess({"findings": ["rubbery_lump"]})["rest_site_days"] == 90


def test_help_resources_are_offered_to_people_who_inject() -> None:
    result = assess({"findings": ["fluctuant_lump"], "context": ["injects_drugs"]})
    contacts = [h["contact"] for h in result["help"]]
    assert "1-800-662-4357" in contacts
    # someone using a prescribed medicine gets their prescriber or clinic, not a syringe service
    medicine = assess({"findings": ["fluctuant_lump"], "route": "subcutaneous"})
    assert [h["name"] for h in medicine["help"]] == ["Your prescriber, clinic or pharmacist"]
    assert assess({"findings": ["puncture_mark"]})["help"] == []


def test_reasons_name_the_findings_in_plain_words() -> None:
    result = assess({"findings": ["fluctuant_lump", "fever"], "lump_diameter_cm": 3})
    assert result["level"] == "urgent"
    assert "a soft lump that feels full of fluid" in result["reasons"]
    assert any("fever" in r for r in result["reasons"])
    assert result["conditions"][0]["because"]
    assert result["red_flags"] == []


def test_vitals_give_scores_and_normal_vitals_give_no_flags() -> None:
    normal = score_vitals(
        {
            "temperature_c": 37.0,
            "heart_rate": 70,
            "respiratory_rate": 14,
            "systolic_bp": 125,
            "spo2": 98,
            "altered_mental_status": False,
        }
    )
    assert normal.flags == frozenset()
    assert normal.scores["news2"]["score"] == 0
    assert normal.scores["news2"]["partial"] is False
    sick = score_vitals(
        {"temperature_c": 38.9, "heart_rate": 135, "respiratory_rate": 26, "systolic_bp": 86}
    )
    assert sick.scores["sirs"]["count"] == 3
    assert sick.scores["qsofa"]["score"] == 2
    assert sick.scores["news2"]["score"] == 1 + 3 + 3 + 3
    assert sick.scores["news2"]["missing"] == ["spo2", "consciousness"]
    assert {"nice_high_risk", "qsofa_ge2", "news2_ge7", "sirs_ge2"} <= sick.flags
    assert set(sick.scores["nice"]["high_risk"]) == {
        "respiratory_rate_25_or_more",
        "heart_rate_over_130",
        "systolic_90_or_under",
    }


@pytest.mark.parametrize(
    "vitals,points",
    [
        ({"respiratory_rate": 8}, 3),
        ({"respiratory_rate": 11}, 1),
        ({"respiratory_rate": 21}, 2),
        ({"spo2": 93}, 2),
        ({"spo2": 95}, 1),
        ({"systolic_bp": 100}, 2),
        ({"systolic_bp": 110}, 1),
        ({"systolic_bp": 220}, 3),
        ({"heart_rate": 40}, 3),
        ({"heart_rate": 50}, 1),
        ({"heart_rate": 111}, 2),
        ({"temperature_c": 35.0}, 3),
        ({"temperature_c": 36.0}, 1),
        ({"temperature_c": 38.1}, 1),
        ({"temperature_c": 39.1}, 2),
        ({"altered_mental_status": True}, 3),
    ],
)
def test_news2_bands(vitals: dict[str, float], points: int) -> None:
    assert score_vitals(vitals).scores["news2"]["score"] == points


def test_fever_is_38_or_more() -> None:
    assert "temp_high" in score_vitals({"temperature_c": 38.0}).flags
    assert "temp_high" not in score_vitals({"temperature_c": 37.9}).flags
    result = assess(
        {"findings": [], "vitals": {"temperature_c": 38.0}, "context": ["injects_drugs"]}
    )
    assert result["level"] == "urgent"
    assert result["scores"]["sirs"]["count"] == 1
