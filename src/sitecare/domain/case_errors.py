"""A case's or an assessment's schema errors in words, the same from ``domain.casecheck``
(pocket's pure checker) and ``services.triage_input`` (jsonschema): the field's JSON path
(``findings[2]``, ``vitals.heart_rate``), the allowed range, "did you mean" for an unknown id.

The words are :class:`~sitecare.domain.messages.Msg` values: English as the ``str`` (the
CLI's English output and the JSON stay as they were), said in the person's language at the
edge (the CLI's ``_()``, the web's error answers). Field names, ids and values stay English.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sitecare.domain.errors import InvalidInput, close_matches
from sitecare.domain.messages import N_, Msg, counted, number, or_words, word, worded

#: what an unknown id is, in words (said in the person's language; other fields keep their name)
_KIND = {
    "findings": N_("finding"),
    "context": N_("context"),
    "route": N_("route"),
    "redness_trend": N_("redness trend"),
}
_TYPE_WORDS = {
    "number": N_("a number"),
    "integer": N_("a whole number"),
    "string": N_("text"),
    "boolean": N_("true or false"),
    "array": N_("a list"),
    "object": N_("an object (a mapping of names to values)"),
    "null": "null",
}


@dataclass(frozen=True)
class SchemaError:
    """One failed keyword, with what ``jsonschema``'s ValidationError would carry."""

    validator: str
    path: tuple[str | int, ...]
    schema: Mapping[str, Any]
    validator_value: Any
    instance: Any


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
    """What a JSON value is, in words (a :class:`Msg` but for ``null``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return word(N_("true/false"))
    if isinstance(value, int | float):
        return word("a number")
    if isinstance(value, str):
        return word("text")
    if isinstance(value, list):
        return word("a list")
    if isinstance(value, dict):
        return word(N_("an object"))
    return type(value).__name__


def number_text(n: Any) -> Msg:
    """A number as the case had it (``38.5``, ``40`` for ``40.0``), said in each language."""
    return number(int(n) if isinstance(n, float) and n.is_integer() else n, "")


def range_text(schema: Mapping[str, Any]) -> Msg:
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    if low is not None and high is not None:
        return Msg("between %(low)s and %(high)s", low=number_text(low), high=number_text(high))
    if low is not None:
        return Msg("%(low)s or more", low=number_text(low))
    return Msg("%(high)s or less", high=number_text(high))


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
    label = word(_KIND[top]) if top in _KIND else (top.replace("_", " ") or "value")
    allowed = [str(v) for v in e.error.validator_value]
    suggestions = close_matches(instance, allowed) if isinstance(instance, str) else []
    return InvalidInput(
        Msg(
            "%(field)s: unknown %(kind)s %(value)s.%(more)s",
            field=e.field,
            kind=label,
            value=repr(instance),
            more=e.more,
        ),
        field=e.field,
        suggestions=suggestions,
        hint=None if suggestions else Msg("Valid values: %(ids)s.", ids=", ".join(allowed)),
    )


def _unknown_field(e: _Failed) -> InvalidInput:
    known = list(e.error.schema.get("properties", {}))
    extra = sorted(k for k in e.error.instance if k not in known)
    name = extra[0] if extra else "?"
    where = json_path([*e.path, name], e.what)
    suggestions = close_matches(name, known)
    return InvalidInput(
        Msg(
            "%(field)s: %(name)s is not a field sitecare knows.%(more)s",
            field=where,
            name=repr(name),
            more=e.more,
        ),
        field=where,
        suggestions=suggestions,
        hint=None if suggestions else Msg("Known fields: %(names)s.", names=", ".join(known)),
    )


def _out_of_range(e: _Failed) -> InvalidInput:
    said = Msg(
        "%(field)s must be %(range)s (got %(got)s).%(more)s",
        field=e.field,
        range=range_text(e.error.schema),
        got=number_text(e.error.instance),
        more=e.more,
    )
    return InvalidInput(said, field=e.field)


def _wrong_type(e: _Failed) -> InvalidInput:
    rule_value, schema = e.error.validator_value, e.error.schema
    names = [str(n) for n in (rule_value if isinstance(rule_value, list) else [rule_value])]
    words = or_words([word(_TYPE_WORDS[n]) if n in _TYPE_WORDS else n for n in names])
    params = {"field": e.field, "what": words, "got": json_type(e.error.instance), "more": e.more}
    if {"minimum", "maximum"} & set(schema):
        said = Msg(
            "%(field)s must be %(what)s, %(range)s (got %(got)s).%(more)s",
            range=range_text(schema),
            **params,
        )
    else:
        said = Msg("%(field)s must be %(what)s (got %(got)s).%(more)s", **params)
    return InvalidInput(said, field=e.field)


def _missing(e: _Failed) -> InvalidInput:
    missing = [k for k in e.error.validator_value if k not in e.error.instance]
    name = missing[0] if missing else "?"
    where = json_path([*e.path, name], e.what)
    return InvalidInput(
        Msg("%(field)s is required.%(more)s", field=where, more=e.more), field=where
    )


def _repeated(e: _Failed) -> InvalidInput:
    seen: set[str] = set()
    dupes: list[Any] = []
    for item in e.error.instance:
        key = json.dumps(item, sort_keys=True)
        if key in seen:
            dupes.append(item)
        seen.add(key)
    first = repr(dupes[0]) if dupes else word(N_("an item"))
    said = Msg(
        "%(field)s lists %(value)s more than once.%(more)s", field=e.field, value=first, more=e.more
    )
    return InvalidInput(said, field=e.field)


def _too_short(e: _Failed) -> InvalidInput:
    params = {"field": e.field, "value": _py_repr(e.error.instance), "more": e.more}
    return InvalidInput(
        Msg("%(field)s: %(value)s should be non-empty%(more)s", **params)
        if e.error.validator_value == 1
        else Msg("%(field)s: %(value)s is too short%(more)s", **params),
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


def more_problems(total: int) -> Msg | str:
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
    said = Msg(
        "%(field)s: %(value)s is not valid%(more)s",
        field=field,
        value=repr(error.instance),
        more=more,
    )
    return InvalidInput(said, field=field)


#: what the other keywords of JSON Schema say, in the person's language (none of them is in the
#: case schemas today; jsonschema's English stays the English, as it always was)
_OTHER_WORDS = {
    "format": N_("%(field)s: %(value)s is not in the %(rule)s format.%(more)s"),
    "pattern": N_("%(field)s: %(value)s does not have the expected form (%(rule)s).%(more)s"),
    "const": N_("%(field)s must be %(rule)s (got %(value)s).%(more)s"),
    "maxItems": N_("%(field)s has too many items: at most %(rule)s.%(more)s"),
    "minProperties": N_("%(field)s needs more fields: at least %(rule)s.%(more)s"),
    "maxProperties": N_("%(field)s has too many fields: at most %(rule)s.%(more)s"),
    "multipleOf": N_("%(field)s must be a multiple of %(rule)s (got %(value)s).%(more)s"),
}
_LENGTH_WORDS = {
    "minLength": (
        N_("%(field)s: %(value)s is too short (at least %(n)s character).%(more)s"),
        N_("%(field)s: %(value)s is too short (at least %(n)s characters).%(more)s"),
    ),
    "maxLength": (
        N_("%(field)s: %(value)s is too long (at most %(n)s character).%(more)s"),
        N_("%(field)s: %(value)s is too long (at most %(n)s characters).%(more)s"),
    ),
}


def library_invalid(error: SchemaError, what: str, total: int, english: str) -> InvalidInput:
    """A keyword :func:`to_invalid` does not word (``format``, ``pattern``, ``minLength``...):
    in English ``field: `` and the library's own message ``english`` (as before), in another
    language the keyword's words, the field's path and the value kept."""
    more = more_problems(total)
    field = json_path(list(error.path), what)
    plain = f"{field}: {english}{more}"
    rule = error.validator_value
    params = {"field": field, "value": repr(error.instance), "more": more}
    if error.validator in _LENGTH_WORDS:
        one, many = _LENGTH_WORDS[error.validator]
        n = rule if isinstance(rule, int) else 0
        said = worded(one if n == 1 else many, plain, n=n, **params)
    elif error.validator in _OTHER_WORDS:
        shown = rule if isinstance(rule, str) and error.validator == "format" else repr(rule)
        said = worded(_OTHER_WORDS[error.validator], plain, rule=shown, **params)
    else:
        said = worded("%(field)s: %(value)s is not valid%(more)s", plain, **params)
    return InvalidInput(said, field=field)
