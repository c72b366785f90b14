"""The hot path's prebuilt statements, run with the least overhead the driver allows (issue 10).

Recording an injection runs seven small statements (the user check, the person, the last
route, the settings, the last use of each spot, the checks, the insert). Through SQLAlchemy's
Core each one costs about 80 microseconds of Python around some 10 of SQLite's own work, which
made recording four times dearer than the bare insert it is measured against. (On
PostgreSQL, where each is a round trip, recording runs four: the user check, the client with
its audit row (``Clients.get_audited``), the planner's inputs (``PlannerInputs``) and the
insert.)

On SQLite, :func:`rows` and :func:`scalar` run the *same* Core statement (compiled once by
SQLAlchemy, for the same dialect) on the *same* connection and transaction as the session,
with SQLAlchemy's own bind and result processors for each column's type - only the per-call
bookkeeping is skipped. Driver errors are raised as SQLAlchemy's ``DBAPIError`` subclasses,
exactly as ``Connection.execute`` raises them, so ``Database`` explains them the same way.
On any other database (PostgreSQL) they are ``Connection.execute``: the network round trip
costs more than that bookkeeping, and the pool, the driver's own type adaptation and its
server-side statements stay as they are.

``tests/storage/test_fast_statements.py`` checks that both ways give the same rows for every
statement that runs here, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import ClauseElement, Executable

from sitecare.storage.repositories._session import core_connection

__all__ = ["FAST", "execute", "rows", "scalar"]
#: the dialects whose driver runs the statements directly
FAST = {"sqlite", "postgresql"}


@dataclass
class _Prepared:
    """A statement compiled for one dialect, with its parameters' order and its processors.
    The result processors are chosen at the first run, from the driver's column types (as
    SQLAlchemy does: PostgreSQL's numbers, for one, depend on them)."""

    sql: str
    names: tuple[str, ...]
    defaults: Mapping[str, Any]
    binds: tuple[Callable[[Any], Any] | None, ...]
    types: tuple[Any, ...]
    row: type
    results: tuple[Callable[[Any], Any] | None, ...] | None = None


_PREPARED: dict[tuple[int, str, tuple[str, ...]], _Prepared] = {}
_KEEP: list[Executable] = []  # the statements stay alive, so their id() is never reused


def _prepare(stmt: Executable, dialect: Dialect, keys: tuple[str, ...]) -> _Prepared:
    key = (id(stmt), dialect.name, keys)
    found = _PREPARED.get(key)
    if found is not None:
        return found
    assert isinstance(stmt, ClauseElement)
    compiled: Any = stmt.compile(dialect=dialect, column_keys=list(keys) or None)
    if getattr(compiled, "insert_prefetch", None) or getattr(compiled, "_has_expanding", False):
        raise TypeError("a statement with Python-side defaults or expanding IN runs on Core")
    names = tuple(compiled.positiontup) if compiled.positiontup else tuple(compiled.binds)
    binds = tuple(compiled.binds[n].type._cached_bind_processor(dialect) for n in names)
    defaults = {n: compiled.binds[n].value for n in names if n not in keys}
    columns = list(getattr(stmt, "selected_columns", None) or ())
    if not columns:
        columns = list(getattr(stmt, "_returning", ()) or ())
    labels = [str(getattr(c, "key", None) or f"c{i}") for i, c in enumerate(columns)]
    prepared = _Prepared(
        sql=str(compiled),
        names=names,
        defaults=defaults,
        binds=binds,
        types=tuple(c.type for c in columns),
        row=namedtuple("FastRow", labels, rename=True),
    )
    _KEEP.append(stmt)
    _PREPARED[key] = prepared
    return prepared


_CURSOR = "sitecare_fast_cursor"


def _cursor(conn: Connection) -> Any:
    """One driver cursor per pooled connection, used again by every statement run here: a new
    cursor for each was a sixth of a small statement's cost on PostgreSQL. Every result is
    read at once (or has no rows), so the next statement never finds one half read."""
    pooled = conn.connection
    dbapi = pooled.driver_connection
    assert dbapi is not None
    kept = pooled.info.get(_CURSOR)
    if kept is not None and kept[0] is dbapi:
        return kept[1]
    cursor = dbapi.cursor()
    pooled.info[_CURSOR] = (dbapi, cursor)
    return cursor


def _run(conn: Connection, stmt: Executable, params: Mapping[str, Any]) -> list[Any]:
    dialect = conn.dialect
    prep = _prepare(stmt, dialect, tuple(sorted(params)))
    values = []
    for name, bind in zip(prep.names, prep.binds, strict=True):
        value = params[name] if name in params else prep.defaults[name]
        values.append(value if bind is None or value is None else bind(value))
    bound: Any = values if dialect.positional else dict(zip(prep.names, values, strict=True))
    try:
        cursor = _cursor(conn)
        cursor.execute(prep.sql, bound)
        fetched: Sequence[tuple[Any, ...]] = cursor.fetchall() if prep.types else ()
    except dialect.loaded_dbapi.Error as exc:
        raise DBAPIError.instance(
            prep.sql, bound, exc, dialect.loaded_dbapi.Error, dialect=dialect
        ) from exc
    if not prep.types:
        return []
    results = prep.results
    if results is None:
        described = cursor.description or ()
        results = prep.results = tuple(
            t._cached_result_processor(dialect, d[1])
            for t, d in zip(prep.types, described, strict=True)
        )
    row = prep.row
    if not any(results):
        return [row._make(r) for r in fetched]  # type: ignore[attr-defined]
    return [
        row._make(  # type: ignore[attr-defined]
            v if p is None or v is None else p(v) for p, v in zip(results, r, strict=True)
        )
        for r in fetched
    ]


def rows(session: Session, stmt: Executable, params: Mapping[str, Any] | None = None) -> list[Any]:
    """Every row of a prebuilt statement, as tuples that also have the columns as attributes."""
    conn = core_connection(session)
    if conn.dialect.name not in FAST:
        return list(conn.execute(stmt, dict(params or {})))
    return _run(conn, stmt, params or {})


def execute(session: Session, stmt: Executable, params: Mapping[str, Any] | None = None) -> None:
    """Run a statement that gives back no rows (an INSERT without RETURNING)."""
    conn = core_connection(session)
    if conn.dialect.name not in FAST:
        conn.execute(stmt, dict(params or {}))
        return
    _run(conn, stmt, params or {})


def scalar(session: Session, stmt: Executable, params: Mapping[str, Any] | None = None) -> Any:
    """The first column of the first row (None when there is none)."""
    conn = core_connection(session)
    if conn.dialect.name not in FAST:
        return conn.scalar(stmt, dict(params or {}))
    found = _run(conn, stmt, params or {})
    return found[0][0] if found else None
