"""Cases written blind (from the brief only, not from the rules) must meet the targets as a set.

Four sets, each written by someone who had not seen the rules; the fourth (issue 9) also says,
for each case, which lines must and must not appear in what the person reads. Unlike
cases.jsonl, a few of them disagree with the engine on recorded points where the brief is
ambiguous or the engine errs on the safe side. The cases are never edited to fit the engine:

* blind-037, blind-084, blind2-036, blind2-089: one level higher than the case.
* blind-049, blind-085, blind-086, blind-087, blind2-064, blind2-065, blind2-066, blind2-067,
  blind4-080, blind4-092: two or more SIRS signs around an infected site are an emergency
  here (issue 9: "two or more SIRS signs with infection, i.e. possible sepsis"; brief F11.18,
  whose section 11 says the safer reading wins over section 8.2's "possible sepsis: urgent").
  The cases read 8.2, or F11.18's three-sign example, as the line (blind4-080 calls it
  borderline): one level higher than the case.
* blind4-094: a 2.5 cm abscess with one pulse of 96 and nothing else is `soon` here, `urgent`
  in the case (IDSA's one-sign systemic criterion, F1.8). Issue 9 names "one fast heart rate
  counts as a whole-body sign" as over-triage, and F11.18 says one SIRS sign is not SIRS, so
  the engine keeps it: one level lower than the case, the only under-triage in the four sets,
  and not an emergency.
* blind4-047: a low blood sugar with sepsis names hypoglycemia (self care) after three
  emergency and urgent conditions, so "all expected conditions in the top 3" misses it; the
  sugar line is in do-now, as the case's `must` asks.

The targets are what the issues ask for on unseen cases, and no red flag may ever be missed.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _benchmark():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "triage_cases", ROOT / "benchmarks/triage_cases.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BLIND = ["blind_cases.jsonl", "blind_cases_2.jsonl", "blind_cases_3.jsonl", "blind_cases_4.jsonl"]


@pytest.mark.parametrize("name", BLIND)
def test_blind_cases_meet_the_targets(name: str) -> None:
    bench = _benchmark()
    cases = bench.load([ROOT / "tests/triage" / name])
    assert len(cases) >= 90
    figures, _misses = bench.score(cases)
    assert figures["emergency_sensitivity"] == 1.0
    assert figures["exact_level_agreement"] >= 0.95
    assert figures["under_triage_rate"] <= 0.02
    assert figures["over_triage_rate"] <= 0.10
    assert figures["expected_condition_in_top3"] >= 0.95
    assert figures["safety_net_complete"] == 1.0
    assert figures["with_conflict"] == 0.0


def test_the_fourth_set_reads_right() -> None:
    """Every must / must_not of the fourth set holds: what the person reads, not only the level."""
    bench = _benchmark()
    cases = bench.load([ROOT / "tests/triage/blind_cases_4.jsonl"])
    assert len(cases) >= 120 and all("must" in c and "must_not" in c for c in cases)
    figures, misses = bench.score(cases)
    assert figures["must_agreement"] == 1.0, [m for m in misses if "reads wrong" in m]


@pytest.mark.parametrize("name", BLIND)
def test_blind_cases_are_valid_cases(name: str) -> None:
    from sitecare.services.triage_input import validate_case

    for line in (ROOT / "tests/triage" / name).read_text().splitlines():
        item = json.loads(line)
        validate_case(item["case"])
