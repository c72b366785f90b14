"""Concurrent writers on the real PostgreSQL server: 8 processes record visits and injections
for the same and for different clients at once, and nothing is lost."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from .conftest import ProgramServer, server_settings

pytestmark = pytest.mark.postgres

PROCESSES = 8
VISITS_EACH = 10


def _record(url: str, tmp: str, username: str, shared: int, own: int, start: Any) -> int:
    """One worker process: wait for the others, then write as fast as it can."""
    from sitecare.services.accounts import Accounts
    from sitecare.services.app import open_database
    from sitecare.services.clients import Access, ClientRecords

    settings = server_settings(url, Path(tmp))
    db = open_database(settings)
    try:
        with db.engine.connect() as conn:
            uid = conn.execute(
                sa.text("SELECT id FROM app_user WHERE username = :u"), {"u": username}
            ).scalar_one()
        actor = Accounts(db).actor(int(uid), 1)
        assert actor is not None
        clients = ClientRecords(db, settings, actor)
        start.wait(timeout=30)
        done = 0
        for i in range(VISITS_EACH):
            for client_id in (shared, own):
                now = datetime.now(UTC)
                clients.record_visit(client_id, now=now, supplies=["syringes"], note=f"n{i}")
                sc = clients.open(Access(client_id, "injection.add"), now=now)
                sc.records.log_injection(region="forearm_left", at=now, now=now)
                done += 1
        return done
    finally:
        db.dispose()


def test_eight_processes_recording_at_once_lose_nothing(pg_server: ProgramServer) -> None:
    s = pg_server
    shared = s.client.post("/api/v1/clients", json={"code": "SHARED"}, headers=s.as_("bob"))
    shared_id = shared.json()["id"]
    own = [
        s.client.post("/api/v1/clients", json={"code": f"OWN-{i}"}, headers=s.as_("bob")).json()[
            "id"
        ]
        for i in range(PROCESSES)
    ]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        start = manager.Barrier(PROCESSES)
        with ctx.Pool(PROCESSES) as pool:
            results = [
                pool.apply_async(
                    _record,
                    (s.url, str(s.tmp_path), ("bob", "alice")[i % 2], shared_id, own[i], start),
                )
                for i in range(PROCESSES)
            ]
            done = [r.get(timeout=300) for r in results]
    assert done == [2 * VISITS_EACH] * PROCESSES

    engine = sa.create_engine(s.url)
    with engine.connect() as conn:

        def count(sql: str, **params: Any) -> int:
            return int(conn.execute(sa.text(sql), params).scalar_one())

        assert count("SELECT count(*) FROM visit") == 2 * VISITS_EACH * PROCESSES
        assert count("SELECT count(*) FROM injection") == 2 * VISITS_EACH * PROCESSES
        assert count("SELECT count(*) FROM visit WHERE person_id = :p", p=shared_id) == (
            VISITS_EACH * PROCESSES
        )
        for client_id in own:
            assert count("SELECT count(*) FROM visit WHERE person_id = :p", p=client_id) == (
                VISITS_EACH
            )
            assert count("SELECT count(*) FROM injection WHERE person_id = :p", p=client_id) == (
                VISITS_EACH
            )
        # Every write was audited too, none lost.
        assert count("SELECT count(*) FROM audit_event WHERE action = 'visit.add'") == (
            2 * VISITS_EACH * PROCESSES
        )
        assert count("SELECT count(*) FROM person") == PROCESSES + 1
    engine.dispose()
    listed = s.client.get(f"/api/v1/clients/{shared_id}/visits", headers=s.as_("alice")).json()
    assert len(listed) == VISITS_EACH * PROCESSES
