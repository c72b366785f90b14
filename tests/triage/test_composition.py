"""What a person reads: do_now, care and safety net, composed by the rules in composition.yaml.

Hypothesis properties over generated cases (the same generator as test_properties.py):

* the safety net is never empty, and complete: below an emergency it says which signs mean
  calling the emergency number, and below urgent when to get care the same day;
* no result holds two conflicting tags (composition.yaml ``conflicts``);
* no line is repeated; ``advice`` is do_now, care and safety_net in that order; at most 5
  do-now lines, and an emergency starts with the call;
* inside an emergency nothing says today, tomorrow or 1-2 days;
* no reassuring mark (an ordinary injection mark, a healing mark, old scars) is listed
  beside an emergency;
* lines fit the case: no raising a limb for a site that is not a limb, no harm-reduction
  service for someone using a prescribed medicine, one rest figure;
* adding a finding never removes a safety-net line, unless the sign it named is now there
  (its "gets worse" wording takes its place) or the result already does what the line said
  (the level reached the line's target).

And the examples issue 9 named, one by one.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitecare.domain.triage import LEVEL_RANK, assess, load_rulebase
from sitecare.domain.triage.compose import TARGET_RANK, conflicts_in
from sitecare.domain.triage.engine import Scope, explain, normalise
from sitecare.domain.triage.vocab import load_vocabulary

from .test_properties import FINDINGS, SETTINGS, cases

RB = load_rulebase()
COMP = RB.composition
LATER = re.compile(r"\b(today|tomorrow|tonight|1-2 days|day or two|next few days)\b", re.I)
REST_FIGURE = re.compile(r"\brest\b[^.]*\b\d+\s*(day|week)s?", re.I)
LIMB_WORDS = re.compile(
    r"\b(raise (it|the|your)|raising it|(keep|kept) it raised|legs raised|elevat)", re.I
)


def _scope(case: dict[str, Any]) -> Scope:
    facts, _ = normalise(case, load_vocabulary())
    return Scope(facts, RB)


def check_reads_well(case: dict[str, Any], number: str = "911") -> dict[str, Any]:
    """Assert everything the module docstring promises about one result; return it."""
    a = assess(case, emergency_number=number)
    lines = explain(case, emergency_number=number)
    level = a["level"]
    assert a["advice"] == a["do_now"] + a["care"] + a["safety_net"]
    assert [x.text for x in lines] == a["advice"]
    assert len(a["advice"]) == len(set(a["advice"])), "no repeated line"
    assert 1 <= len(a["do_now"]) <= COMP.max_do_now
    assert a["safety_net"], "the safety net is never empty"
    leads = [x.target for x in lines if x.section == "safety_net"]
    if level == "emergency":
        assert a["do_now"][0] == f"Call {number} now or go to the nearest emergency department."
        assert not [t for t in a["advice"] if LATER.search(t)], a["advice"]
        listed = {c["id"] for c in a["conditions"]}
        assert not listed & set(COMP.reassuring_conditions), a["conditions"]
        assert leads and set(leads) == {"waiting"}
    else:
        assert "emergency" in leads, "below emergency: which signs mean calling now"
        assert any(t.startswith(f"Call {number} now if") for t in a["safety_net"])
        if LEVEL_RANK[level] < LEVEL_RANK["urgent"]:
            assert "urgent" in leads, "below urgent: when to get care today"
    assert conflicts_in([x.tags for x in lines], COMP) == [], [x.tags for x in lines]
    scope = _scope(case)
    limb = scope.facts.region is None or "limb" in scope.facts.region_groups
    for x in lines:
        if "elevate_limb" in x.tags or (x.section != "safety_net" and LIMB_WORDS.search(x.text)):
            assert limb or "keep_level" in x.tags or "lie_down" in x.tags, (case, x.text)
    if scope.group("medicine_user") is not None:
        text = " ".join(a["advice"]).lower() + " ".join(h["name"] for h in a["help"]).lower()
        assert "syringe service" not in text and "harm-reduction" not in text, a["advice"]
    assert len([t for t in a["advice"] if REST_FIGURE.search(t)]) <= 1
    return a


@SETTINGS
@given(cases())
def test_every_result_reads_well(case: dict[str, Any]) -> None:
    check_reads_well(case)


@SETTINGS
@given(cases(), st.sampled_from(FINDINGS))
def test_adding_a_finding_never_removes_a_safety_net_line(
    case: dict[str, Any], finding: str
) -> None:
    if finding in case["findings"]:
        return
    more = copy.deepcopy(case)
    more["findings"] = [*case["findings"], finding]
    before = [x for x in explain(case) if x.section == "safety_net"]
    after_level = assess(more)["level"]
    after = {x.text for x in explain(more) if x.section == "safety_net"}
    scope = _scope(more)
    for line in before:
        if line.text in after:
            continue
        if line.target == "waiting":
            assert after_level == "emergency", (case, finding, line.text)
            continue
        assert line.target is not None and line.sign is not None
        reached = LEVEL_RANK[after_level] >= TARGET_RANK[line.target]
        sign = COMP.signs[line.sign]
        now_present = sign.present is not None and sign.present.test(scope) is not None
        assert reached or now_present, (case, finding, line.text)


@pytest.mark.parametrize("number", ["911", "112", "999"])
def test_the_emergency_number_is_in_every_call_line(number: str) -> None:
    a = check_reads_well({"findings": ["redness", "warmth"]}, number)
    assert any(line.startswith(f"Call {number} now if") for line in a["safety_net"])
    a = check_reads_well({"findings": ["spurting_blood"]}, number)
    assert a["do_now"][0].startswith(f"Call {number} now")


def _text(a: dict[str, Any]) -> str:
    return " ".join(a["advice"])


# --- the examples issue 9 named -------------------------------------------------------------


def test_a_3cm_abscess_says_when_to_get_care_today_and_when_to_call() -> None:
    a = check_reads_well(
        {"findings": ["fluctuant_lump", "redness", "warmth"], "lump_diameter_cm": 3}
    )
    assert a["level"] == "soon"
    assert any(t.startswith("Get care today if") for t in a["safety_net"])
    assert any(t.startswith("Call 911 now if") for t in a["safety_net"])
    assert "common" not in _text(a).lower(), "no reassuring lines from lower conditions"


def test_no_heat_on_a_blood_thinner_bruise() -> None:
    a = check_reads_well(
        {
            "findings": ["bruise", "hard_lump"],
            "context": ["anticoagulant"],
            "route": "subcutaneous",
            "region": "abdomen_lower_left",
        }
    )
    text = _text(a).lower()
    assert "warm, damp" not in text and "warm compress" not in text
    assert "do not rub or heat" in text


def test_one_rest_figure_the_longest() -> None:
    a = check_reads_well(
        {"findings": ["vein_cannot_be_found", "scar", "dark_vein_line"], "route": "intravenous"}
    )
    figures = [t for t in a["advice"] if re.search(r"\d+ (days|weeks)", t) and "rest" in t]
    assert figures == [
        f"Let this spot rest for at least {int(a['rest_site_days'])} days before using it again."
    ]
    assert a["rest_site_days"] == 28


def test_no_line_about_a_fever_the_person_already_has() -> None:
    for case in (
        {"findings": ["night_sweats", "fever"]},
        {"findings": ["redness", "warmth", "fever"], "route": "subcutaneous"},
        {"findings": ["hard_lump", "fever"]},
    ):
        a = check_reads_well(case)
        assert not [t for t in a["advice"] if "get a fever" in t or "fever as well" in t], a


def test_inside_an_emergency_nothing_says_today() -> None:
    # fever with chest pain in someone who injects: endocarditis at emergency, whose urgent
    # advice says "blood cultures today"
    a = check_reads_well(
        {"findings": ["fever", "chest_pain"], "context": ["injects_drugs"], "route": "intravenous"}
    )
    assert a["level"] == "emergency"
    assert not LATER.search(_text(a))


def test_no_ordinary_mark_beside_an_emergency() -> None:
    for findings in (
        ["burning_pain_on_injection", "puncture_mark"],
        ["tense_painful_limb", "puncture_mark", "pain"],
        ["face_or_lip_swelling", "puncture_mark", "itch"],
        ["pain_out_of_proportion", "scab", "scar"],
    ):
        a = check_reads_well({"findings": findings})
        assert a["level"] == "emergency"
        names = " ".join(c["name"] for c in a["conditions"]).lower()
        assert "ordinary" not in names and "healing" not in names and "scar" not in names


def test_no_raising_the_limb_for_a_belly_site() -> None:
    a = check_reads_well(
        {"findings": ["redness", "warmth", "tenderness"], "region": "abdomen_lower_left"}
    )
    assert "raise" not in _text(a).lower()
    arm = check_reads_well(
        {"findings": ["redness", "warmth", "tenderness"], "region": "forearm_left"}
    )
    assert "raised" in _text(arm)


def test_medicine_users_get_their_prescriber_not_a_syringe_service() -> None:
    for context, route in (
        (["anticoagulant"], "subcutaneous"),
        (["oil_based_depot"], "intramuscular"),
        ([], "subcutaneous"),
    ):
        a = check_reads_well(
            {"findings": ["fluctuant_lump", "redness"], "context": context, "route": route}
        )
        assert "prescriber" in _text(a) + " ".join(h["name"] for h in a["help"])
    both = assess(
        {
            "findings": ["fluctuant_lump"],
            "context": ["anticoagulant", "injects_drugs"],
            "route": "intravenous",
        }
    )
    assert any("syringe" in h["name"] for h in both["help"]), "they also inject drugs"


def test_the_same_line_never_twice() -> None:
    a = check_reads_well(
        {
            "findings": ["redness", "warmth", "swelling", "tenderness", "pain"],
            "route": "subcutaneous",
        }
    )
    assert len(a["advice"]) == len(set(a["advice"]))


@pytest.mark.parametrize(
    "case",
    [
        {"findings": ["hard_to_wake"]},
        {"findings": ["slow_breathing"], "route": "subcutaneous"},
        {"findings": ["puncture_mark"], "vitals": {"respiratory_rate": 7}, "route": "intravenous"},
        {"findings": ["hard_to_wake"], "context": ["diabetes"], "route": "subcutaneous"},
    ],
)
def test_naloxone_and_rescue_breathing_whatever_is_known(case: dict[str, Any]) -> None:
    a = check_reads_well(case)
    assert a["level"] == "emergency"
    now = " ".join(a["do_now"]).lower()
    assert "naloxone" in now and "rescue breaths" in now
    assert a["do_now"].index(next(t for t in a["do_now"] if "naloxone" in t.lower())) == 1


def test_sugar_when_a_low_is_possible_and_nothing_by_mouth_gives_way() -> None:
    a = check_reads_well(
        {"findings": ["confusion"], "context": ["diabetes"], "route": "subcutaneous"}
    )
    assert a["conditions"][0]["id"] == "hypoglycemia"
    assert "Take sugar now if you can swallow" in a["do_now"][1]
    mixed = check_reads_well(
        {"findings": ["low_blood_sugar_now", "hard_to_wake", "pain_out_of_proportion"]}
    )
    assert not [t for t in mixed["advice"] if "Do not eat or drink" in t]


def test_pressure_first_for_bleeding_and_nothing_to_eat_before_surgery() -> None:
    a = check_reads_well({"findings": ["spurting_blood"]})
    assert a["do_now"][1].startswith("Press hard")
    b = check_reads_well({"findings": ["burning_pain_on_injection"], "region": "forearm_left"})
    assert any("Do not eat or drink" in t for t in b["do_now"])


def test_heparin_skin_necrosis_names_the_blood_thinner_and_platelets() -> None:
    a = check_reads_well(
        {"findings": ["dusky_skin"], "context": ["anticoagulant"], "route": "subcutaneous"}
    )
    assert a["conditions"][0]["id"] == "heparin_skin_necrosis"
    text = _text(a)
    assert "platelets" in text and "blood thinner" in text and "HIT" in text
    assert "Do not inject the next dose" in text


def test_anaphylaxis_after_a_medicine_holds_the_next_dose() -> None:
    a = check_reads_well({"findings": ["wheezing", "hives"], "route": "subcutaneous"})
    text = _text(a).lower()
    assert "do not take the next dose" in text and "prescriber has reviewed" in text
    assert a["do_now"][1].startswith("If you have an adrenaline")


def test_the_groups_for_display_hold_every_safety_net_line() -> None:
    a = assess({"findings": ["fluctuant_lump", "redness"], "lump_diameter_cm": 3})
    groups = a["safety_net_groups"]
    assert [g["lead"] for g in groups] == ["Call 911 now if", "Get care today if"]
    rebuilt = [f"{g['lead']} {item}." for g in groups for item in g["items"]]
    assert rebuilt == a["safety_net"]
