"""Read-only queries on a sitecare SQLite file with the standard library's sqlite3.

Only for the planner's quick path (``sitecare next`` must start fast, and importing SQLAlchemy
alone costs more than the whole command may take). The SQLAlchemy repositories remain the one
way to write; tests check both paths read the same inputs from the same file.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path

from sitecare.domain.records import Observation
from sitecare.domain.usage import PlanningInputs
from sitecare.storage.schema_version import SCHEMA_HEAD
from sitecare.storage.times import aware_utc, from_utc, sqlite_stamp


def sqlite_file_of(url: str) -> Path | None:
    """The file behind a plain ``sqlite:///path`` URL, or None for anything else."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url:
        return None
    path = Path(url[len(prefix) :])
    return path if str(path) not in ("", ":memory:") else None


def read_planning_inputs(
    path: Path, *, program: str, person: str, until: datetime, after: datetime
) -> PlanningInputs | None:
    """The planner's inputs for one person, or None when the file is not ready for this path."""
    if not path.is_file() or Path(f"{path}.key").exists():
        return None  # missing, or encrypted (the full path asks for the passphrase)
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1.0)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if row is None or row[0] != SCHEMA_HEAD:
            return None
        found = conn.execute(
            "SELECT person.id FROM person JOIN program ON program.id = person.program_id "
            "WHERE program.name = ? AND person.code = ?",
            (program, person),
        ).fetchone()
        if found is None:
            return PlanningInputs(settings={}, recent=[], last_uses=[], observations=[])
        pid = int(found[0])
        return PlanningInputs(
            settings={
                # a JSON column has numeric affinity in SQLite: "3" comes back as the number 3
                key: json.loads(value) if isinstance(value, str) else value
                for key, value in conn.execute(
                    "SELECT key, value FROM setting WHERE person_id = ?", (pid,)
                )
            },
            recent=[
                (r, m)
                for r, m in conn.execute(
                    "SELECT route, medicine FROM injection WHERE person_id = ? "
                    "ORDER BY at_utc DESC, id DESC LIMIT 50",
                    (pid,),
                )
            ],
            last_uses=[
                (region, spot, aware_utc(at))
                for region, spot, at in conn.execute(
                    "SELECT region, spot, MAX(at_utc) FROM injection "
                    "WHERE person_id = ? AND at_utc > ? AND at_utc <= ? GROUP BY region, spot",
                    (pid, sqlite_stamp(after), sqlite_stamp(until)),
                )
                if at is not None
            ],
            observations=[_observation(r, person) for r in _observation_rows(conn, pid)],
        )
    except (sqlite3.Error, ValueError):
        return None  # busy, damaged or unexpected: the full path reports it properly
    finally:
        conn.close()


def _observation_rows(conn: sqlite3.Connection, pid: int) -> list[tuple[object, ...]]:
    return conn.execute(
        "SELECT id, uid, at_utc, utc_offset_min, region, spot, level, rest_days, blocked, "
        '"case", assessment, note FROM observation WHERE person_id = ? ORDER BY at_utc, id',
        (pid,),
    ).fetchall()


def _observation(row: tuple[object, ...], person: str) -> Observation:
    oid, uid, at, offset, region, spot, level, rest, blocked, case, assessment, note = row
    return Observation(
        id=int(str(oid)),
        uid=str(uid),
        at=from_utc(datetime.fromisoformat(str(at)), int(str(offset))),
        region=None if region is None else str(region),
        spot=None if spot is None else str(spot),
        level=None if level is None else str(level),
        rest_days=None if rest is None else float(str(rest)),
        blocked=bool(blocked),
        case=json.loads(str(case)) if case else {},
        assessment=json.loads(str(assessment)) if assessment else {},
        note=None if note is None else str(note),
        person=person,
    )
