"""Validate triage input and output against the packaged JSON schemas.

The schemas in ``sitecare/data/triage/`` are the one truth: this module does not check
anything by hand, it runs ``jsonschema`` and turns its errors into
:class:`~sitecare.domain.errors.InvalidInput` with the field's JSON path (``findings[2]``,
``vitals.heart_rate``), the allowed range for numbers, and "did you mean" suggestions for
unknown finding, context, route and trend ids.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from importlib.resources import files
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError, best_match

from sitecare.domain.case_errors import SchemaError, library_invalid, to_invalid
from sitecare.domain.errors import InvalidInput
from sitecare.domain.json_errors import json_problem
from sitecare.domain.messages import Msg

__all__ = [
    "assessment_schema",
    "case_schema",
    "load_case",
    "validate_assessment",
    "validate_case",
]


def _load(name: str) -> dict[str, Any]:
    text = files("sitecare").joinpath("data", "triage", name).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def case_schema() -> dict[str, Any]:
    """The packaged ``case.schema.json``."""
    return _load("case.schema.json")


@cache
def assessment_schema() -> dict[str, Any]:
    """The packaged ``assessment.schema.json``."""
    return _load("assessment.schema.json")


@cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    schema = case_schema() if name == "case" else assessment_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator: jsonschema.protocols.Validator = cls(schema)
    return validator


#: the keywords domain.casecheck words itself; jsonschema's own message for any other
_WORDED = frozenset(
    {
        "enum",
        "additionalProperties",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "type",
        "required",
        "uniqueItems",
        "minItems",
    }
)


def _to_invalid(error: ValidationError, what: str, total: int) -> InvalidInput:
    """jsonschema's error in the same words as pocket's pure checker (domain.casecheck)."""
    # jsonschema types these as "maybe unset"; on a raised error they are always set
    schema: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}
    found = SchemaError(
        str(error.validator),
        tuple(error.absolute_path),
        schema,
        error.validator_value,
        error.instance,
    )
    if error.validator in _WORDED:
        return to_invalid(found, what, total)
    # a keyword the case schemas do not use today: jsonschema's English, our words otherwise
    return library_invalid(found, what, total, error.message)


def _check(data: Any, name: str) -> None:
    errors: Sequence[ValidationError] = sorted(
        _validator(name).iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]
    )
    if errors:
        best = best_match(errors)
        raise _to_invalid(best, name, len(errors))


def validate_case(data: Any) -> dict[str, Any]:
    """Return ``data`` if it is a valid triage case, else raise :class:`InvalidInput`."""
    _check(data, "case")
    case: dict[str, Any] = data
    return case


def load_case(text: str) -> dict[str, Any]:
    """Parse JSON text and validate it as a triage case."""
    example = Msg('A case looks like {"findings": ["redness", "warmth"]}.')
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        said = Msg(
            "The case is not valid JSON (line %(line)s, column %(column)s: %(why)s).",
            line=exc.lineno,
            column=exc.colno,
            why=json_problem(exc),  # the json module's English; the kind in other languages
        )
        raise InvalidInput(said, hint=example) from None
    except RecursionError:
        raise InvalidInput(
            Msg("The case is nested too deeply to be a triage case."), hint=example
        ) from None
    return validate_case(data)


def validate_assessment(data: Any) -> dict[str, Any]:
    """Return ``data`` if it matches ``assessment.schema.json``; else raise InvalidInput."""
    _check(data, "assessment")
    result: dict[str, Any] = data
    return result
