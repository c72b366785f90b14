"""docs/rules.md is generated from the rule files and must not be stale."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from sitecare.domain.triage import load_rulebase

ROOT = Path(__file__).resolve().parents[2]


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gen_rules_doc", ROOT / "scripts" / "gen_rules_doc.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rules_doc_is_up_to_date() -> None:
    expected = _generator().render()
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == expected, (
        "docs/rules.md is stale: run .venv/bin/python scripts/gen_rules_doc.py"
    )


def test_every_rule_is_documented() -> None:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in load_rulebase().rules:
        assert f"### {rule.id}: {rule.title}" in text
