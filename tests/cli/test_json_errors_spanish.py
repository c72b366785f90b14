"""Bad input files in Spanish: JSON that does not parse and schema errors say every word in
Spanish (no "Expecting value", no "is not of type"), keeping the line and column or the field's
path; the English is what sitecare always printed (the json module's and jsonschema's words)."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from tests.cli.test_cli_spanish_commands import run

from sitecare.domain.errors import ImportFileError, InvalidInput
from sitecare.domain.json_errors import json_problem
from sitecare.domain.messages import localise
from sitecare.domain.transfer_text import parse_json
from sitecare.exports.validate import load_json
from sitecare.services.triage_input import _to_invalid, load_case

#: JSON texts that do not parse, one of each kind the json module names
BROKEN = ['{"findings": [', '{"a" 1}', '{"a": 1 "b": 2}', "{a: 1}", '{"a": 1,}', '"abc']
BROKEN += [r'"a\qb"', r'"\u12"', "[1] x", '"a\tb"']
#: the json module's English words; none may be left in a Spanish message
PARSER = ("Expecting", "delimiter", "Unterminated", "Invalid", "escape", "Extra data")
PARSER += ("control character", "property name", "double quotes", "Illegal")


def _decode_error(text: str) -> json.JSONDecodeError:
    with pytest.raises(json.JSONDecodeError) as caught:
        json.loads(text)
    return caught.value


@pytest.mark.parametrize("text", BROKEN)
def test_every_kind_of_broken_json_is_said_in_spanish(text: str) -> None:
    error = _decode_error(text)
    why = json_problem(error)
    assert why == error.msg  # the English is the json module's own
    spanish = localise(why, "es")
    assert spanish != error.msg and [w for w in PARSER if w in spanish] == []


@pytest.mark.parametrize("text", BROKEN)
def test_each_reader_keeps_the_line_and_column(text: str) -> None:
    error = _decode_error(text)
    with pytest.raises(InvalidInput) as case:
        load_case(text)
    spanish = localise(case.value.message, "es")
    assert f"(línea {error.lineno}, columna {error.colno}: " in spanish
    assert case.value.message == (
        f"The case is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
    )
    with pytest.raises(ImportFileError) as other:
        load_json(text, what="Nightscout treatments")
    said = localise(other.value.message, "es")
    assert f"línea {error.lineno}, columna {error.colno}: " in said and "No se cambió nada." in said
    assert [w for w in PARSER if w in said] == []
    assert other.value.message.startswith(f"The JSON file is damaged at line {error.lineno}")
    with pytest.raises(ImportFileError) as export:
        parse_json("{" + text)
    assert "El archivo JSON está dañado en la línea 1" in localise(export.value.message, "es")


def test_the_cli_says_a_broken_case_in_spanish(sqlite_url: str) -> None:
    res = run(sqlite_url, "check", "--input", "-", input='{"findings": ["redness",]}')
    assert res.exit_code == 2
    said = " ".join(res.output.split())
    assert "El caso no es JSON válido (línea 1, columna 25: falta un valor" in said
    assert [w for w in PARSER if w in said] == []
    english = run(
        sqlite_url, "check", "--input", "-", input='{"findings": ["redness",]}', lang="en"
    )
    assert "(line 1, column 25: Expecting value)." in " ".join(english.output.split())


def test_a_broken_export_file_is_said_in_spanish(sqlite_url: str, tmp_path: Any) -> None:
    path = tmp_path / "export.json"
    path.write_text('{"format": "sitecare-export", "version": 1 "injections": []}')
    said = " ".join(run(sqlite_url, "import", str(path)).output.split())
    assert "El archivo JSON está dañado en la línea 1, columna 44: falta una coma" in said
    assert [w for w in PARSER if w in said] == []


#: the schema keywords the case schemas do not use today (jsonschema's English before)
SCHEMA = {
    "type": "object",
    "properties": {
        "when": {"type": "string", "format": "date"},
        "code": {"type": "string", "pattern": "^[a-z]+$"},
        "short": {"type": "string", "minLength": 3},
        "long": {"type": "string", "maxLength": 1},
        "kind": {"const": "site"},
        "few": {"type": "array", "maxItems": 1},
        "step": {"type": "number", "multipleOf": 5},
        "either": {"oneOf": [{"type": "string"}, {"type": "number"}]},
    },
}
SCHEMA_CASES = [
    ({"code": "ABC"}, "code: 'ABC' no tiene la forma esperada ('^[a-z]+$')."),
    ({"short": "ab"}, "short: 'ab' es demasiado corto (al menos 3 caracteres)."),
    ({"long": "ab"}, "long: 'ab' es demasiado largo (como máximo 1 carácter)."),
    ({"kind": "spot"}, "El campo «kind» debe ser 'site' (se recibió 'spot')."),
    ({"few": [1, 2]}, "El campo «few» tiene demasiados elementos: como máximo 1."),
    ({"step": 7}, "El campo «step» debe ser un múltiplo de 5 (se recibió 7)."),
    ({"either": []}, "either: [] no es válido"),
    ({"when": "mañana"}, "when: 'mañana' no tiene el formato date."),
]
#: jsonschema's English words
SCHEMA_WORDS = ("does not match", "is too", "was expected", "is not valid under", "is not a ")
SCHEMA_WORDS += ("is not a multiple", "is not of type", "has non-unique", "expected")


@pytest.mark.parametrize(("case", "spanish"), SCHEMA_CASES)
def test_other_schema_keywords_are_said_in_spanish(case: dict[str, Any], spanish: str) -> None:
    checker = jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    (error,) = checker.iter_errors(case)
    problem = _to_invalid(error, "case", 1)
    path = ".".join(str(p) for p in error.absolute_path)
    assert problem.message == f"{path}: {error.message}"  # the English as before
    said = localise(problem.message, "es")
    assert said == spanish
    assert [w for w in SCHEMA_WORDS if w in said] == []


def _vitals(doc: dict[str, Any]) -> None:
    doc["observations"][1]["case"]["vitals"] = {"temperature_c": "hot"}


def _twice(doc: dict[str, Any]) -> None:
    doc["injections"][2]["uid"] = doc["injections"][0]["uid"]


def _setting(doc: dict[str, Any]) -> None:
    doc["settings"] = {"nonsense": 3}


UID = "00000000-0000-4000-8000-000000000001"
BAD_RECORDS = [
    (
        _vitals,
        "observation #2: vitals.temperature_c must be a number, between 25 and 45 (got text).",
        "revisión n.º 2: El campo «vitals.temperature_c» debe ser un número, de 25 a 45 "
        "(se recibió texto).",
    ),
    (
        _twice,
        f"injection #3: the uid {UID} appears twice in the file.",
        f"inyección n.º 3: el uid {UID} aparece dos veces en el archivo.",
    ),
    (
        _setting,
        "setting 'nonsense': not a setting sitecare knows.",
        "ajuste 'nonsense': no es un ajuste que sitecare conozca.",
    ),
]


@pytest.mark.parametrize(("change", "english", "spanish"), BAD_RECORDS)
def test_a_bad_record_in_an_export_is_said_in_spanish(
    open_services: Any, sqlite_url: str, tmp_path: Any, change: Any, english: str, spanish: str
) -> None:
    from tests.exports.conftest import sample_document

    doc = json.loads(json.dumps(sample_document(open_services(sqlite_url))))  # its own cases
    change(doc)
    path = tmp_path / "export.json"
    path.write_text(json.dumps(doc))
    said = " ".join(run(sqlite_url, "import", str(path)).output.split())
    assert f"Error: {spanish}" in said
    assert [w for w in SCHEMA_WORDS + ("must be", "appears twice", "setting ") if w in said] == []
    assert english in " ".join(run(sqlite_url, "import", str(path), lang="en").output.split())
