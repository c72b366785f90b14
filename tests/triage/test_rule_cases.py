"""Per-rule named cases (tests/triage/rule_cases/<RULE-ID>.yaml), one parametrised test.

A ``match`` case must trigger the rule at the given level; a ``no_match`` case must not
trigger it. Every rule has at least one of each.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from sitecare.domain.triage import load_rulebase, match_rules

from .conftest import CASE_VALIDATOR

CASE_DIR = Path(__file__).parent / "rule_cases"


def _load() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(CASE_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["rule"] == path.stem, f"{path.name} must name rule {path.stem}"
        out += [(data["rule"], case) for case in data["cases"]]
    return out


CASES = _load()


@pytest.mark.parametrize("rule_id,item", CASES, ids=[f"{r}:{c['name']}" for r, c in CASES])
def test_rule_case(rule_id: str, item: dict[str, Any]) -> None:
    assert not list(CASE_VALIDATOR.iter_errors(item["case"]))
    matches = {m.rule.id: m for m in match_rules(item["case"])}
    if item["expect"] == "match":
        assert rule_id in matches, item["why"]
        assert matches[rule_id].level == item["level"], item["why"]
    else:
        assert item["expect"] == "no_match"
        assert rule_id not in matches, item["why"]


def test_every_rule_has_a_positive_and_a_negative_case() -> None:
    kinds: dict[str, set[str]] = {}
    for rule_id, item in CASES:
        kinds.setdefault(rule_id, set()).add(item["expect"])
    for rule in load_rulebase().rules:
        assert kinds.get(rule.id) == {"match", "no_match"}, rule.id
