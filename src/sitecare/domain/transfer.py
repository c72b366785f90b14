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

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sitecare.domain.atlas import ROUTES, Atlas
from sitecare.domain.errors import ImportFileError, InvalidInput
from sitecare.domain.inputs import MAX_ID, MAX_MEDICINE, MAX_NOTE, check_time, control_character
from sitecare.domain.records import Injection, Observation
from sitecare.domain.rotation_settings import PREFIX, parse_setting

CSV_COLUMNS = ["record", "id", "uid", "at", "region", "spot", "route", "medicine", "note", "data"]
FORMAT = "sitecare-export"
VERSION = 1
LEVELS = ("emergency", "urgent", "soon", "self_care", "routine")
TOO_DEEP = "The file is nested too deeply to be a sitecare export (nothing was changed)."
#: deeper than any case or assessment sitecare writes (json.loads itself stops near 1000)
MAX_DEPTH = 64

__all__ = [
    "CSV_COLUMNS",
    "FORMAT",
    "LEVELS",
    "TOO_DEEP",
    "VERSION",
    "ExportDoc",
    "check_setting",
    "check_sites",
    "check_times",
    "csv_document",
    "nested_deeper",
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
                        f"Unknown region {region!r}.", suggestions=[reg.id], field="region"
                    )
                if spot is not None:
                    reg.spot(spot)
            except InvalidInput as exc:
                raise ImportFileError(f"{kind} #{n}: {exc.message}", hint=exc.hint) from None
    for kind, records in kinds:
        seen: set[str] = set()
        for n, (_region, _spot, uid) in enumerate(records, 1):
            if uid in seen:
                raise ImportFileError(f"{kind} #{n}: the uid {uid} appears twice in the file.")
            seen.add(uid)


def check_setting(atlas: Atlas, key: str, value: Any) -> tuple[str, Any]:
    """A setting from a file, read by the same rules as ``sitecare settings set``."""
    where = f"setting {key[:60]!r}"
    if control_character(key) is not None or not key.startswith(PREFIX):
        raise ImportFileError(f"{where}: not a setting sitecare knows.")
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        text = ",".join(value)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        text = repr(value)
    elif isinstance(value, str):
        text = value
    else:
        raise ImportFileError(f"{where}: the value is not one sitecare writes.")
    try:
        stored, parsed = parse_setting(atlas, key, text)
    except InvalidInput as exc:
        raise ImportFileError(f"{where}: {exc.message}") from None
    if parsed is None:
        raise ImportFileError(f"{where}: the value is empty.")
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
                raise ImportFileError(f"{kind} #{n}: {exc.message}") from None


# -- reading a whole document without pydantic -------------------------------------------------


class _Bad(Exception):
    """One field's problem: its location and pydantic-like words."""

    def __init__(self, loc: tuple[Any, ...], msg: str) -> None:
        super().__init__(msg)
        self.loc = loc
        self.msg = msg


def _where(loc: tuple[Any, ...]) -> str:
    """'injection #3, field 'at'' from a location (as services.transfer words pydantic's)."""
    if len(loc) >= 2 and isinstance(loc[1], int):
        kind = str(loc[0]).rstrip("s")
        return f"{kind} #{loc[1] + 1}, field '{'.'.join(map(str, loc[2:])) or kind}'"
    return f"field '{'.'.join(map(str, loc))}'"


def _depth(value: Any, limit: int) -> bool:
    """Whether ``value`` nests deeper than ``limit`` (iteratively: no recursion to overflow)."""
    stack = [(value, 0)]
    while stack:
        item, d = stack.pop()
        if d > limit:
            return True
        if isinstance(item, dict):
            stack.extend((v, d + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, d + 1) for v in item)
    return False


#: for readers of other tools' files (``sitecare.exports``): the same iterative depth check
nested_deeper = _depth


def _str(loc: tuple[Any, ...], v: Any, *, lo: int = 0, hi: int, multiline: bool = False) -> str:
    if not isinstance(v, str):
        raise _Bad(loc, "Input should be a valid string")
    if len(v) < lo:
        raise _Bad(loc, f"String should have at least {lo} character{'s' if lo != 1 else ''}")
    if len(v) > hi:
        raise _Bad(loc, f"String should have at most {hi} characters")
    bad = control_character(v, multiline=multiline)
    if bad is not None:
        raise _Bad(loc, f"Value error, contains a control character ({bad})")
    return v


def _opt_str(loc: tuple[Any, ...], v: Any, *, hi: int, multiline: bool = False) -> str | None:
    return None if v is None else _str(loc, v, hi=hi, multiline=multiline)


def _id(loc: tuple[Any, ...], v: Any) -> int:
    if isinstance(v, bool):
        n = int(v)
    elif isinstance(v, int):
        n = v
    elif isinstance(v, float) and v.is_integer():
        n = int(v)
    elif isinstance(v, str) and v.strip().isdigit():
        n = int(v.strip())
    else:
        raise _Bad(loc, "Input should be a valid integer")
    if n <= 0:
        raise _Bad(loc, "Input should be greater than 0")
    if n > MAX_ID:
        raise _Bad(loc, f"Input should be less than or equal to {MAX_ID}")
    return n


_NUMERIC = re.compile(r"^-?\d+(\.\d+)?$")
_TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE = frozenset({"0", "off", "f", "false", "n", "no"})


def _time(loc: tuple[Any, ...], v: Any) -> datetime:
    """An aware time as pydantic's lax mode reads one: ISO 8601 with a zone, or a number of
    seconds (milliseconds when it is that large) since 1970 in UTC."""
    if isinstance(v, bool):
        raise _Bad(loc, "Input should be a valid datetime")
    if isinstance(v, str) and _NUMERIC.match(v):
        v = float(v)
    if isinstance(v, int | float):
        seconds = v / 1000 if abs(v) > 2e10 else v
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            raise _Bad(loc, "Input should be a valid datetime") from None
    if not isinstance(v, str):
        raise _Bad(loc, "Input should be a valid datetime")
    try:
        at = datetime.fromisoformat(v)
    except ValueError:
        raise _Bad(loc, "Input should be a valid datetime") from None
    if at.tzinfo is None:
        raise _Bad(loc, "Input should have timezone info")
    return at


def _number(loc: tuple[Any, ...], v: Any) -> float:
    if isinstance(v, str):
        try:
            v = float(v.strip())
        except ValueError:
            raise _Bad(loc, "Input should be a valid number") from None
    if not isinstance(v, int | float):
        raise _Bad(loc, "Input should be a valid number")
    return float(v)


def _bool(loc: tuple[Any, ...], v: Any) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, int | float) and v in (0, 1):
        return bool(v)
    if isinstance(v, str) and v.strip().lower() in _TRUE | _FALSE:
        return v.strip().lower() in _TRUE
    raise _Bad(loc, "Input should be a valid boolean")


def _fields(
    loc: tuple[Any, ...], raw: Any, known: Iterable[str], required: Iterable[str]
) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _Bad(loc, "Input should be a valid dictionary or instance of the model")
    for name in required:
        if name not in raw:
            raise _Bad((*loc, name), "Field required")
    names = set(known)
    for name in raw:
        if name not in names:
            raise _Bad((*loc, name), "Extra inputs are not permitted")
    return raw


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


def _injection(loc: tuple[Any, ...], raw: Any) -> Injection:
    r = _fields(loc, raw, _INJECTION_FIELDS, ("id", "uid", "at", "region", "route"))
    ident = _id((*loc, "id"), r["id"])
    uid = _str((*loc, "uid"), r["uid"], lo=1, hi=36)
    at = _time((*loc, "at"), r["at"])
    region = _str((*loc, "region"), r["region"], hi=100)
    spot = _opt_str((*loc, "spot"), r.get("spot"), hi=16)
    route = r["route"]
    if not isinstance(route, str):
        raise _Bad((*loc, "route"), "Input should be a valid string")
    if route not in ROUTES:
        raise _Bad((*loc, "route"), f"Value error, unknown route {route!r}")
    medicine = _opt_str((*loc, "medicine"), r.get("medicine"), hi=MAX_MEDICINE)
    note = _opt_str((*loc, "note"), r.get("note"), hi=MAX_NOTE, multiline=True)
    _opt_str((*loc, "person"), r.get("person"), hi=100)
    return Injection(
        id=ident,
        uid=uid,
        at=at,
        region=region,
        route=route,
        spot=spot,
        medicine=medicine,
        note=note,
    )


def _observation(loc: tuple[Any, ...], raw: Any) -> Observation:
    r = _fields(loc, raw, _OBSERVATION_FIELDS, ("id", "uid", "at"))
    ident = _id((*loc, "id"), r["id"])
    uid = _str((*loc, "uid"), r["uid"], lo=1, hi=36)
    at = _time((*loc, "at"), r["at"])
    region = _opt_str((*loc, "region"), r.get("region"), hi=100)
    spot = _opt_str((*loc, "spot"), r.get("spot"), hi=16)
    level = r.get("level")
    if level is not None and level not in LEVELS:
        raise _Bad(
            (*loc, "level"),
            "Input should be " + ", ".join(f"'{x}'" for x in LEVELS[:-1]) + f" or '{LEVELS[-1]}'",
        )
    rest = r.get("rest_days")
    if rest is not None:
        rest = _number((*loc, "rest_days"), rest)
        if rest < 0:
            raise _Bad((*loc, "rest_days"), "Input should be greater than or equal to 0")
        if not rest <= 3650:  # nan too
            raise _Bad((*loc, "rest_days"), "Input should be less than or equal to 3650")
    blocked = _bool((*loc, "blocked"), r.get("blocked", False))
    case = r.get("case", {})
    if not isinstance(case, dict):
        raise _Bad((*loc, "case"), "Input should be a valid dictionary")
    assessment = r.get("assessment", {})
    if not isinstance(assessment, dict):
        raise _Bad((*loc, "assessment"), "Input should be a valid dictionary")
    note = _opt_str((*loc, "note"), r.get("note"), hi=MAX_NOTE, multiline=True)
    _opt_str((*loc, "person"), r.get("person"), hi=100)
    return Observation(
        id=ident,
        uid=uid,
        at=at,
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
        raise _Bad((name,), "Input should be a valid list")
    return [((name, i), item) for i, item in enumerate(items)]


def _structure(raw: Mapping[str, Any]) -> ExportDoc:
    r = _fields((), raw, _DOC_FIELDS, ("format", "version"))
    if r["format"] != FORMAT:
        raise _Bad(("format",), f"Input should be '{FORMAT}'")
    if r["version"] != VERSION or isinstance(r["version"], bool):
        raise _Bad(("version",), f"Input should be {VERSION}")
    if r.get("exported_at") is not None:
        _time(("exported_at",), r["exported_at"])
    if r.get("person") is not None and not isinstance(r["person"], dict):
        raise _Bad(("person",), "Input should be a valid dictionary")
    doc = ExportDoc()
    doc.injections = [_injection(loc, item) for loc, item in _items(r, "injections")]
    doc.observations = [_observation(loc, item) for loc, item in _items(r, "observations")]
    settings = r.get("settings", {})
    if not isinstance(settings, dict):
        raise _Bad(("settings",), "Input should be a valid dictionary")
    doc.settings = dict(settings)
    return doc


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
        raise ImportFileError(
            "This JSON file is not a sitecare export (no 'format' of sitecare-export)."
        )
    if _depth(raw, MAX_DEPTH):
        raise ImportFileError(TOO_DEEP)
    try:
        doc = _structure(raw)
    except _Bad as bad:
        raise ImportFileError(f"The file has a bad record: {_where(bad.loc)}: {bad.msg}") from None
    check_sites(
        atlas,
        ((r.region, r.spot, r.uid) for r in doc.injections),
        ((r.region, r.spot, r.uid) for r in doc.observations),
    )
    if validate_case is None or validate_assessment is None:
        from sitecare.domain import casecheck

        validate_case = validate_case or casecheck.validate_case
        validate_assessment = validate_assessment or casecheck.validate_assessment
    for n, obs in enumerate(doc.observations, 1):
        try:
            if obs.case:
                validate_case(obs.case)
            if obs.assessment:
                validate_assessment(obs.assessment)
        except InvalidInput as exc:
            raise ImportFileError(f"observation #{n}: {exc.message}") from None
    doc.settings = dict(check_setting(atlas, k, v) for k, v in doc.settings.items())
    return doc


def parse_text(text: str) -> Any:
    """An export file's text (JSON, or the CSV 'sitecare export --format csv' writes) as the
    parsed JSON document, with the messages ``sitecare import`` gives."""
    stripped = text.lstrip("\ufeff").lstrip()
    if stripped.startswith("record,"):
        return csv_document(stripped)
    return parse_json(text)


def parse_json(text: str) -> Any:
    """The JSON text of an export file, parsed, with the messages ``sitecare import`` gives."""
    stripped = text.lstrip("\ufeff").lstrip()
    if not stripped:
        raise ImportFileError("The file is empty.")
    if not stripped.startswith("{"):
        raise ImportFileError(
            "This is not a sitecare export (expected JSON or CSV written by 'sitecare export')."
        )
    try:
        raw = json.loads(stripped)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            f"The JSON file is damaged at line {exc.lineno}, column {exc.colno}: {exc.msg}."
        ) from None
    except RecursionError:
        raise ImportFileError(TOO_DEEP) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ImportFileError(
            "This JSON file is not a sitecare export (no 'format' of sitecare-export)."
        )
    return raw


def csv_document(text: str) -> dict[str, Any]:
    """A sitecare CSV export as the JSON document it stands for (its cells not yet checked)."""
    from sitecare.domain.csv_cells import restore

    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != CSV_COLUMNS:
        raise ImportFileError(
            "The CSV header is not sitecare's. Expected: " + ",".join(CSV_COLUMNS)
        )
    injections: list[dict[str, Any]] = []
    observations: list[dict[str, Any]] = []
    settings: dict[str, Any] = {}
    try:
        for line, cells in enumerate(reader, start=2):
            if None in cells or any(v is None for v in cells.values()):
                raise ImportFileError(
                    f"Line {line} of the CSV file has the wrong number of columns."
                )
            row = {k: restore(v) for k, v in cells.items()}
            kind = row["record"]
            if kind == "injection":
                injections.append(_csv_record(row, line, ("data", "record")))
            elif kind == "observation":
                rec = _csv_record(row, line, ("data", "record", "route", "medicine"))
                rec.update(_json_cell(row["data"], line))
                observations.append(rec)
            elif kind == "setting":
                settings[row["note"]] = _json_cell(row["data"], line)
            else:
                raise ImportFileError(f"Line {line}: unknown record type {kind!r}.")
    except csv.Error as exc:
        raise ImportFileError(f"The CSV file is damaged: {exc}.") from None
    return {
        "format": FORMAT,
        "version": VERSION,
        "injections": injections,
        "observations": observations,
        "settings": settings,
    }


def _csv_record(row: dict[str, str], line: int, drop: tuple[str, ...]) -> dict[str, Any]:
    rec: dict[str, Any] = {k: (v if v != "" else None) for k, v in row.items() if k not in drop}
    try:
        rec["id"] = int(row["id"])
    except ValueError:
        raise ImportFileError(f"Line {line}: the id {row['id']!r} is not a number.") from None
    return rec


def _json_cell(cell: str, line: int) -> Any:
    try:
        return json.loads(cell)
    except json.JSONDecodeError:
        raise ImportFileError(f"Line {line}: the data column is not valid JSON.") from None
    except RecursionError:
        raise ImportFileError(f"Line {line}: {TOO_DEEP}") from None
