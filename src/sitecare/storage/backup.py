"""A consistent copy of a SQLite database while it is in use, and a checked restore.

Both go through SQLite's online backup API: the copy is one snapshot (a read transaction in WAL
mode, so writers carry on), written to a private temporary file beside the target and renamed
into place; a restore first opens the file read-only and checks it (``integrity_check``, a
sitecare schema this version can open) and only then copies it into the live database in one
write transaction, which other connections wait for. PostgreSQL has its own tools (pg_dump /
pg_restore; see the README).
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from sitecare.domain.errors import InvalidInput, StorageError
from sitecare.domain.messages import N_, Msg, worded
from sitecare.storage.engine import Database, describe
from sitecare.storage.schema_version import SCHEMA_HEAD

log = logging.getLogger("sitecare.storage")

UNCHANGED = N_("Nothing was changed.")


@dataclass(frozen=True)
class BackupInfo:
    """What a backup file holds: its schema version and record counts."""

    schema: str
    injections: int
    checks: int
    #: photo files in the backup (a plain SQLite backup holds none)
    photos: int = 0

    def to_dict(self) -> dict[str, object]:
        return {
            "schema": self.schema,
            "injections": self.injections,
            "checks": self.checks,
            "photos": self.photos,
        }


def known_versions() -> set[str]:
    """Schema versions this sitecare can open (and upgrade), from its migration files."""
    versions = files("sitecare.storage").joinpath("migrations", "versions")
    found = set()
    for p in versions.iterdir():
        if re.match(r"^\d{4}_.*\.py$", p.name):
            # the revision id as the file declares it ("0004", "0005_photos", ...)
            m = re.search(r'^revision\s*=\s*["\']([^"\']+)["\']', p.read_text(), re.MULTILINE)
            if m:
                found.add(m.group(1))
    return found


def _sqlite_only(db: Database, what: str) -> None:
    if not db.is_sqlite or db.path is None or str(db.path) == ":memory:":
        raise StorageError(
            Msg(
                "sitecare %(what)s works on a SQLite file. For PostgreSQL use pg_dump and "
                "pg_restore (the README has the lines).",
                what=what,
            ),
        )
    if db.encrypted:
        raise StorageError(
            Msg(
                "sitecare %(what)s does not handle a database locked with a passphrase yet.",
                what=what,
            ),
            hint=Msg(
                "Stop sitecare serve and copy the database file together with its key file, "
                "or remove the passphrase first (sitecare passphrase remove)."
            ),
        )


def sqlite_only(db: Database, what: str) -> None:
    """Refuse PostgreSQL, a database in memory and a locked one, in plain words."""
    _sqlite_only(db, what)


def folder_of(target: Path) -> Path:
    """The folder a backup goes into (it must be there already)."""
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise InvalidInput(
            Msg("The folder %(folder)s does not exist.", folder=str(directory)), field="FILE"
        )
    return directory


def backup(db: Database, target: Path) -> BackupInfo:
    """Copy the database to ``target`` as one consistent snapshot (the server may be writing)."""
    _sqlite_only(db, "backup")
    db.ensure_schema()
    fd, tmp = tempfile.mkstemp(dir=folder_of(target), prefix=".sitecare-backup-")
    os.close(fd)
    try:
        raw = db.engine.raw_connection()
        try:
            dst = sqlite3.connect(tmp)
            try:
                _driver(raw).backup(dst)  # all pages in one step: one snapshot
            finally:
                dst.close()
        finally:
            raw.close()
        info = check_file(Path(tmp))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return info


def _driver(raw: object) -> sqlite3.Connection:
    conn = getattr(raw, "driver_connection", None)
    assert isinstance(conn, sqlite3.Connection)
    return conn


def check_file(path: Path) -> BackupInfo:
    """Open a backup read-only and check it; StorageError in plain words when it is not one."""
    if not path.is_file():
        raise InvalidInput(Msg("There is no file %(path)s.", path=str(path)), field="FILE")
    with path.open("rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise StorageError(
                Msg("This is not a sitecare backup (not a SQLite file). Nothing was changed.")
            )
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        raise StorageError(Msg("The backup cannot be opened. Nothing was changed.")) from None
    try:
        return _check(conn)
    except sqlite3.DatabaseError as exc:
        log.warning("backup %s: %s", path, exc)
        said = worded(  # SQLite's English stays the English, as before
            N_("The backup is damaged (SQLite cannot read it). Nothing was changed."),
            f"The backup is damaged ({exc}). {UNCHANGED}",
        )
        raise StorageError(said) from None
    finally:
        conn.close()


def _check(conn: sqlite3.Connection) -> BackupInfo:
    problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    if problems != ["ok"]:
        shown = "; ".join(str(p) for p in problems[:3])
        said = worded(  # SQLite's English stays the English, as before
            N_("The backup failed its integrity check (SQLite found damage). Nothing was changed."),
            f"The backup failed its integrity check: {shown}. {UNCHANGED}",
        )
        raise StorageError(said)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not {"alembic_version", "injection", "observation"} <= tables:
        raise StorageError(Msg("This SQLite file is not a sitecare database. Nothing was changed."))
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    version = str(row[0]) if row else ""
    if version not in known_versions():
        raise StorageError(
            Msg(
                "The backup was written by another sitecare (schema %(version)s; this one "
                "writes %(head)s). Nothing was changed.",
                version=repr(version[:20]),
                head=SCHEMA_HEAD,
            ),
            hint=Msg("Restore it with the sitecare version that made it."),
        )
    injections = conn.execute("SELECT count(*) FROM injection").fetchone()[0]
    checks = conn.execute("SELECT count(*) FROM observation").fetchone()[0]
    return BackupInfo(version, int(injections), int(checks))


def restore(db: Database, source: Path) -> BackupInfo:
    """Check ``source``, then replace the database's content with it (one write transaction)."""
    _sqlite_only(db, "restore")
    info = check_file(source)
    assert db.path is not None
    if db.path.exists() and db.path.resolve() == source.resolve():
        raise InvalidInput(
            Msg("That file is the database itself. Nothing was changed."), field="FILE"
        )
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        raw = db.engine.raw_connection()
        try:
            src.backup(_driver(raw))
        finally:
            raw.close()
    except sqlite3.Error as exc:
        log.warning("restore into %s: %s", describe(db.url), exc)
        said = worded(  # SQLite's English stays the English, as before
            N_("The restore could not finish (SQLite stopped it). Nothing was changed."),
            f"The restore could not finish ({exc}). {UNCHANGED}",
        )
        raise StorageError(said) from None
    finally:
        src.close()
    db.engine.dispose()  # every pooled connection reads the restored file afresh
    db._schema_ready = False  # an older backup is upgraded now
    db.ensure_schema()
    return info
