"""Fuzz the case reader and both importers (issue 10): whatever comes in ends in a clean error
(InvalidInput / ImportFileError: exit 2 or 5, a 422) or a clean result; never a traceback.

Inputs: any text; any JSON value; valid export files with one part swapped for junk; CSV files
with sitecare's header and junk rows. What imports cleanly must also be usable afterwards
(history, the planner's suggestion, the checks list).
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import copy_of_template

from sitecare.config import Settings
from sitecare.domain.errors import ImportFileError, InvalidInput
from sitecare.services.app import Sitecare
from sitecare.services.transfer import CSV_COLUMNS, Transfer
from sitecare.services.triage import Triage
from sitecare.services.triage_input import load_case
from sitecare.storage.engine import Database

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=False
)

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)
#: words sitecare knows, so junk often gets past the first check and deeper in
known = st.sampled_from(
    [
        "findings", "redness", "warmth", "region", "forearm_left", "vitals", "heart_rate",
        "context", "route", "intravenous", "injections", "observations", "settings", "at",
        "2026-01-01T00:00:00+00:00", "0001-01-01T00:00:00+00:00", "rotation.rest.intravenous",
        "sitecare-export", "case", "assessment", "level", "emergency", "spot", "1", "\x1b[2J",
        "\x00", "=HYPERLINK(1)", "'", "",
    ]
)  # fmt: skip
mixed = st.recursive(
    scalars | known,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(known | st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=25,
)


@FUZZ
@given(text=st.text(max_size=200) | mixed.map(json.dumps))
def test_the_case_reader_answers_any_text_cleanly(text: str) -> None:
    try:
        case = load_case(text)
    except InvalidInput as exc:
        assert exc.message
        return
    assert isinstance(case, dict)


@FUZZ
@given(value=mixed)
def test_assessing_any_json_value_is_an_assessment_or_invalid_input(value: Any) -> None:
    triage = Triage(Database("sqlite://"))
    try:
        assessment = triage.assess(value)
    except InvalidInput as exc:
        assert exc.message
        return
    assert assessment["level"] in ("emergency", "urgent", "soon", "self_care", "routine")


def _export(**parts: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": "sitecare-export",
        "version": 1,
        "injections": [
            {
                "id": 1,
                "uid": "u-1",
                "at": "2026-11-01T08:00:00+01:00",
                "region": "forearm_left",
                "spot": "2",
                "route": "intravenous",
                "medicine": None,
                "note": "n",
            }
        ],
        "observations": [],
        "settings": {"rotation.rest.intravenous": 3},
    }
    doc.update(parts)
    return doc


def _import(tmp_path: Path, template: Path, text: str) -> None:
    """Import ``text`` into a fresh SQLite file: a clean error, or records that work after."""
    run = tmp_path / uuid.uuid4().hex
    run.mkdir()
    url = copy_of_template(template, run / "db.sqlite3")
    with Sitecare(Settings(database_url=url, data_dir=run)) as sc:
        try:
            sc.transfer.import_text(text, now=NOW)
        except ImportFileError as exc:
            assert exc.message and exc.exit_code == 5
            assert sc.records.history(now=NOW) == []  # a damaged file changed nothing
            return
        sc.records.history(now=NOW)
        sc.triage.list_checks(now=NOW)
        sc.planning.site_status(now=NOW)
        try:
            sc.planning.suggest(now=NOW)
        except InvalidInput as exc:  # e.g. nothing tells which route: a clean question
            assert exc.message


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    key=st.sampled_from(["injections", "observations", "settings", "format", "version", "person"]),
    junk=mixed,
    inner=st.booleans(),
)
def test_a_json_export_with_any_part_swapped_imports_cleanly_or_not_at_all(
    tmp_path: Path, sqlite_template: Path, key: str, junk: Any, inner: bool
) -> None:
    doc = _export()
    if inner and key == "injections" and isinstance(junk, dict):
        doc["injections"][0].update(junk)
    elif inner and key == "observations" and isinstance(junk, dict):
        doc["observations"] = [{"id": 2, "uid": "o-1", "at": "2026-11-01T09:00:00Z", **junk}]
    else:
        doc[key] = junk
    _import(tmp_path, sqlite_template, json.dumps(doc))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(rows=st.lists(st.lists(st.text(max_size=12) | known, min_size=0, max_size=11), max_size=4))
def test_a_csv_export_with_junk_rows_imports_cleanly_or_not_at_all(
    tmp_path: Path, sqlite_template: Path, rows: list[list[str]]
) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(row)
    _import(tmp_path, sqlite_template, out.getvalue())


@FUZZ
@given(text=st.text(max_size=300))
def test_parsing_any_text_as_an_export_is_a_clean_error_or_a_document(text: str) -> None:
    try:
        Transfer(Database("sqlite://")).parse(text)
    except ImportFileError as exc:
        assert exc.message
