"""The export document as text: its format name and version, JSON (with a depth limit) and
CSV (one row per record) read into the parsed document ``domain.transfer`` checks."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from sitecare.domain.errors import ImportFileError
from sitecare.domain.json_errors import damaged_json
from sitecare.domain.messages import N_, Msg, worded

CSV_COLUMNS = ["record", "id", "uid", "at", "region", "spot", "route", "medicine", "note", "data"]
FORMAT = "sitecare-export"
VERSION = 1
TOO_DEEP = Msg("The file is nested too deeply to be a sitecare export (nothing was changed).")
#: a JSON file whose ``format`` is not sitecare's
NOT_AN_EXPORT = Msg("This JSON file is not a sitecare export (no 'format' of sitecare-export).")
#: deeper than any case or assessment sitecare writes (json.loads itself stops near 1000)
MAX_DEPTH = 64


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
        raise ImportFileError(Msg("The file is empty."))
    if not stripped.startswith("{"):
        raise ImportFileError(
            Msg(
                "This is not a sitecare export (expected JSON or CSV written by 'sitecare export')."
            )
        )
    try:
        raw = json.loads(stripped)
    except json.JSONDecodeError as exc:
        said = damaged_json(exc)
        raise ImportFileError(said) from None
    except RecursionError:
        raise ImportFileError(TOO_DEEP) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ImportFileError(NOT_AN_EXPORT)
    return raw


def csv_document(text: str) -> dict[str, Any]:
    """A sitecare CSV export as the JSON document it stands for (its cells not yet checked)."""
    from sitecare.domain.csv_cells import restore

    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != CSV_COLUMNS:
        said = Msg(
            "The CSV header is not sitecare's. Expected: %(columns)s", columns=",".join(CSV_COLUMNS)
        )
        raise ImportFileError(said)
    injections: list[dict[str, Any]] = []
    observations: list[dict[str, Any]] = []
    settings: dict[str, Any] = {}
    try:
        for line, cells in enumerate(reader, start=2):
            if None in cells or any(v is None for v in cells.values()):
                said = Msg(
                    "Line %(line)s of the CSV file has the wrong number of columns.", line=line
                )
                raise ImportFileError(said)
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
                raise ImportFileError(
                    Msg("Line %(line)s: unknown record type %(kind)s.", line=line, kind=repr(kind))
                )
    except csv.Error as exc:  # the csv module's English stays the English, as before
        said = worded(
            N_("The CSV file is damaged near line %(line)s."),
            f"The CSV file is damaged: {exc}.",
            line=reader.line_num,
        )
        raise ImportFileError(said) from None
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
        said = Msg("Line %(line)s: the id %(id)s is not a number.", line=line, id=repr(row["id"]))
        raise ImportFileError(said) from None
    return rec


def _json_cell(cell: str, line: int) -> Any:
    try:
        return json.loads(cell)
    except json.JSONDecodeError:
        raise ImportFileError(
            Msg("Line %(line)s: the data column is not valid JSON.", line=line)
        ) from None
    except RecursionError:
        raise ImportFileError(
            Msg("Line %(line)s: %(problem)s", line=line, problem=TOO_DEEP)
        ) from None
