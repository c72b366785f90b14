"""Words kept with a stored record so they can be said again in another language.

A :class:`~sitecare.domain.messages.Msg` is English text plus its template and parameters. A
record stores the English (what was said, read by every program that reads the data) and,
beside it, the message as plain JSON data (:func:`to_data`): its template, kind, plural and
parameters, each parameter a message, a number, a text, a date or a time. :func:`from_data`
makes the message again, so a re-check's course summary stored today is said in Spanish to a
Spanish reader tomorrow. Anything it cannot keep (a function: ``said_by``) is kept as its
English text. Stored data can come from a file someone made: a message comes back only when
its template is one of sitecare's own (in a shipped catalog), its number format and date part
are ones sitecare writes, and its placeholders are all given; anything else is its English
text. Pure: no storage, no clock.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from sitecare.domain.language import LANGUAGES
from sitecare.domain.messages import Msg, _msg, catalog

__all__ = ["from_data", "to_data"]

#: the kinds whose parameters are all plain data (``said`` holds a function)
_KEPT = {"po", "number", "date", "lower", "term"}
#: how deep a stored message may nest (a summary is three or four levels)
_DEPTH = 12


def to_data(value: Any, depth: int = 0) -> Any:
    """``value`` as JSON data; a :class:`Msg` as ``{"msg": ...}``."""
    if isinstance(value, Msg):
        if value.kind not in _KEPT or depth > _DEPTH:
            return str(value)
        data: dict[str, Any] = {
            "msg": value.template,
            "kind": value.kind,
            "en": str(value),
            "params": {k: to_data(v, depth + 1) for k, v in value.params.items()},
        }
        if value.plural is not None:
            data["plural"] = [value.plural[0], value.plural[1]]
        return data
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def from_data(data: Any, depth: int = 0) -> Any:
    """The value :func:`to_data` kept (a :class:`Msg` again); data it did not write is
    returned as it is, or as text."""
    if not isinstance(data, dict) or depth > _DEPTH:
        return data if data is None or isinstance(data, bool | int | float | str) else str(data)
    if "datetime" in data:
        return datetime.fromisoformat(str(data["datetime"]))
    if "date" in data:
        return date.fromisoformat(str(data["date"]))
    kind, template, english = data.get("kind"), data.get("msg"), data.get("en")
    params = data.get("params")
    if kind not in _KEPT or not isinstance(template, str) or not isinstance(english, str):
        return str(english or "")
    if not isinstance(params, dict):
        return english
    kept = {str(k): from_data(v, depth + 1) for k, v in params.items()}
    plural = data.get("plural")
    counted = None
    if (
        isinstance(plural, list)
        and len(plural) == 2
        and isinstance(plural[0], str)
        and isinstance(plural[1], int | float)
        and not isinstance(plural[1], bool)
    ):
        counted = (plural[0], float(plural[1]))
    if not _ours(kind, template, kept, counted):
        return english
    return _msg(template, kept, kind, english, counted)


_SPEC = re.compile(r"^,?(\.[0-3])?[fgd]?$")
_DATE_PARTS = {"%A", "%a", "%B", "%b", "%d"}
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _ours(kind: str, template: str, params: dict[str, Any], plural: Any) -> bool:
    """A message sitecare writes: a known template with every placeholder given (safe to say)."""
    if kind == "number":
        spec = params.get("spec")
        return (
            isinstance(params.get("value"), int | float)
            and isinstance(spec, str)
            and bool(_SPEC.match(spec))
        )
    if kind == "date":
        return template in _DATE_PARTS and isinstance(params.get("at"), date)
    if kind == "lower":
        return "value" in params
    if kind == "term":
        return isinstance(params.get("lower_first"), bool)
    if not template:
        return False
    if plural is not None:
        known = any((template, plural[0]) in catalog(lang).plural for lang in LANGUAGES)
    else:
        known = any(template in catalog(lang).singular for lang in LANGUAGES)
    names = set(_PLACEHOLDER.findall(template)) | set(
        _PLACEHOLDER.findall(plural[0]) if plural else ()
    )
    bare = _PLACEHOLDER.sub("", template).replace("%%", "")
    return known and names <= set(params) and "%" not in bare
