"""How sitecare's SQLite transactions begin: the connection's pragmas, ``BEGIN IMMEDIATE`` or a
deferred ``BEGIN`` chosen per unit of work, and a ``BEGIN`` taken without waiting for another
writer (``storage.engine.Database`` registers these on its engine)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

__all__ = ["DEFERRED", "IMMEDIATE", "NO_WAIT", "begin_as", "begin_sqlite", "sqlite_pragmas"]


#: How the next SQLite transaction of this context begins (see ``begin_sqlite``).
BEGIN_WITH: ContextVar[str] = ContextVar("sitecare_sqlite_begin", default="BEGIN IMMEDIATE")
DEFERRED = "BEGIN"
IMMEDIATE = "BEGIN IMMEDIATE"
#: The next SQLite transaction of this context takes the write lock only if it is free now:
#: no wait in the busy handler (``Database.begin_now``).
NO_WAIT: ContextVar[bool] = ContextVar("sitecare_sqlite_no_wait", default=False)


@contextmanager
def begin_as(statement: str) -> Iterator[None]:
    token = BEGIN_WITH.set(statement)
    try:
        yield
    finally:
        BEGIN_WITH.reset(token)


def begin_sqlite(conn: Connection, busy_ms: int = 3000) -> None:
    """Begin every SQLite transaction ourselves, before its first statement.

    Python's sqlite3 module (in its default, legacy mode) only begins a transaction at the
    first INSERT, UPDATE or DELETE, so the reads before it (a user check, the planner's inputs)
    each ran on their own, outside the transaction that wrote. sitecare switches that off
    (``isolation_level = None``) and begins here, as SQLAlchemy's documentation recommends:
    ``BEGIN IMMEDIATE`` for work that may write (it takes the write lock first, so its reads
    and its write are one consistent transaction, and waits for another writer in the busy
    handler up to the lock timeout), a deferred ``BEGIN`` for work that only reads.

    Under ``NO_WAIT`` the busy handler is off for the ``BEGIN`` alone (``busy_ms``, the lock
    timeout, is set back at once): the write lock is taken if it is free, or "database is
    locked" is raised at once (``Database.begin_now``).
    """
    statement = BEGIN_WITH.get()
    dbapi: Any = conn.connection.driver_connection
    try:
        # on the driver itself: through ``exec_driver_sql`` it cost a third of the request's
        # other statements together (benchmarks/server_load.py); an error is raised as
        # SQLAlchemy raises it, so "locked" is explained the same way
        if NO_WAIT.get():
            dbapi.execute("PRAGMA busy_timeout = 0")
            try:
                dbapi.execute(statement)
            finally:
                dbapi.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
        else:
            dbapi.execute(statement)
    except conn.dialect.loaded_dbapi.Error as exc:
        raise DBAPIError.instance(
            statement, (), exc, conn.dialect.loaded_dbapi.Error, dialect=conn.dialect
        ) from exc


def sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # the transactions begin in begin_sqlite
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA secure_delete=ON")  # deleted records are overwritten, not just unlinked
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()
