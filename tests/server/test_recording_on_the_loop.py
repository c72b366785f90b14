"""On SQLite a recording runs on the event loop when the write lock is free, and never waits
for it there (``web.deps._on_the_loop``, ``Database.begin_now``): another writer's lock is
waited for in a worker thread, as before, while the server goes on answering.

Real parts: a real SQLite file, the real app served by uvicorn, and a second real writer (an
sqlite3 connection of its own, as the command line is) holding the write lock.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import event

from sitecare.config import Settings
from sitecare.web.app import create_app

BODY = {"region": "forearm_left", "spot": "1"}


def _settings(tmp_path: Path, **extra: Any) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'loop.sqlite3'}", data_dir=tmp_path, **extra
    )


@contextmanager
def _where_inserts_ran(engine: Any) -> Iterator[list[str]]:
    """The name of the thread each INSERT INTO injection ran in (SQLite's own trace)."""
    threads: list[str] = []

    def trace(sql: str) -> None:
        if sql.startswith("INSERT INTO injection"):
            threads.append(threading.current_thread().name)

    def checkout(dbapi: Any, *_: Any) -> None:
        dbapi.set_trace_callback(trace)

    def checkin(dbapi: Any, *_: Any) -> None:
        dbapi.set_trace_callback(None)

    event.listen(engine, "checkout", checkout)
    event.listen(engine, "checkin", checkin)
    try:
        yield threads
    finally:
        event.remove(engine, "checkout", checkout)
        event.remove(engine, "checkin", checkin)


@contextmanager
def _other_writer(path: Path) -> Iterator[sqlite3.Connection]:
    """Another program holding SQLite's write lock (``BEGIN IMMEDIATE``) until the block ends."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    finally:
        conn.execute("ROLLBACK")
        conn.close()


def _stored(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM injection").fetchone()[0])


def test_a_recording_runs_on_the_event_loop_when_the_lock_is_free(tmp_path: Path) -> None:
    app = create_app(_settings(tmp_path))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        assert c.post("/api/v1/injections", json=BODY).status_code == 201  # schema, person
        with _where_inserts_ran(app.state.db.engine) as threads:
            r = c.post("/api/v1/injections", json=BODY)
        assert r.status_code == 201
        assert r.json()["warnings"]  # the same answer: spot 1 was used a moment ago
        assert len(threads) == 1 and not threads[0].startswith("AnyIO worker")


def test_only_the_begin_is_taken_without_waiting(tmp_path: Path) -> None:
    """The busy handler is off around the BEGIN IMMEDIATE alone, then on again, before any
    statement of the request runs."""
    app = create_app(_settings(tmp_path, lock_timeout_s=2.5))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        assert c.post("/api/v1/injections", json=BODY).status_code == 201
        seen: list[str] = []

        def checkout(dbapi: Any, *_: Any) -> None:
            dbapi.set_trace_callback(seen.append)

        event.listen(app.state.db.engine, "checkout", checkout)
        try:
            assert c.post("/api/v1/injections", json=BODY).status_code == 201
        finally:
            event.remove(app.state.db.engine, "checkout", checkout)
    assert seen[:3] == [
        "PRAGMA busy_timeout = 0",
        "BEGIN IMMEDIATE",
        "PRAGMA busy_timeout = 2500",
    ]
    assert not any("busy_timeout" in sql for sql in seen[3:])
    assert seen[-1] == "COMMIT"


def test_the_busy_timeout_is_the_lock_timeout_again_after_it(tmp_path: Path) -> None:
    """The busy handler is off for the BEGIN alone: the pooled connection waits again as set."""
    app = create_app(_settings(tmp_path, lock_timeout_s=2.5))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        for _ in range(3):
            assert c.post("/api/v1/injections", json=BODY).status_code == 201
        with app.state.db.engine.connect() as conn:
            dbapi: Any = conn.connection.driver_connection
            assert dbapi.execute("PRAGMA busy_timeout").fetchone()[0] == 2500


def test_another_writers_lock_is_waited_for_in_a_thread_while_the_server_answers(
    tmp_path: Path, serve_in_thread: Callable[[Settings], Any]
) -> None:
    settings = _settings(tmp_path, lock_timeout_s=10.0)
    path = tmp_path / "loop.sqlite3"
    with serve_in_thread(settings) as url, httpx.Client(base_url=url, timeout=20) as http:
        assert http.post("/api/v1/injections", json=BODY).status_code == 201
        answers: list[httpx.Response] = []
        with _other_writer(path):
            writer = threading.Thread(
                target=lambda: answers.append(http.post("/api/v1/injections", json=BODY))
            )
            writer.start()
            time.sleep(0.3)  # the recording is now waiting for the lock
            assert writer.is_alive() and not answers
            # the event loop is not held by that wait: reads and pages are answered at once
            with httpx.Client(base_url=url, timeout=5) as other:
                t0 = time.monotonic()
                assert other.get("/api/v1/injections").status_code == 200
                assert other.get("/").status_code == 200
                assert time.monotonic() - t0 < 2.0
            assert writer.is_alive() and not answers  # still waiting, nothing written
            assert _stored(path) == 1
        writer.join(timeout=10)  # the lock is free: the recording goes through
        assert [a.status_code for a in answers] == [201]
        assert _stored(path) == 2
        # and the next recording, with the lock free, is on the loop again and stored
        assert http.post("/api/v1/injections", json=BODY).status_code == 201
        assert _stored(path) == 3


def test_a_lock_held_past_the_timeout_is_503_and_nothing_is_lost(
    tmp_path: Path, serve_in_thread: Callable[[Settings], Any]
) -> None:
    settings = _settings(tmp_path, lock_timeout_s=0.5)
    path = tmp_path / "loop.sqlite3"
    with serve_in_thread(settings) as url, httpx.Client(base_url=url, timeout=20) as http:
        assert http.post("/api/v1/injections", json=BODY).status_code == 201
        with _other_writer(path):
            r = http.post("/api/v1/injections", json=BODY)
            assert r.status_code == 503
            assert "busy" in r.text.lower() or "locked" in r.text.lower()
            assert str(path) not in r.text  # no file path in an answer
        assert _stored(path) == 1
        assert http.post("/api/v1/injections", json=BODY).status_code == 201
        assert _stored(path) == 2


def test_parallel_recordings_on_the_loop_and_in_threads_lose_nothing(
    tmp_path: Path, serve_in_thread: Callable[[Settings], Any]
) -> None:
    """Sixteen at once while another writer takes the lock now and then: some wait in a
    thread, some run on the loop; every 201 is stored once, and the file stays whole."""
    settings = _settings(tmp_path, lock_timeout_s=10.0)
    path = tmp_path / "loop.sqlite3"
    with serve_in_thread(settings) as url:
        with httpx.Client(base_url=url, timeout=20) as http:
            assert http.post("/api/v1/injections", json=BODY).status_code == 201
        stop = threading.Event()

        def interfere() -> None:
            while not stop.is_set():
                with _other_writer(path):
                    time.sleep(0.02)
                time.sleep(0.01)

        codes: list[int] = []

        def record() -> None:
            with httpx.Client(base_url=url, timeout=20) as http:
                for _ in range(10):
                    codes.append(http.post("/api/v1/injections", json=BODY).status_code)

        other = threading.Thread(target=interfere)
        other.start()
        workers = [threading.Thread(target=record) for _ in range(16)]
        for w in workers:
            w.start()
        for w in workers:
            w.join(timeout=60)
        stop.set()
        other.join(timeout=10)
    assert codes == [201] * 160
    assert _stored(path) == 161
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_personal_server_with_users_still_asks_to_sign_in_first(tmp_path: Path) -> None:
    """The guard's decision comes first on the loop too: nobody signed in writes nothing."""
    from sitecare.config import CHEAP_HASH_COST
    from sitecare.services import passwords
    from sitecare.services.accounts import Accounts
    from sitecare.services.app import open_database

    settings = _settings(tmp_path, hash_cost=CHEAP_HASH_COST, secret_key="s" * 48)
    db = open_database(settings)
    accounts = Accounts(db, passwords=passwords.for_settings(settings))
    from datetime import datetime

    now = datetime.now().astimezone()
    accounts.create_program("Loop Program", now=now)
    accounts.add_user("lee", program="Loop Program", role="worker", password="x" * 12, now=now)
    db.dispose()
    app = create_app(settings)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        r = c.post("/api/v1/injections", json=BODY)
        assert r.status_code in (401, 404)
    assert _stored(tmp_path / "loop.sqlite3") == 0
