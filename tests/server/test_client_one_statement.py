"""On PostgreSQL a client API request checks its user in the same statement as the client
lookup and its audit row, and a recording reads the planner's inputs in it too (issue 10):
recording an injection for a client is two statements in its one transaction (that one, and
the insert) instead of four. The answers stay the ones the separate statements gave.

The statements are counted with a pass-through spy on psycopg's cursor (the real server, the
real driver; nothing is replaced).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import psycopg
import pytest

from .conftest import ProgramServer


@contextmanager
def _statements(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    seen: list[str] = []
    real = psycopg.Cursor.execute

    def execute(self: Any, query: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(" ".join(str(query).split()))
        return real(self, query, *args, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "execute", execute)
    try:
        yield seen
    finally:
        monkeypatch.undo()


def _client(s: ProgramServer, who: str = "bob", code: str = "RX-1") -> int:
    r = s.client.post("/api/v1/clients", json={"code": code}, headers=s.as_(who))
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def _audit(s: ProgramServer) -> list[tuple[str, str | None]]:
    r = s.client.get("/api/v1/audit", headers=s.as_("alice"))
    assert r.status_code == 200, r.text
    return [(e["action"], e.get("username")) for e in r.json()]


@pytest.mark.postgres
def test_recording_for_a_client_is_two_statements(
    pg_server: ProgramServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    cid = _client(pg_server)
    h = pg_server.as_("bob")
    with _statements(monkeypatch) as seen:
        r = pg_server.client.post(
            f"/api/v1/clients/{cid}/injections", json={"region": "forearm_left"}, headers=h
        )
    assert r.status_code == 201, r.text
    assert len(seen) == 2, seen
    combined, insert = seen
    for part in ("FROM app_user", "INSERT INTO audit_event", "FROM person", "json_agg"):
        assert part in combined
    assert insert.startswith("INSERT INTO injection")


@pytest.mark.postgres
def test_a_signed_out_or_disabled_user_gets_401_and_writes_nothing(
    pg_server: ProgramServer,
) -> None:
    cid = _client(pg_server, "erin")
    token = pg_server.as_("erin")
    with pg_server.accounts() as acc:
        acc.disable_user("erin", now=datetime.now(UTC))
    before = _audit(pg_server)
    for method, path, body in (
        ("POST", f"/api/v1/clients/{cid}/injections", {"region": "forearm_left"}),
        ("GET", f"/api/v1/clients/{cid}/suggestion", None),
        ("GET", f"/api/v1/clients/{cid}/injections", None),
    ):
        r = pg_server.client.request(method, path, json=body, headers=token)
        assert r.status_code == 401, (path, r.text)
        assert r.headers["www-authenticate"] == "Bearer"
    assert _audit(pg_server) == before
    r = pg_server.client.get(f"/api/v1/clients/{cid}/injections", headers=pg_server.as_("bob"))
    assert r.status_code == 200 and r.json() == []


def test_warnings_are_the_same_on_both_databases(server: ProgramServer) -> None:
    """The planner's inputs read with the lookup (PostgreSQL) warn exactly as read later."""
    cid = _client(server)
    h = server.as_("bob")
    path = f"/api/v1/clients/{cid}/injections"
    first = server.client.post(path, json={"region": "forearm_left", "spot": "1"}, headers=h)
    again = server.client.post(path, json={"region": "forearm_left", "spot": "1"}, headers=h)
    no_route = server.client.post(path, json={"region": "forearm_left"}, headers=h)
    assert [r.status_code for r in (first, again, no_route)] == [201, 201, 201]
    assert first.json()["warnings"] == []
    assert any("still resting" in w for w in again.json()["warnings"])
    assert no_route.json()["route"] == first.json()["route"]  # the last route, read ahead
    # a time far in the past or future is refused after the lookup, as before
    bad = server.client.post(
        path, json={"region": "forearm_left", "at": "1800-01-01T00:00:00Z"}, headers=h
    )
    assert bad.status_code == 422 and "at" in bad.text
    other = server.client.post(
        f"/api/v1/clients/{10**6}/injections",
        json={"region": "forearm_left", "at": "1800-01-01T00:00:00Z"},
        headers=h,
    )
    assert other.status_code == 404  # the client comes first
    actions = [a for a, _ in _audit(server)]
    assert actions.count("injection.add") == 4 and "client.not_found" in actions


@pytest.mark.parametrize("bad_id", ["abc", "0", "-1", str(2**31), str(10**20)])
def test_a_wrong_client_id_answers_the_user_first(server: ProgramServer, bad_id: str) -> None:
    """A user who may no longer act gets 401 whatever the id; a valid one hears of the id
    (422), on both databases, as the guard answered before the user check moved."""
    erin = server.as_("erin")
    with server.accounts() as acc:
        acc.disable_user("erin", now=datetime.now(UTC))
    for method, path, body in (
        ("POST", f"/api/v1/clients/{bad_id}/injections", {"region": "forearm_left"}),
        ("GET", f"/api/v1/clients/{bad_id}/suggestion", None),
    ):
        gone = server.client.request(method, path, json=body, headers=erin)
        assert gone.status_code == 401, (path, gone.text)
        valid = server.client.request(method, path, json=body, headers=server.as_("bob"))
        assert valid.status_code == 422, (path, valid.text)


@pytest.mark.parametrize("sub", ["/injections", "/checks", "/visits"])
def test_a_body_that_is_not_json_is_answered_after_the_user(
    server: ProgramServer, sub: str
) -> None:
    """A body that is not JSON is refused before any dependency runs; the guard still answers
    first: 401 for a user who may no longer act, 422 for a valid one, on both databases."""
    cid = _client(server)
    erin = server.as_("erin")
    with server.accounts() as acc:
        acc.disable_user("erin", now=datetime.now(UTC))
    path = f"/api/v1/clients/{cid}{sub}"
    for headers, expected in ((erin, 401), ({}, 401), (server.as_("bob"), 422)):
        r = server.client.post(
            path, content=b"{not json", headers={**headers, "content-type": "application/json"}
        )
        assert r.status_code == expected, (headers, r.text)
    before = _audit(server)
    server.client.post(
        path, content=b"{not json", headers={**erin, "content-type": "application/json"}
    )
    assert _audit(server) == before  # nothing written for her
