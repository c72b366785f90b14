"""What every repository shares: the session's Core connection, new uids, a race-free insert."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

_CORE = "sitecare_core_connection"


def core_connection(session: Session) -> Connection:
    """The session's connection, for a Core statement, after the flush the ORM would do first
    (pending rows are written before a query reads, exactly as with ``session.execute``).

    Kept with the session for the rest of its transaction: ``Session.connection`` walks the
    ORM's transaction states each time, which cost about as much as running a small statement
    (recording an injection runs several; benchmarks/server_load.py)."""
    if session.autoflush and (session.new or session.dirty or session.deleted):
        session.flush()
    transaction = session.get_transaction()
    kept = session.info.get(_CORE)
    if kept is not None and transaction is not None and kept[0] is transaction:
        conn: Connection = kept[1]
        if not conn.closed and not conn.invalidated:
            return conn
    conn = session.connection()
    session.info[_CORE] = (session.get_transaction(), conn)
    return conn


def new_uid() -> str:
    return str(uuid.uuid4())


def dialect_insert(session: Session) -> Any:
    """The dialect's ``insert`` (PostgreSQL's or SQLite's: both have ``on_conflict_*``)."""
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def insert_once(session: Session, table: Any, **values: Any) -> None:
    """Insert a row unless its unique key is already there (race-free: several first writes
    at once all succeed, and exactly one row is made)."""
    session.execute(dialect_insert(session)(table).values(**values).on_conflict_do_nothing())
