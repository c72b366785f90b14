"""A stored check's headline, said again in another language from its stored level and first
condition (``domain.triage.headline``): the same words the engine writes for a new check."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest
import yaml

from sitecare.domain.messages import Msg, localise
from sitecare.domain.triage import assess
from sitecare.domain.triage.headline import headline_words, said_headline, stored_parts

from .conftest import CASES, load_jsonl

RULE_CASES = Path(__file__).parent / "rule_cases"


def _cases() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(RULE_CASES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out += [(f"{data['rule']}:{c['name']}", c["case"]) for c in data["cases"]]
    out += [(item["id"], item["case"]) for item in load_jsonl(CASES)]
    return out


ALL = _cases()


def test_the_cases_cover_every_level_and_no_condition() -> None:
    said = [assess(case) for _, case in ALL]
    assert {a["level"] for a in said} == {"emergency", "urgent", "soon", "self_care", "routine"}
    assert any(not a["conditions"] for a in said)
    assert len(ALL) > 200


@pytest.mark.parametrize("name,case", ALL, ids=[n for n, _ in ALL])
def test_said_again_is_what_the_engine_says(name: str, case: dict[str, Any]) -> None:
    for number in ("911", "112"):
        english = assess(case, emergency_number=number)
        spanish = assess(case, emergency_number=number, language="es")
        assert spanish["level"] == english["level"]
        # English: byte for byte what the engine stores today
        assert said_headline(english, "en") == english["headline"]
        # Spanish: the engine's Spanish headline for the same case
        assert said_headline(english, "es") == spanish["headline"]
        # and a check stored in Spanish reads in English again
        assert said_headline(spanish, "en") == english["headline"]
        words = headline_words(english)
        assert isinstance(words, Msg) and str(words) == english["headline"]
        assert localise(words, "es") == spanish["headline"]
        assert localise({"h": words}, "en") == {"h": english["headline"]}


def test_an_emergency_headline_keeps_the_stored_number() -> None:
    stored = assess({"findings": ["spurting_blood"]}, emergency_number="999")
    assert "999" in said_headline(stored, "es")  # type: ignore[operator]
    assert (
        said_headline(stored, "es")
        == assess({"findings": ["spurting_blood"]}, emergency_number="999", language="es")[
            "headline"
        ]
    )


def test_the_stored_level_is_said_never_the_case_assessed_again() -> None:
    stored = assess({"findings": ["bruise"]}) | {"level": "urgent"}  # e.g. raised by a re-check
    urgent = assess({"findings": ["redness", "warmth", "swelling", "fever"]}, language="es")
    assert urgent["level"] == "urgent"
    assert (
        said_headline(stored, "es") != assess({"findings": ["bruise"]}, language="es")["headline"]
    )
    assert said_headline(stored, "es").startswith(urgent["headline"].split(".")[0])  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "change",
    [
        {"level": None},
        {"level": "very_bad"},
        {"conditions": None},
        {"conditions": [{"name": "Bruise"}]},
        {"conditions": [{"id": "a_condition_no_longer_known"}]},
        {"emergency_number": None},
    ],
)
def test_an_older_row_keeps_its_stored_text(change: dict[str, Any]) -> None:
    stored = assess({"findings": ["bruise"]}) | {"headline": "Old words."}
    old = {k: v for k, v in (stored | change).items() if v is not None}
    assert stored_parts(old) is None
    assert said_headline(old, "es") == "Old words."
    assert headline_words(old) == "Old words." and not isinstance(headline_words(old), Msg)


def test_no_stored_headline_says_nothing() -> None:
    stored = assess({"findings": ["bruise"]})
    del stored["headline"]
    assert said_headline(stored, "es") is None
    assert headline_words(stored) is None


def test_the_words_keep_through_a_pickle() -> None:
    stored = assess({"findings": ["bruise"]})
    again = pickle.loads(pickle.dumps(headline_words(stored)))
    assert str(again) == stored["headline"]
    assert localise(again, "es") == assess({"findings": ["bruise"]}, language="es")["headline"]
