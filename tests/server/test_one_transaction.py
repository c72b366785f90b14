"""Recording an injection is one transaction (issue 10, under load): the user check, the
client lookup and its audit row, the rest warning and the insert share one connection and one
commit, on SQLite and PostgreSQL, in server and personal mode."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event, text

from sitecare.config import Settings
from sitecare.web.app import create_app

from .conftest import ProgramServer


@contextmanager
def _counted(engine: Any) -> Iterator[dict[str, int]]:
    counts = {"checkouts": 0, "commits": 0}

    def checkout(*_: Any) -> None:
        counts["checkouts"] += 1

    def commit(*_: Any) -> None:
        counts["commits"] += 1

    event.listen(engine, "checkout", checkout)
    event.listen(engine, "commit", commit)
    try:
        yield counts
    finally:
        event.remove(engine, "checkout", checkout)
        event.remove(engine, "commit", commit)


def test_recording_for_a_client_is_one_transaction(
    make_server: Callable[..., ProgramServer], db_url: str
) -> None:
    s = make_server(db_url)
    headers = s.as_("bob")
    cid = s.client.post("/api/v1/clients", json={"code": "ONE-TX"}, headers=headers).json()["id"]
    body = {"region": "forearm_left", "spot": "2"}
    s.client.post(f"/api/v1/clients/{cid}/injections", json=body, headers=headers)  # warm
    with _counted(s.app.state.db.engine) as counts:
        r = s.client.post(f"/api/v1/clients/{cid}/injections", json=body, headers=headers)
    assert r.status_code == 201 and r.json()["warnings"]  # the rest warning was computed
    assert counts == {"checkouts": 1, "commits": 1}
    with s.accounts() as acc, acc.db.reading() as session:
        from sqlalchemy import text

        audited = session.execute(
            text("SELECT count(*) FROM audit_event WHERE action = 'injection.add'")
        ).scalar_one()
    assert audited == 2  # and its audit row is committed with it


def test_recording_a_personal_injection_is_one_transaction(db_url: str, tmp_path: Path) -> None:
    app = create_app(Settings(database_url=db_url, data_dir=tmp_path))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        c.post("/api/v1/injections", json={"region": "forearm_left"})
        with _counted(app.state.db.engine) as counts:
            r = c.post("/api/v1/injections", json={"region": "forearm_left", "spot": "1"})
        assert r.status_code == 201
        assert counts == {"checkouts": 1, "commits": 1}


@contextmanager
def _statements(engine: Any) -> Iterator[list[tuple[str, bool]]]:
    """Each statement SQLite runs, and whether a transaction was open when it started:
    SQLite's own trace, so the statements sent past SQLAlchemy count too."""
    seen: list[tuple[str, bool]] = []

    def trace(dbapi: Any, sql: str) -> None:
        # the busy handler switched off and on around a BEGIN taken without waiting
        # (Database.begin_now): a setting of the connection, not a statement of the request
        if not sql.startswith("PRAGMA busy_timeout"):
            seen.append((sql, dbapi.in_transaction))

    def checkout(dbapi: Any, *_: Any) -> None:
        dbapi.set_trace_callback(lambda sql: trace(dbapi, sql))

    def checkin(dbapi: Any, *_: Any) -> None:
        dbapi.set_trace_callback(None)

    event.listen(engine, "checkout", checkout)
    event.listen(engine, "checkin", checkin)
    try:
        yield seen
    finally:
        event.remove(engine, "checkout", checkout)
        event.remove(engine, "checkin", checkin)


def test_on_sqlite_every_read_of_a_recording_is_inside_its_write_transaction(
    sqlite_url: str, tmp_path: Path
) -> None:
    """Python's sqlite3 begins a transaction only at the first INSERT: the user check and the
    planner's reads ran outside it. sitecare begins it itself, with the write lock taken."""
    app = create_app(Settings(database_url=sqlite_url, data_dir=tmp_path))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        c.post("/api/v1/injections", json={"region": "forearm_left"})
        with _statements(app.state.db.engine) as seen:
            r = c.post("/api/v1/injections", json={"region": "forearm_left", "spot": "1"})
        assert r.status_code == 201 and r.json()["warnings"]
    words = [sql.split()[0].upper() for sql, _ in seen]
    assert words[0] == "BEGIN" and words[-1] == "COMMIT" and words.count("BEGIN") == 1
    assert all(inside for _, inside in seen[1:]), seen  # every read and the insert: inside
    assert words.count("SELECT") >= 3 and "INSERT" in words


def test_on_sqlite_a_recording_begins_immediate(sqlite_url: str, tmp_path: Path) -> None:
    app = create_app(Settings(database_url=sqlite_url, data_dir=tmp_path))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        c.get("/api/v1/injections")
        with _statements(app.state.db.engine) as reads:
            assert c.get("/api/v1/injections").status_code == 200
        with _statements(app.state.db.engine) as writes:
            assert c.post("/api/v1/injections", json={"region": "deltoid_left"}).status_code == 201
    assert reads[0][0] == "BEGIN"  # a reading request does not take the write lock
    assert writes[0][0] == "BEGIN IMMEDIATE"


def test_on_sqlite_a_reading_request_that_writes_takes_the_write_lock_first(
    sqlite_url: str, tmp_path: Path
) -> None:
    """A GET that writes after all (an audit row, say) ends its reads and writes in a
    transaction begun with the lock taken: it never upgrades a read transaction."""
    from sitecare.storage.engine import Database

    db = Database(sqlite_url)
    db.ensure_schema()
    with _statements(db.engine) as seen, db.request(write=False) as unit:
        with db.reading() as s:
            s.execute(text("SELECT count(*) FROM injection")).scalar_one()
        with db.transaction() as s:
            s.execute(text("DELETE FROM injection WHERE id = -1"))
        assert unit.finish() is None
    begins = [sql for sql, _ in seen if sql.startswith("BEGIN")]
    assert begins == ["BEGIN", "BEGIN IMMEDIATE"]
    db.dispose()


def test_on_sqlite_a_commit_of_its_own_inside_a_writing_request_does_not_wait(
    sqlite_url: str,
) -> None:
    """Sign-in counts commit on their own (``own=True``): inside a writing request that holds
    the write lock they would wait for it until the lock timeout."""
    import time

    from sitecare.storage.engine import Database

    db = Database(sqlite_url, lock_timeout_s=2.0)
    with db.request(write=True) as unit:
        with db.reading() as s:
            s.execute(text("SELECT count(*) FROM injection")).scalar_one()
        started = time.monotonic()
        with db.transaction(own=True) as s:
            s.execute(text("DELETE FROM injection WHERE id = -1"))
        assert time.monotonic() - started < 1.0
        assert unit.finish() is None
    db.dispose()
