"""The export document (``sitecare export --format json``) and the rules an import follows.

Pure: pocket reads and writes the same document in the browser. ``services.transfer`` checks
the fields with pydantic and then applies the same record rules from here (sites against the
atlas, uids once, settings as ``sitecare settings set`` reads them, plausible times), so an
export moves between pocket, the personal app and a program unchanged.

:func:`read_document` checks a whole parsed document (fields, limits, control characters,
sites, uids, settings, the triage case and assessment of every check) and answers plain records,
or raises :class:`~sitecare.domain.errors.ImportFileError` naming the first problem
("injection #3, field 'at': ...").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sitecare.domain._transfer_fields import (
    _Bad,
    _bool,
    _depth,
    _fields,
    _id,
    _number,
    _opt_str,
    _str,
    _time,
)
from sitecare.domain.atlas import ROUTES, Atlas
from sitecare.domain.errors import ImportFileError, InvalidInput
from sitecare.domain.field_errors import bad_record
from sitecare.domain.inputs import MAX_MEDICINE, MAX_NOTE, check_time, control_character
from sitecare.domain.messages import N_, Msg
from sitecare.domain.records import Injection, Observation
from sitecare.domain.rotation_settings import PREFIX, parse_setting
from sitecare.domain.transfer_text import (
    CSV_COLUMNS,
    FORMAT,
    MAX_DEPTH,
    NOT_AN_EXPORT,
    TOO_DEEP,
    VERSION,
    csv_document,
    parse_json,
    parse_text,
)

LEVELS = ("emergency", "urgent", "soon", "self_care", "routine")

__all__ = [
    "CSV_COLUMNS",
    "FORMAT",
    "LEVELS",
    "TOO_DEEP",
    "VERSION",
    "ExportDoc",
    "check_setting",
    "check_sites",
    "check_stored_checks",
    "check_times",
    "csv_document",
    "parse_json",
    "parse_text",
    "read_document",
    "stored_time",
]


def stored_time(at: datetime) -> datetime:
    """``at`` as storage gives it back: the same instant, its offset in whole minutes."""
    offset = at.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    return at.astimezone(UTC).astimezone(timezone(timedelta(minutes=minutes)))


# -- the rules shared with services.transfer ---------------------------------------------------


def check_sites(
    atlas: Atlas,
    injections: Iterable[tuple[str | None, str | None, str]],
    observations: Iterable[tuple[str | None, str | None, str]],
) -> None:
    """Every (region, spot, uid) names a known site by its id, and every uid appears once."""
    kinds = (("injection", list(injections)), ("observation", list(observations)))
    for kind, records in kinds:
        for n, (region, spot, _uid) in enumerate(records, 1):
            if region is None:
                continue
            try:
                reg = atlas.region(region)
                if reg.id != region:  # an export holds ids, never the words people type
                    raise InvalidInput(
                        Msg("Unknown region %(region)s.", region=repr(region)),
                        suggestions=[reg.id],
                        field="region",
                    )
                if spot is not None:
                    reg.spot(spot)
            except InvalidInput as exc:
                said = record_problem(kind, n, exc.message)
                raise ImportFileError(said, hint=exc.hint) from None
    for kind, records in kinds:
        seen: set[str] = set()
        for n, (_region, _spot, uid) in enumerate(records, 1):
            if uid in seen:
                twice = Msg("the uid %(uid)s appears twice in the file.", uid=uid)
                raise ImportFileError(record_problem(kind, n, twice))
            seen.add(uid)


#: which record of a file a problem is in, in words (``injection #3: ...``)
_RECORD = {
    "injection": N_("injection #%(n)s: %(problem)s"),
    "observation": N_("observation #%(n)s: %(problem)s"),
}


def record_problem(kind: str, n: int, problem: str) -> Msg:
    """``injection #3: ...``, said in the person's language (``problem`` too, when a Msg)."""
    return Msg(_RECORD[kind], n=n, problem=problem)


def check_setting(atlas: Atlas, key: str, value: Any) -> tuple[str, Any]:
    """A setting from a file, read by the same rules as ``sitecare settings set``."""
    where = Msg("setting %(key)s", key=repr(key[:60]))
    if control_character(key) is not None or not key.startswith(PREFIX):
        raise ImportFileError(Msg("%(where)s: not a setting sitecare knows.", where=where))
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        text = ",".join(value)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        text = repr(value)
    elif isinstance(value, str):
        text = value
    else:
        raise ImportFileError(Msg("%(where)s: the value is not one sitecare writes.", where=where))
    try:
        stored, parsed = parse_setting(atlas, key, text)
    except InvalidInput as exc:
        raise ImportFileError(
            Msg("%(where)s: %(problem)s", where=where, problem=exc.message)
        ) from None
    if parsed is None:
        raise ImportFileError(Msg("%(where)s: the value is empty.", where=where))
    return stored, parsed


def check_times(
    injection_times: Iterable[datetime], observation_times: Iterable[datetime], now: datetime
) -> None:
    """Every time is plausible at ``now`` (after 1900, at most a year ahead)."""
    for kind, ats in (("injection", injection_times), ("observation", observation_times)):
        for n, at in enumerate(ats, 1):
            try:
                check_time(at, now=now, field="at")
            except InvalidInput as exc:
                raise ImportFileError(record_problem(kind, n, exc.message)) from None


#: for readers of other tools' files (``sitecare.exports``): the same iterative depth check
nested_deeper = _depth


# -- reading a whole document without pydantic -------------------------------------------------


_INJECTION_FIELDS = ("id", "uid", "at", "region", "spot", "route", "medicine", "note", "person")
_OBSERVATION_FIELDS = (
    "id",
    "uid",
    "at",
    "region",
    "spot",
    "level",
    "rest_days",
    "blocked",
    "case",
    "assessment",
    "note",
    "person",
)
_DOC_FIELDS = (
    "format",
    "version",
    "exported_at",
    "person",
    "injections",
    "observations",
    "settings",
)


def _head(loc: tuple[Any, ...], r: dict[str, Any]) -> dict[str, Any]:
    """The fields every record starts with, checked in this order: id, uid, at."""
    return {
        "id": _id((*loc, "id"), r["id"]),
        "uid": _str((*loc, "uid"), r["uid"], lo=1, hi=36),
        "at": _time((*loc, "at"), r["at"]),
    }


def _note(loc: tuple[Any, ...], r: dict[str, Any]) -> str | None:
    """The fields every record ends with: its note, and the person (checked, then dropped)."""
    note = _opt_str((*loc, "note"), r.get("note"), hi=MAX_NOTE, multiline=True)
    _opt_str((*loc, "person"), r.get("person"), hi=100)
    return note


def _injection(loc: tuple[Any, ...], raw: Any) -> Injection:
    r = _fields(loc, raw, _INJECTION_FIELDS, ("id", "uid", "at", "region", "route"))
    head = _head(loc, r)
    region = _str((*loc, "region"), r["region"], hi=100)
    spot = _opt_str((*loc, "spot"), r.get("spot"), hi=16)
    route = r["route"]
    if not isinstance(route, str):
        raise _Bad((*loc, "route"), "Input should be a valid string", "string_type")
    if route not in ROUTES:
        error = ValueError(Msg("unknown route %(route)s", route=repr(route)))
        raise _Bad((*loc, "route"), f"Value error, {error}", "value_error", error=error)
    medicine = _opt_str((*loc, "medicine"), r.get("medicine"), hi=MAX_MEDICINE)
    note = _note(loc, r)
    return Injection(
        **head,
        region=region,
        route=route,
        spot=spot,
        medicine=medicine,
        note=note,
    )


def _observation(loc: tuple[Any, ...], raw: Any) -> Observation:
    r = _fields(loc, raw, _OBSERVATION_FIELDS, ("id", "uid", "at"))
    head = _head(loc, r)
    region = _opt_str((*loc, "region"), r.get("region"), hi=100)
    spot = _opt_str((*loc, "spot"), r.get("spot"), hi=16)
    level = r.get("level")
    if level is not None and level not in LEVELS:
        expected = ", ".join(f"'{x}'" for x in LEVELS[:-1]) + f" or '{LEVELS[-1]}'"
        raise _Bad(
            (*loc, "level"), f"Input should be {expected}", "literal_error", expected=expected
        )
    rest = r.get("rest_days")
    if rest is not None:
        rest = _number((*loc, "rest_days"), rest)
        if rest < 0:
            raise _Bad(
                (*loc, "rest_days"),
                "Input should be greater than or equal to 0",
                "greater_than_equal",
                ge=0,
            )
        if not rest <= 3650:  # nan too
            raise _Bad(
                (*loc, "rest_days"),
                "Input should be less than or equal to 3650",
                "less_than_equal",
                le=3650,
            )
    blocked = _bool((*loc, "blocked"), r.get("blocked", False))
    case = r.get("case", {})
    if not isinstance(case, dict):
        raise _Bad((*loc, "case"), "Input should be a valid dictionary", "dict_type")
    assessment = r.get("assessment", {})
    if not isinstance(assessment, dict):
        raise _Bad((*loc, "assessment"), "Input should be a valid dictionary", "dict_type")
    note = _note(loc, r)
    return Observation(
        **head,
        region=region,
        spot=spot,
        level=level,
        rest_days=rest,
        blocked=blocked,
        case=case,
        assessment=assessment,
        note=note,
    )


@dataclass
class ExportDoc:
    """A checked export document: its records, as sitecare would store them."""

    injections: list[Injection] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)


def _items(r: Mapping[str, Any], name: str) -> list[tuple[tuple[Any, ...], Any]]:
    items = r.get(name, [])
    if not isinstance(items, list):
        raise _Bad((name,), "Input should be a valid list", "list_type")
    return [((name, i), item) for i, item in enumerate(items)]


def _structure(raw: Mapping[str, Any]) -> ExportDoc:
    r = _fields((), raw, _DOC_FIELDS, ("format", "version"))
    if r["format"] != FORMAT:
        raise _Bad(
            ("format",), f"Input should be '{FORMAT}'", "literal_error", expected=f"'{FORMAT}'"
        )
    if r["version"] != VERSION or isinstance(r["version"], bool):
        raise _Bad(
            ("version",), f"Input should be {VERSION}", "literal_error", expected=str(VERSION)
        )
    if r.get("exported_at") is not None:
        _time(("exported_at",), r["exported_at"])
    if r.get("person") is not None and not isinstance(r["person"], dict):
        raise _Bad(("person",), "Input should be a valid dictionary", "dict_type")
    doc = ExportDoc()
    doc.injections = [_injection(loc, item) for loc, item in _items(r, "injections")]
    doc.observations = [_observation(loc, item) for loc, item in _items(r, "observations")]
    settings = r.get("settings", {})
    if not isinstance(settings, dict):
        raise _Bad(("settings",), "Input should be a valid dictionary", "dict_type")
    doc.settings = dict(settings)
    return doc


def check_stored_checks(
    observations: Iterable[Any],
    validate_case: Callable[[Any], Any],
    validate_assessment: Callable[[Any], Any],
) -> None:
    """What a check keeps is what sitecare wrote: a valid case and its assessment. Raises
    ImportFileError naming the first check (``observation #n``) that is not."""
    for n, obs in enumerate(observations, 1):
        try:
            if obs.case:
                validate_case(obs.case)
            if obs.assessment:
                validate_assessment(obs.assessment)
        except InvalidInput as exc:
            raise ImportFileError(record_problem("observation", n, exc.message)) from None
        except RecursionError:
            raise ImportFileError(TOO_DEEP) from None


def read_document(
    raw: Any,
    atlas: Atlas,
    *,
    validate_case: Any = None,
    validate_assessment: Any = None,
) -> ExportDoc:
    """Check a whole parsed export document; answer its records or raise ImportFileError.

    ``validate_case`` / ``validate_assessment`` check a stored check's case and assessment
    (default: ``domain.casecheck``, the pure-Python reading of the packaged schemas).
    """
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ImportFileError(NOT_AN_EXPORT)
    if _depth(raw, MAX_DEPTH):
        raise ImportFileError(TOO_DEEP)
    try:
        doc = _structure(raw)
    except _Bad as bad:
        raise ImportFileError(bad_record(bad.loc, bad.problem)) from None
    check_sites(
        atlas,
        ((r.region, r.spot, r.uid) for r in doc.injections),
        ((r.region, r.spot, r.uid) for r in doc.observations),
    )
    if validate_case is None or validate_assessment is None:
        from sitecare.domain import casecheck

        validate_case = validate_case or casecheck.validate_case
        validate_assessment = validate_assessment or casecheck.validate_assessment
    check_stored_checks(doc.observations, validate_case, validate_assessment)
    doc.settings = dict(check_setting(atlas, k, v) for k, v in doc.settings.items())
    return doc
