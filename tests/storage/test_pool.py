"""The PostgreSQL pool (storage/pool.py): connections are kept for a busy server, and one that
has been idle long enough to have been closed by the server is pinged and replaced, so the
request that takes it never sees the dead connection."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.pool import NullPool

from sitecare.storage import pool
from sitecare.storage.engine import Database

pytestmark = pytest.mark.postgres


def _backend_pid(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _pings(db: Database) -> list[int]:
    seen: list[int] = []
    real = db.engine.dialect.do_ping

    def counted(dbapi: Any) -> bool:
        seen.append(1)
        return bool(real(dbapi))

    db.engine.dialect.do_ping = counted  # type: ignore[method-assign]
    return seen


def test_the_pool_keeps_ten_connections_and_does_not_ping_one_just_used(postgres_url: str) -> None:
    db = Database(postgres_url)
    try:
        assert db.engine.pool.size() == pool.POOL_SIZE == 10
        pings = _pings(db)
        first = _backend_pid(db)
        assert _backend_pid(db) == first  # the same connection, kept
        assert pings == []  # given back a moment ago: no round trip before it is used
    finally:
        db.dispose()


def test_a_connection_closed_by_the_server_while_idle_is_replaced(postgres_url: str) -> None:
    db = Database(postgres_url)
    try:
        pings = _pings(db)
        old = _backend_pid(db)
        other = create_engine(db.url, poolclass=NullPool)
        with other.begin() as admin:  # the server ends the idle one (a restart, a timeout)
            admin.execute(text("SELECT pg_terminate_backend(:p)"), {"p": old})
        other.dispose()
        # it has been idle longer than the limit
        for record in db.engine.pool._pool.queue:  # type: ignore[attr-defined]
            if pool._RETURNED in record.info:
                record.info[pool._RETURNED] -= pool.PING_AFTER_IDLE_S + 1
        opened: list[int] = []
        event.listen(db.engine, "connect", lambda *_: opened.append(1))
        new = _backend_pid(db)  # no error: the dead connection was pinged and replaced
        assert new != old and pings and opened
    finally:
        db.dispose()
