"""Check triage cases and assessments against the packaged JSON schemas, in pure Python.

The schemas in ``sitecare/data/triage/`` stay the one truth. The services check them with
``jsonschema`` (``services.triage_input``); pocket runs without it, so this module evaluates
the small part of JSON Schema those two schemas use (``type``, ``enum``, ``minimum``,
``maximum``, ``minItems``, ``uniqueItems``, ``items``, ``properties``, ``required``,
``additionalProperties: false``), picks the error ``jsonschema.best_match`` would pick, and
words it as ``services.triage_input`` does (``domain.case_errors``), so a bad case gets the
same message everywhere.
A keyword it does not know raises an error (a schema change must come here too).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from sitecare.domain.case_errors import SchemaError, to_invalid

__all__ = ["SchemaError", "check", "iter_errors", "validate_assessment", "validate_case"]

#: keywords that only describe (never fail)
_NOTES = frozenset({"$schema", "$id", "title", "description", "examples", "default", "$comment"})


def _is_type(value: Any, name: str) -> bool:
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if name == "integer":
        if isinstance(value, bool):
            return False
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if name == "string":
        return isinstance(value, str)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "array":
        return isinstance(value, list)
    if name == "object":
        return isinstance(value, dict)
    if name == "null":
        return value is None
    raise ValueError(f"unknown JSON type {name!r}")


def _equal(a: Any, b: Any) -> bool:
    """JSON equality as jsonschema has it: true and 1 differ, 1 and 1.0 do not."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, str) != isinstance(b, str):
        return False
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - an odd value is simply not equal
        return False


def _unique(items: list[Any]) -> bool:
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            if _equal(a, b):
                return False
    return True


def _number(value: Any) -> bool:
    return _is_type(value, "number")


def iter_errors(
    instance: Any, schema: Mapping[str, Any], path: tuple[str | int, ...] = ()
) -> Iterator[SchemaError]:
    """Every failed keyword, in the order ``jsonschema`` yields them (the schema's order)."""
    for kw, value in schema.items():
        if kw in _NOTES:
            continue

        def err(kw: str = kw, value: Any = value) -> SchemaError:
            return SchemaError(kw, path, schema, value, instance)

        if kw == "type":
            names = value if isinstance(value, list) else [value]
            if not any(_is_type(instance, n) for n in names):
                yield err()
        elif kw == "enum":
            if not any(_equal(instance, v) for v in value):
                yield err()
        elif kw == "minimum":
            if _number(instance) and instance < value:
                yield err()
        elif kw == "maximum":
            if _number(instance) and instance > value:
                yield err()
        elif kw == "exclusiveMinimum":
            if _number(instance) and instance <= value:
                yield err()
        elif kw == "exclusiveMaximum":
            if _number(instance) and instance >= value:
                yield err()
        elif kw == "minItems":
            if isinstance(instance, list) and len(instance) < value:
                yield err()
        elif kw == "uniqueItems":
            if value and isinstance(instance, list) and not _unique(instance):
                yield err()
        elif kw == "items":
            if isinstance(instance, list):
                for i, item in enumerate(instance):
                    yield from iter_errors(item, value, (*path, i))
        elif kw == "properties":
            if isinstance(instance, dict):
                for name, sub in value.items():
                    if name in instance:
                        yield from iter_errors(instance[name], sub, (*path, name))
        elif kw == "required":
            if isinstance(instance, dict):
                for name in value:
                    if name not in instance:
                        yield err()
        elif kw == "additionalProperties":
            if value is not False:
                raise ValueError("only additionalProperties: false is supported")
            if isinstance(instance, dict):
                known = schema.get("properties", {})
                if any(k not in known for k in instance):
                    yield err()
        else:
            raise ValueError(f"the JSON-schema keyword {kw!r} is not supported here")


def _path_key(p: str | int) -> tuple[int, Any]:
    return (0, p) if isinstance(p, int) else (1, p)


def _relevance(e: SchemaError) -> tuple[Any, ...]:
    """``jsonschema.exceptions.relevance`` (no weak or strong keywords in these schemas)."""
    expected = e.schema.get("type")
    if expected is None:
        matches = False
    else:
        names = expected if isinstance(expected, list) else [expected]
        matches = any(_is_type(e.instance, n) for n in names)
    return (-len(e.path), tuple(_path_key(p) for p in e.path), True, False, not matches)


def _sort_key(e: SchemaError) -> list[str]:
    return [str(p) for p in e.path]


def check(data: Any, schema: Mapping[str, Any], what: str) -> None:
    """Raise the InvalidInput for the most relevant problem of ``data``, if any."""
    errors = sorted(iter_errors(data, schema), key=_sort_key)
    if errors:
        best = max(errors, key=_relevance)
        raise to_invalid(best, what, len(errors))


@cache
def case_schema() -> dict[str, Any]:
    from sitecare.domain.triage._resources import load_json

    schema: dict[str, Any] = load_json("triage", "case.schema.json")
    return schema


@cache
def assessment_schema() -> dict[str, Any]:
    from sitecare.domain.triage._resources import load_json

    schema: dict[str, Any] = load_json("triage", "assessment.schema.json")
    return schema


def validate_case(data: Any) -> dict[str, Any]:
    """Return ``data`` if it is a valid triage case, else raise :class:`InvalidInput`."""
    check(data, case_schema(), "case")
    case: dict[str, Any] = data
    return case


def validate_assessment(data: Any) -> dict[str, Any]:
    """Return ``data`` if it matches ``assessment.schema.json``; else raise InvalidInput."""
    check(data, assessment_schema(), "assessment")
    result: dict[str, Any] = data
    return result
