"""The schema of a database: a new SQLite file made private, Alembic's upgrade to
``SCHEMA_HEAD`` (one process at a time on PostgreSQL), and refusing a database that holds
other tables. ``Database.ensure_schema`` calls these."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, inspect, text

from sitecare.domain.errors import StorageError
from sitecare.domain.messages import Msg
from sitecare.storage.db_errors import describe
from sitecare.storage.schema_version import SCHEMA_HEAD

#: Alembic keeps its context in module globals: one migration at a time in a process
MIGRATION_LOCK = threading.Lock()
log = logging.getLogger("sitecare.storage")


def create_private(path: Path) -> None:
    """Create a new database file readable by its owner only (0600) before SQLite opens it;
    SQLite gives its -wal and -shm files the same mode. An existing file is left as it is."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError:
        return  # SQLite reports why it cannot create the file, in plain words
    os.close(fd)


def make_private_folder(path: Path, create: bool) -> None:
    """The folder of a new SQLite file: made private (0700) when ``create``, else it must exist."""
    if path.parent.exists():
        return
    if not create:
        log.warning("database folder %s does not exist", path.parent)
        raise StorageError(
            Msg("The database's folder does not exist."),
            hint=Msg("Create it first or choose another --database-url."),
        )
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.parent.chmod(0o700)  # the data folder is private


def current_version(conn: Any) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return None if row is None else str(row[0])


def has_foreign_tables(conn: Any) -> bool:
    return bool(inspect(conn).get_table_names())


def upgrade(engine: Engine, *, is_sqlite: bool, url: str) -> None:
    """Alembic's upgrade to head; a database written by a newer sitecare is refused."""
    from alembic import command
    from alembic.config import Config
    from alembic.util.exc import CommandError

    cfg = Config()
    cfg.set_main_option("script_location", "sitecare.storage:migrations")
    with engine.begin() as conn:
        if not is_sqlite:
            # Several server processes may start at once: one migrates, the others wait.
            conn.execute(text("SELECT pg_advisory_xact_lock(7305411)"))
            if current_version(conn) == SCHEMA_HEAD:
                return
        cfg.attributes["connection"] = conn
        try:
            command.upgrade(cfg, "head")
        except CommandError as exc:
            log.warning("database %s: %s", describe(url), exc)
            raise StorageError(
                Msg("The database was written by a newer sitecare."),
                hint=Msg("Upgrade sitecare to use it. Nothing was changed."),
            ) from None
