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

from sitecare.domain.casecheck import json_path, json_type, number_text, range_text
from sitecare.domain.errors import InvalidInput, close_matches

__all__ = [
    "assessment_schema",
    "case_schema",
    "load_case",
    "validate_assessment",
    "validate_case",
]

_KIND = {
    "findings": "finding",
    "context": "context",
    "route": "route",
    "redness_trend": "redness trend",
}
_TYPE_WORDS = {
    "number": "a number",
    "integer": "a whole number",
    "string": "text",
    "boolean": "true or false",
    "array": "a list",
    "object": "an object (a mapping of names to values)",
    "null": "null",
}


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


def _to_invalid(error: ValidationError, what: str, total: int) -> InvalidInput:
    path = list(error.absolute_path)
    field = json_path(path, what)
    more = f" ({total - 1} more problem(s) after this one)" if total > 1 else ""
    kind = error.validator
    # jsonschema types these as "maybe unset"; on a raised error they are always set
    schema: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}
    rule_value: Any = error.validator_value
    instance: Any = error.instance
    if kind == "enum":
        top = next((p for p in path if isinstance(p, str)), "")
        label = _KIND.get(top, top.replace("_", " ") or "value")
        allowed = [str(v) for v in rule_value]
        value = instance
        suggestions = close_matches(value, allowed) if isinstance(value, str) else []
        return InvalidInput(
            f"{field}: unknown {label} {value!r}.{more}",
            field=field,
            suggestions=suggestions,
            hint=None if suggestions else "Valid values: " + ", ".join(allowed) + ".",
        )
    if kind == "additionalProperties":
        known = list(schema.get("properties", {}))
        extra = sorted(k for k in instance if k not in known)
        name = extra[0] if extra else "?"
        where = json_path([*path, name], what)
        suggestions = close_matches(name, known)
        return InvalidInput(
            f"{where}: {name!r} is not a field sitecare knows.{more}",
            field=where,
            suggestions=suggestions,
            hint=None if suggestions else "Known fields: " + ", ".join(known) + ".",
        )
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return InvalidInput(
            f"{field} must be {range_text(schema)} (got {number_text(instance)}).{more}",
            field=field,
        )
    if kind == "type":
        names = [str(n) for n in (rule_value if isinstance(rule_value, list) else [rule_value])]
        words = " or ".join(_TYPE_WORDS.get(n, n) for n in names)
        rng = f", {range_text(schema)}" if {"minimum", "maximum"} & set(schema) else ""
        return InvalidInput(
            f"{field} must be {words}{rng} (got {json_type(instance)}).{more}", field=field
        )
    if kind == "required":
        missing = [k for k in rule_value if k not in instance]
        name = missing[0] if missing else "?"
        where = json_path([*path, name], what)
        return InvalidInput(f"{where} is required.{more}", field=where)
    if kind == "uniqueItems":
        seen: set[str] = set()
        dupes: list[Any] = []
        for item in instance:
            key = json.dumps(item, sort_keys=True)
            if key in seen:
                dupes.append(item)
            seen.add(key)
        first = dupes[0] if dupes else "an item"
        return InvalidInput(f"{field} lists {first!r} more than once.{more}", field=field)
    return InvalidInput(f"{field}: {error.message}{more}", field=field)


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
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"The case is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}).",
            hint='A case looks like {"findings": ["redness", "warmth"]}.',
        ) from None
    except RecursionError:
        raise InvalidInput(
            "The case is nested too deeply to be a triage case.",
            hint='A case looks like {"findings": ["redness", "warmth"]}.',
        ) from None
    return validate_case(data)


def validate_assessment(data: Any) -> dict[str, Any]:
    """Return ``data`` if it matches ``assessment.schema.json``; else raise InvalidInput."""
    _check(data, "assessment")
    result: dict[str, Any] = data
    return result
