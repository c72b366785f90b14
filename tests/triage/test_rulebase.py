"""The rule base as a whole: schema, validators, coverage, red flags, wording."""

from __future__ import annotations

import re

import jsonschema
import pytest
import yaml

from sitecare.domain.triage import (
    assess,
    load_red_flags,
    load_rulebase,
    load_vocabulary,
    match_rules,
    validate_rulebase,
)
from sitecare.domain.triage._resources import iter_rule_files, load_json, read_text
from sitecare.domain.triage.loader import RuleLoadError, parse_rulebase

RULE_FILES = list(iter_rule_files())
RULE_VALIDATOR = jsonschema.Draft202012Validator(load_json("triage", "rule.schema.json"))
VOCAB = load_vocabulary()


@pytest.mark.parametrize("name,text", RULE_FILES, ids=[n for n, _ in RULE_FILES])
def test_every_rule_file_matches_the_rule_schema(name: str, text: str) -> None:
    errors = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in RULE_VALIDATOR.iter_errors(yaml.safe_load(text))
    ]
    assert not errors


def test_the_rule_base_is_clean() -> None:
    assert [str(i) for i in validate_rulebase()] == []


def test_the_vocabulary_matches_the_case_schema() -> None:
    schema = load_json("triage", "case.schema.json")["properties"]
    assert set(VOCAB.findings) == set(schema["findings"]["items"]["enum"])
    assert set(VOCAB.context) == set(schema["context"]["items"]["enum"])
    assert set(VOCAB.routes) == set(schema["route"]["enum"])
    assert set(VOCAB.trends) == set(schema["redness_trend"]["enum"])
    conditions = load_json("triage", "assessment.schema.json")["properties"]["conditions"]
    assert set(VOCAB.conditions) == set(conditions["items"]["properties"]["id"]["enum"])


def test_the_packaged_schemas_are_the_shared_ones_verbatim() -> None:
    from pathlib import Path

    shared = Path("/work/shared/triage")
    if not shared.is_dir():
        pytest.skip("the shared design folder is not here")
    for name in ("case.schema.json", "assessment.schema.json"):
        assert read_text("triage", name) == (shared / name).read_text(encoding="utf-8")


def test_every_condition_has_a_rule() -> None:
    assert {r.condition for r in load_rulebase().rules} >= set(VOCAB.conditions)


@pytest.mark.parametrize("finding", sorted(VOCAB.findings))
def test_every_finding_alone_is_explained_by_a_rule(finding: str) -> None:
    matches = match_rules({"findings": [finding]})
    assert matches, f"no rule explains {finding!r} on its own"


@pytest.mark.parametrize("finding", sorted(VOCAB.findings))
def test_exactly_the_red_flag_findings_are_emergencies_alone(finding: str) -> None:
    level = assess({"findings": [finding]})["level"]
    assert (level == "emergency") == (finding in load_red_flags().findings)


@pytest.mark.parametrize(
    "flag", load_red_flags().all, ids=lambda f: "+".join(f.findings) or str(f.redness_trend)
)
def test_every_red_flag_alone_yields_emergency(flag: object) -> None:
    case: dict[str, object] = {"findings": list(flag.findings)}  # type: ignore[attr-defined]
    if flag.redness_trend:  # type: ignore[attr-defined]
        case["redness_trend"] = flag.redness_trend  # type: ignore[attr-defined]
    result = assess(case)
    assert result["level"] == "emergency"
    assert result["advice"][0] == "Call 911 now or go to the nearest emergency department."


BLAMING = re.compile(
    r"\b(addict|abuser|abuse|junkie|druggie|get clean|stay clean|clean (?:and|or) sober|"
    r"stop using|quit|your fault|you should have|irresponsible|misuse)\b",
    re.IGNORECASE,
)


def _texts() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for rule in load_rulebase().rules:
        items = [
            *rule.advice,
            *rule.safety_net.waiting,
            *(a for e in rule.escalations for a in e.advice),
        ]
        out += [(rule.id, i.text) for i in items]
        out += [(rule.id, e.because) for e in rule.escalations]
    return out


@pytest.mark.parametrize("rule_id,text", _texts())
def test_advice_is_plain_and_never_blames(rule_id: str, text: str) -> None:
    assert not BLAMING.search(text), text
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
    assert all(len(s.split()) <= 32 for s in sentences), "keep sentences short"


def test_the_loader_collects_every_problem_with_file_and_line() -> None:
    bad_one = (
        "id: ABC-001\nname: x.y\ntitle: T\ncondition: abscess\n"
        "level: sometimes\nwhen: {finding: pus}\n"
    )
    bad_two = (
        "id: ABC-002\ntitle: T\nlevel: urgent\nwhen: {frobnicate: 1}\nadvice: [x]\nsources: []\n"
    )
    with pytest.raises(RuleLoadError) as info:
        parse_rulebase([("a/ABC-001.yaml", bad_one), ("a/ABC-002.yaml", bad_two)], "groups: {}\n")
    problems = "\n".join(info.value.problems)
    assert "a/ABC-001.yaml:5: level" in problems
    assert "a/ABC-001.yaml: advice: is required" in problems
    assert "a/ABC-002.yaml:4: when.frobnicate: unknown condition key" in problems
    assert "a/ABC-002.yaml: name: is required" in problems


def test_the_validators_report_unknown_ids_and_mismatched_files() -> None:
    text = (
        "id: INF-999\nname: infection.x\ntitle: Test rule\n"
        "condition: not_a_condition\nlevel: soon\n"
        "when: {findings_any: [rednes]}\nadvice: [Do this.]\nrest_site_days: null\n"
        "sources: [{ids: [F1.1], says: A paraphrase of the source.}]\n"
        "escalations: [{level: routine, when: {context: nope}, because: lower}]\n"
    )
    rb = parse_rulebase([("wounds/INF-998.yaml", text)], read_text("triage", "groups.yaml"))
    messages = [i.message for i in validate_rulebase(rb)]
    assert any("does not match the id" in m for m in messages)
    assert any("category" in m for m in messages)
    assert any("unknown condition 'not_a_condition'" in m for m in messages)
    assert any("unknown finding 'rednes'" in m for m in messages)
    assert any("unknown context 'nope'" in m for m in messages)
    assert any("does not raise the level" in m for m in messages)
    assert any("no rule suggests condition" in m for m in messages)
