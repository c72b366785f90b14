"""Shared helpers for the triage tests: the packaged schemas and case files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from sitecare.domain.triage._resources import load_json

HERE = Path(__file__).parent
EXAMPLES = HERE / "examples.jsonl"
CASES = HERE / "cases.jsonl"


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


CASE_VALIDATOR = jsonschema.Draft202012Validator(load_json("triage", "case.schema.json"))
ASSESSMENT_VALIDATOR = jsonschema.Draft202012Validator(
    load_json("triage", "assessment.schema.json")
)


@pytest.fixture(scope="session")
def assessment_validator() -> jsonschema.Draft202012Validator:
    return ASSESSMENT_VALIDATOR
