"""Why one field of a file is refused, in words a person reads in each language.

pydantic (and ``fhir.resources`` on top of it) says why in English ("Input should be a valid
string", "Field required"); a Spanish message must not carry those words. :func:`field_problem`
keeps the library's own English text as the English (what sitecare always printed) and says the
error's ``type`` in the person's language through the catalog; the field's location stays with
the sentence that uses it. An error type sitecare does not know gets a plain "not valid" phrase.
:func:`record_where` names the record and field of an export ("injection #3, field 'at'").
Pure: it reads an error's ``type``, message and context only (no pydantic import).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sitecare.domain.messages import N_, Msg, number, worded

_DATETIME = N_("must be a date and time with a zone (for example 2026-11-20T08:30:00+01:00)")
_OBJECT = N_("must be an object (names with values)")
#: the error types whose words need nothing from the error's context
_PLAIN = {
    "missing": N_("this field is required"),
    "string_type": N_("must be text"),
    "string_unicode": N_("must be text"),
    "int_type": N_("must be a whole number"),
    "int_parsing": N_("must be a whole number"),
    "int_from_float": N_("must be a whole number"),
    "float_type": N_("must be a number"),
    "float_parsing": N_("must be a number"),
    "decimal_type": N_("must be a number"),
    "decimal_parsing": N_("must be a number"),
    "finite_number": N_("must be a finite number"),
    "bool_type": N_("must be true or false"),
    "bool_parsing": N_("must be true or false"),
    "datetime_type": _DATETIME,
    "datetime_parsing": _DATETIME,
    "datetime_from_date_parsing": _DATETIME,
    "datetime_object_invalid": _DATETIME,
    "timezone_aware": N_("needs a time zone (for example 2026-11-20T08:30:00+01:00)"),
    "date_type": N_("must be a date (for example 2026-11-20)"),
    "date_parsing": N_("must be a date (for example 2026-11-20)"),
    "date_from_datetime_parsing": N_("must be a date (for example 2026-11-20)"),
    "time_type": N_("must be a time of day (for example 08:30)"),
    "time_parsing": N_("must be a time of day (for example 08:30)"),
    "extra_forbidden": N_("is not a field allowed here"),
    "list_type": N_("must be a list"),
    "tuple_type": N_("must be a list"),
    "dict_type": _OBJECT,
    "model_type": _OBJECT,
    "model_attributes_type": _OBJECT,
    "model_validation_format": _OBJECT,
    "url_type": N_("must be a web address"),
    "url_parsing": N_("must be a web address"),
    "url_scheme": N_("must be a web address"),
    "uuid_type": N_("must be a uuid"),
    "uuid_parsing": N_("must be a uuid"),
    "none_required": N_("must be empty (null)"),
    "json_invalid": N_("is not valid JSON"),
}
#: the error types that name a limit from the context: (the template, the context's key)
_LIMITS = {
    "greater_than": (N_("must be more than %(limit)s"), "gt"),
    "greater_than_equal": (N_("must be %(limit)s or more"), "ge"),
    "less_than": (N_("must be less than %(limit)s"), "lt"),
    "less_than_equal": (N_("must be %(limit)s or less"), "le"),
}
#: the error types about a length: (one, many, the context's key)
_LENGTHS = {
    "string_too_short": (
        N_("must have at least %(n)s character"),
        N_("must have at least %(n)s characters"),
        "min_length",
    ),
    "string_too_long": (
        N_("must have at most %(n)s character"),
        N_("must have at most %(n)s characters"),
        "max_length",
    ),
    "too_short": (
        N_("must have at least %(n)s item"),
        N_("must have at least %(n)s items"),
        "min_length",
    ),
    "too_long": (
        N_("must have at most %(n)s item"),
        N_("must have at most %(n)s items"),
        "max_length",
    ),
}
#: what any other error type is said as (its English stays the library's own)
OTHER = N_("this value is not valid here")
#: fhir.resources' answer to a primitive value written the wrong way
_FHIR_FORM = re.compile(r"^(\w+) value string does not match spec regex")


def _value_error(english: str, error: Any) -> Msg:
    """A validator's own ``ValueError``: sitecare's words (a :class:`Msg`) said in each
    language; fhir.resources' primitive types named; other words in a plain phrase."""
    said = error.args[0] if isinstance(error, Exception) and error.args else error
    if isinstance(said, Msg):
        return worded(N_("the value is not valid: %(error)s"), english, error=said)
    form = _FHIR_FORM.match(str(said or ""))
    if form:
        return worded(N_("is not written as a FHIR %(kind)s value"), english, kind=form[1])
    return worded(OTHER, english)


def field_problem(kind: str, english: str, ctx: Mapping[str, Any] | None = None) -> Msg:
    """Why a field is refused: ``english`` (the library's message) as the ``str``, the words
    for the error type ``kind`` (pydantic's ``type``) in other languages, with the limit, the
    length or the allowed values the context ``ctx`` gives."""
    ctx = ctx or {}
    kind = "missing" if kind.endswith(".missing") else kind  # fhir.resources' own type
    if kind in _PLAIN:
        return worded(_PLAIN[kind], english)
    if kind in _LIMITS and isinstance(ctx.get(_LIMITS[kind][1]), int | float):
        template, key = _LIMITS[kind]
        limit = ctx[key]
        shown = int(limit) if isinstance(limit, float) and limit.is_integer() else limit
        return worded(template, english, limit=number(shown, ""))
    if kind in _LENGTHS and isinstance(ctx.get(_LENGTHS[kind][2]), int):
        one, many, key = _LENGTHS[kind]
        n = ctx[key]
        return worded(one if n == 1 else many, english, n=n)
    if kind in ("enum", "literal_error") and "expected" in ctx:
        expected = str(ctx["expected"]).replace(" or ", ", ")
        single = "," not in expected  # one value allowed ("Input should be True")
        said = N_("must be %(expected)s") if single else N_("must be one of: %(expected)s")
        return worded(said, english, expected=expected)
    if kind == "string_pattern_mismatch" and "pattern" in ctx:
        said = N_("does not have the expected form (%(pattern)s)")
        return worded(said, english, pattern=str(ctx["pattern"]))
    if kind == "value_error":
        return _value_error(english, ctx.get("error"))
    return worded(OTHER, english)


#: which record of an export a field is in, in words (``injection #3, field 'at'``)
_RECORD_FIELD = {
    "injection": N_("injection #%(n)s, field '%(field)s'"),
    "observation": N_("observation #%(n)s, field '%(field)s'"),
    "photo": N_("photo #%(n)s, field '%(field)s'"),
}


def record_where(loc: tuple[Any, ...]) -> Msg:
    """``injection #3, field 'at'`` from an error's location in an export document
    (``('injections', 2, 'at')``), ``field 'version'`` for a field of the document itself."""
    if len(loc) >= 2 and isinstance(loc[1], int):
        kind = str(loc[0]).rstrip("s")
        name = ".".join(map(str, loc[2:])) or kind
        template = _RECORD_FIELD.get(kind, N_("%(kind)s #%(n)s, field '%(field)s'"))
        return Msg(template, kind=kind, n=loc[1] + 1, field=name)
    return Msg("field '%(field)s'", field=".".join(map(str, loc)))


def bad_record(loc: tuple[Any, ...], problem: str) -> Msg:
    """``The file has a bad record: injection #3, field 'at': ...`` in each language."""
    return Msg(
        "The file has a bad record: %(where)s: %(problem)s",
        where=record_where(loc),
        problem=problem,
    )
