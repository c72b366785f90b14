"""The rule base in Spanish: every line a person reads has a translation, none is unused, and a
Spanish result says the same as the English one (same level, ids, number of lines, number).

The catalog is data: ``src/sitecare/data/triage/i18n/es.yaml`` (English line -> Spanish).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sitecare.domain.triage import assess
from sitecare.domain.triage.i18n import catalog, catalog_problems, local_number
from sitecare.domain.triage.i18n_check import i18n_problems, source_texts
from sitecare.domain.triage.questionnaire import next_step

HERE = Path(__file__).parent
CASE_FILES = ["cases.jsonl", "blind_cases.jsonl", "blind_cases_2.jsonl", "examples.jsonl"]
#: the keys whose lines must all be Spanish (the reasons may hold a region id, see below)
TEXT_KEYS = ("do_now", "care", "safety_net", "advice")
#: the contract: the same in every language
SAME_KEYS = ("level", "rule_ids", "red_flags", "emergency_number", "rest_site_days")


def _cases() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for name in CASE_FILES:
        for line in (HERE / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["case"])
    return out


CASES = _cases()


def test_every_rule_line_has_a_spanish_translation_and_none_is_unused() -> None:
    assert i18n_problems() == []


def test_a_changed_english_line_is_reported_missing_and_its_old_translation_unused() -> None:
    sources = [t for t in source_texts() if t != "Tetanus"] + ["Tetanus!"]
    problems = catalog_problems(sources, "es")
    assert "es: no translation for 'Tetanus!'" in problems
    assert "es: unused translation 'Tetanus'" in problems


def test_placeholders_and_the_emergency_number_survive_translation() -> None:
    table = catalog("es")
    assert table["Call {emergency_number} now if {sign}."].count("{emergency_number}") == 1
    assert "{sign}" in table["Get care today if {sign}."]


def test_spanish_results_keep_the_contract_and_translate_every_line() -> None:
    assert len(CASES) > 100
    for case in CASES:
        en, es = assess(case), assess(case, language="es")
        for key in SAME_KEYS:
            assert en[key] == es[key], (key, case)
        assert [c["id"] for c in en["conditions"]] == [c["id"] for c in es["conditions"]]
        for key in TEXT_KEYS:
            assert len(en[key]) == len(es[key]), (key, case)
            untranslated = [line for line in es[key] if line in en[key]]
            assert untranslated == [], (key, case)
        assert es["headline"] != en["headline"]
        why_en = [*en["reasons"], *(b for c in en["conditions"] for b in c["because"])]
        why_es = [*es["reasons"], *(b for c in es["conditions"] for b in c["because"])]
        assert len(why_en) == len(why_es), case
        same = catalog("es")  # a word the same in Spanish ("diabetes") is translated as itself
        assert [x for x in why_es if x in why_en and same.get(x) != x] == [], case


@pytest.mark.parametrize("number", ["911", "112", "999"])
def test_the_emergency_call_in_spanish_names_the_number_unchanged(number: str) -> None:
    a = assess({"findings": ["slow_breathing"]}, emergency_number=number, language="es")
    assert a["level"] == "emergency"
    assert a["do_now"][0].startswith(f"Llame al {number} ahora")
    assert a["headline"].startswith(f"Emergencia: llame al {number} ahora")
    assert any("naloxona" in line for line in a["do_now"])
    assert all("{" not in line for line in a["advice"])


def test_numbers_take_a_decimal_comma_in_spanish() -> None:
    assert local_number(1.5, "es") == "1,5"
    assert local_number(2.0, "es") == "2"
    assert local_number(1.5, "en") == "1.5"
    a = assess({"findings": ["redness"], "redness_diameter_cm": 6.5}, language="es")
    assert "lo rojo mide unos 6,5 cm de ancho" in a["reasons"]


def test_vital_signs_and_the_site_are_said_in_spanish_with_a_decimal_comma() -> None:
    case = {
        "route": "intravenous",
        "findings": ["redness", "swelling", "pain"],
        "region": "groin_left",
        "vitals": {"temperature_c": 39.5, "heart_rate": 125, "respiratory_rate": 24},
    }
    en, es = assess(case), assess(case, language="es")
    assert en["level"] == es["level"]
    assert "a temperature of 39.5 C (38 C or more is a fever)" in en["reasons"]
    assert "una temperatura de 39,5 °C (38 °C o más es fiebre)" in es["reasons"]
    because = [b for c in es["conditions"] for b in c["because"]]
    assert "el sitio está en: ingle izquierda" in because
    assert "the site is at the groin (left)" in [b for c in en["conditions"] for b in c["because"]]
    words = " ".join([*es["reasons"], *because])
    for english in ("temperature", "heart rate", "breathing", "score of", "(left)", "groin"):
        assert english not in words


def test_the_guided_questions_and_the_stop_come_in_spanish() -> None:
    first = next_step({}, language="es")
    assert first.question is not None
    assert first.question.text == "¿Qué se inyectó en este sitio?"
    assert [o.id for o in first.question.options] == [
        o.id
        for o in next_step({}).question.options  # type: ignore[union-attr]
    ]
    stop = next_step({"what_injected": "drugs", "danger_now": ["slow_breathing"]}, language="es")
    assert stop.kind == "stop"
    assert stop.message.startswith("Llame al 911 ahora")
    assert stop.red_flags and all(r in catalog("es").values() for r in stop.red_flags)


def test_an_unknown_language_falls_back_to_english() -> None:
    assert assess({"findings": ["bruise"]}, language="fr") == assess({"findings": ["bruise"]})
