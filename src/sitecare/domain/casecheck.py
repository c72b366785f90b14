"""Check triage cases and assessments against the packaged JSON schemas, in pure Python.

The schemas in ``sitecare/data/triage/`` stay the one truth. The services check them with
``jsonschema`` (``services.triage_input``); pocket runs without it, so this module evaluates
the small part of JSON Schema those two schemas use (``type``, ``enum``, ``minimum``,
``maximum``, ``minItems``, ``uniqueItems``, ``items``, ``properties``, ``required``,
``additionalProperties: false``), picks the error ``jsonschema.best_match`` would pick, and
words it as ``services.triage_input`` does, so a bad case gets the same message everywhere.
A keyword it does not know raises an error (a schema change must come here too).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from sitecare.domain.errors import InvalidInput, close_matches
from sitecare.domain.messages import counted

__all__ = ["SchemaError", "check", "iter_errors", "validate_assessment", "validate_case"]

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
#: keywords that only describe (never fail)
_NOTES = frozenset({"$schema", "$id", "title", "description", "examples", "default", "$comment"})


@dataclass(frozen=True)
class SchemaError:
    """One failed keyword, with what ``jsonschema``'s ValidationError would carry."""

    validator: str
    path: tuple[str | int, ...]
    schema: Mapping[str, Any]
    validator_value: Any
    instance: Any


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


def json_path(parts: Iterable[str | int], root: str = "case") -> str:
    """Path parts as text: ``["findings", 2]`` -> ``findings[2]``, ``vitals.heart_rate``.

    An empty path names the whole document (``root``). The services' jsonschema path words its
    messages with these same helpers."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or root


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def number_text(n: Any) -> str:
    return str(int(n)) if isinstance(n, float) and n.is_integer() else str(n)


def range_text(schema: Mapping[str, Any]) -> str:
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    if low is not None and high is not None:
        return f"between {number_text(low)} and {number_text(high)}"
    if low is not None:
        return f"{number_text(low)} or more"
    return f"{number_text(high)} or less"


def _py_repr(value: Any) -> str:
    return repr(value)


@dataclass(frozen=True)
class _Failed:
    """One schema error and where it is, for the functions that put it in words."""

    error: SchemaError
    path: list[str | int]
    #: the path in words ("vitals.temperature_c"), the document's name, the "N more" tail
    field: str
    what: str
    more: str


def _enum(e: _Failed) -> InvalidInput:
    instance = e.error.instance
    top = next((p for p in e.path if isinstance(p, str)), "")
    label = _KIND.get(top, top.replace("_", " ") or "value")
    allowed = [str(v) for v in e.error.validator_value]
    suggestions = close_matches(instance, allowed) if isinstance(instance, str) else []
    return InvalidInput(
        f"{e.field}: unknown {label} {instance!r}.{e.more}",
        field=e.field,
        suggestions=suggestions,
        hint=None if suggestions else "Valid values: " + ", ".join(allowed) + ".",
    )


def _unknown_field(e: _Failed) -> InvalidInput:
    known = list(e.error.schema.get("properties", {}))
    extra = sorted(k for k in e.error.instance if k not in known)
    name = extra[0] if extra else "?"
    where = json_path([*e.path, name], e.what)
    suggestions = close_matches(name, known)
    return InvalidInput(
        f"{where}: {name!r} is not a field sitecare knows.{e.more}",
        field=where,
        suggestions=suggestions,
        hint=None if suggestions else "Known fields: " + ", ".join(known) + ".",
    )


def _out_of_range(e: _Failed) -> InvalidInput:
    got = number_text(e.error.instance)
    return InvalidInput(
        f"{e.field} must be {range_text(e.error.schema)} (got {got}).{e.more}", field=e.field
    )


def _wrong_type(e: _Failed) -> InvalidInput:
    rule_value, schema = e.error.validator_value, e.error.schema
    names = [str(n) for n in (rule_value if isinstance(rule_value, list) else [rule_value])]
    words = " or ".join(_TYPE_WORDS.get(n, n) for n in names)
    rng = f", {range_text(schema)}" if {"minimum", "maximum"} & set(schema) else ""
    return InvalidInput(
        f"{e.field} must be {words}{rng} (got {json_type(e.error.instance)}).{e.more}",
        field=e.field,
    )


def _missing(e: _Failed) -> InvalidInput:
    missing = [k for k in e.error.validator_value if k not in e.error.instance]
    name = missing[0] if missing else "?"
    where = json_path([*e.path, name], e.what)
    return InvalidInput(f"{where} is required.{e.more}", field=where)


def _repeated(e: _Failed) -> InvalidInput:
    seen: set[str] = set()
    dupes: list[Any] = []
    for item in e.error.instance:
        key = json.dumps(item, sort_keys=True)
        if key in seen:
            dupes.append(item)
        seen.add(key)
    first = dupes[0] if dupes else "an item"
    return InvalidInput(f"{e.field} lists {first!r} more than once.{e.more}", field=e.field)


def _too_short(e: _Failed) -> InvalidInput:
    shown = _py_repr(e.error.instance)
    return InvalidInput(
        f"{e.field}: {shown} should be non-empty{e.more}"
        if e.error.validator_value == 1
        else f"{e.field}: {shown} is too short{e.more}",
        field=e.field,
    )


#: how each kind of schema error is put in words
_IN_WORDS = {
    "enum": _enum,
    "additionalProperties": _unknown_field,
    "minimum": _out_of_range,
    "maximum": _out_of_range,
    "exclusiveMinimum": _out_of_range,
    "exclusiveMaximum": _out_of_range,
    "type": _wrong_type,
    "required": _missing,
    "uniqueItems": _repeated,
    "minItems": _too_short,
}


def more_problems(total: int) -> str:
    """`` (1 more problem after this one)``, `` (2 more problems ...)``; empty for one."""
    if total <= 1:
        return ""
    n = total - 1
    return counted(
        " (%(n)s more problem after this one)", " (%(n)s more problems after this one)", n, n=n
    )


def to_invalid(error: SchemaError, what: str, total: int) -> InvalidInput:
    """The error in words, as ``services.triage_input`` words jsonschema's."""
    path = list(error.path)
    field = json_path(path, what)
    more = more_problems(total)
    in_words = _IN_WORDS.get(error.validator)
    if in_words is not None:
        return in_words(_Failed(error, path, field, what, more))
    return InvalidInput(f"{field}: {error.instance!r} is not valid{more}", field=field)


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
