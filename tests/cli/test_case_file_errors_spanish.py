"""A case file's errors (``sitecare check --input``) in the person's language: the domain's
``Msg`` words (domain.casecheck, services.triage_input) said in Spanish with
``SITECARE_LANGUAGE=es``; field names, ids and the English words unchanged."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tests.cli.test_cli_spanish_commands import run

CASES: list[tuple[Any, str, str]] = [
    (
        {"findings": ["redess"]},
        "findings[0]: unknown finding 'redess'. Did you mean redness or tenderness?",
        "findings[0]: sitecare no conoce el valor 'redess' (hallazgo). "
        "¿Quiso decir redness o tenderness?",
    ),
    (
        {"findings": ["redness"], "vitals": {"temperature_c": 60.5}},
        "vitals.temperature_c must be between 25 and 45 (got 60.5).",
        "El campo «vitals.temperature_c» debe ser de 25 a 45 (se recibió 60,5).",
    ),
    (
        {"findings": ["redness"], "vitals": {"temperature_c": "hot"}},
        "vitals.temperature_c must be a number, between 25 and 45 (got text).",
        "El campo «vitals.temperature_c» debe ser un número, de 25 a 45 (se recibió texto).",
    ),
    ({}, "findings is required.", "Falta el campo «findings»."),
    (
        {"findings": ["redness"], "bogus": 1},
        "bogus: 'bogus' is not a field sitecare knows. Known fields: region, route,",
        "bogus: sitecare no conoce el campo 'bogus'. Campos conocidos: region, route,",
    ),
    (
        {"findings": ["redness", "redness"], "route": "iv"},
        "route: unknown route 'iv'. (1 more problem after this one) Valid values: intravenous,",
        "route: sitecare no conoce el valor 'iv' (vía). (1 problema más después de este) "
        "Valores válidos: intravenous,",
    ),
    (
        {"findings": ["redness", "redness"]},
        "findings lists 'redness' more than once.",
        "El campo «findings» tiene 'redness' más de una vez.",
    ),
]
#: English words none of the Spanish errors may keep
ENGLISH = ("must be", "unknown ", "is required", "not a field", "Known fields", "Valid values")
ENGLISH += ("more problem", "more than once", "Did you mean", " got ")


def _error(url: str, case: Any, lang: str) -> str:
    res = run(url, "check", "--input", "-", input=json.dumps(case), lang=lang)
    assert res.exit_code == 2, res.output
    return " ".join(str(res.output).split())  # rich wraps long lines


@pytest.mark.parametrize(("case", "english", "spanish"), CASES)
def test_a_bad_case_file_is_explained_in_each_language(
    sqlite_url: str, case: Any, english: str, spanish: str
) -> None:
    assert english in _error(sqlite_url, case, "en")
    said = _error(sqlite_url, case, "es")
    assert spanish in said
    assert [w for w in ENGLISH if w in said] == []


def test_json_that_does_not_parse_is_said_in_spanish(sqlite_url: str) -> None:
    res = run(sqlite_url, "check", "--input", "-", input='{"findings": [')
    assert res.exit_code == 2
    assert "El caso no es JSON válido (línea 1, columna" in " ".join(res.output.split())
