"""Recording an injection is one transaction (issue 10, under load): the user check, the
client lookup and its audit row, the rest warning and the insert share one connection and one
commit, on SQLite and PostgreSQL, in server and personal mode."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event

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
