"""The authorization matrix, on the real PostgreSQL server: every client endpoint and every
admin endpoint, tried as every kind of caller, shows zero cross-access.

Alice (admin) and Bob (worker) own Riverside's client; Charlie (admin) and Dave (worker) are
from Hilltop; Erin was at Riverside and is disabled; then an expired token, a forged one, one
signed with another secret, and nobody at all.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from sitecare.services import credentials

from .conftest import SECRET, ProgramServer

pytestmark = pytest.mark.postgres

CASE = {"region": "forearm_left", "findings": ["redness", "warmth"], "context": ["injects_drugs"]}


def _make_records(s: ProgramServer, owner: str, code: str) -> dict[str, Any]:
    h = s.as_(owner)
    client = s.client.post("/api/v1/clients", json={"code": code}, headers=h).json()
    cid = client["id"]
    inj = s.client.post(
        f"/api/v1/clients/{cid}/injections", json={"region": "forearm_left"}, headers=h
    ).json()
    chk = s.client.post(f"/api/v1/clients/{cid}/checks", json=CASE, headers=h).json()
    s.client.post(f"/api/v1/clients/{cid}/visits", json={"supplies": ["syringes"]}, headers=h)
    photo = s.client.post(
        f"/api/v1/clients/{cid}/checks/{chk['check_id']}/photos",
        files={"file": ("p.jpg", _photo())},
        headers=h,
    )
    assert photo.status_code == 201, photo.text
    return {
        "client_id": cid,
        "injection_id": inj["id"],
        "check_id": chk["check_id"],
        "photo_id": photo.json()["id"],
    }


def _photo() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (16, 12), (180, 40, 40)).save(buf, "JPEG")
    return buf.getvalue()


def _endpoints(ids: dict[str, Any]) -> list[tuple[str, str, dict[str, Any] | None]]:
    """Every /api/v1/clients/{client_id}... route of the app, with a body where one is needed."""
    bodies = {
        ("POST", "/api/v1/clients/{client_id}/injections"): {"region": "thigh_front_left"},
        ("POST", "/api/v1/clients/{client_id}/checks"): CASE,
        ("POST", "/api/v1/clients/{client_id}/visits"): {"referrals": ["wound_clinic"]},
        ("POST", "/api/v1/clients/{client_id}/photos/{photo_id}/measurement"): {"longest_mm": 9},
    }
    values = {**ids, "region": "forearm_left"}
    return [(m, p.format(**values), bodies.get((m, p))) for m, p in _client_routes()]


_ROUTES: list[tuple[str, str]] = []


def _client_routes() -> list[tuple[str, str]]:
    return _ROUTES


def _headers(s: ProgramServer, who: str, disabled_token: str) -> dict[str, str]:
    now = datetime.now(UTC)
    key = SECRET.encode()
    if who in ("alice", "bob", "charlie", "dave"):
        return s.as_(who)
    if who == "erin (disabled)":
        return {"Authorization": f"Bearer {disabled_token}"}
    if who == "expired token":
        # Bob's own id and version, signed with the right key, but an hour past its end.
        uid = _user_id(s, "bob")
        token = credentials.issue(
            key,
            "api",
            user_id=uid,
            version=1,
            now=now - timedelta(hours=3),
            lifetime=timedelta(hours=1),
        )
        return {"Authorization": f"Bearer {token}"}
    if who == "forged token":
        body, _mac = s.token("bob").split(".")
        return {"Authorization": f"Bearer {body}.{'A' * 43}"}
    if who == "other secret":
        token = credentials.issue(
            b"z" * 48,
            "api",
            user_id=_user_id(s, "alice"),
            version=1,
            now=now,
            lifetime=timedelta(hours=1),
        )
        return {"Authorization": f"Bearer {token}"}
    if who == "session cookie as token":
        token = credentials.issue(
            key,
            "session",
            user_id=_user_id(s, "alice"),
            version=1,
            now=now,
            lifetime=timedelta(hours=1),
        )
        return {"Authorization": f"Bearer {token}"}
    assert who == "anonymous"
    return {}


def _user_id(s: ProgramServer, name: str) -> int:
    import sqlalchemy as sa

    engine = sa.create_engine(s.url)
    with engine.connect() as conn:
        uid = conn.execute(sa.text("SELECT id FROM app_user WHERE username = :n"), {"n": name})
        value = int(uid.scalar_one())
    engine.dispose()
    return value


OWNERS = ("alice", "bob")
OTHERS = ("charlie", "dave")
NOBODY = (
    "erin (disabled)",
    "expired token",
    "forged token",
    "other secret",
    "session cookie as token",
    "anonymous",
)


def test_zero_cross_access_on_every_client_and_admin_endpoint(pg_server: ProgramServer) -> None:
    s = pg_server
    disabled_token = s.token("erin")
    with s.accounts() as accounts:
        accounts.disable_user("erin", now=datetime.now(UTC))
    riverside = _make_records(s, "bob", "R-1")
    hilltop = _make_records(s, "dave", "H-1")
    _ROUTES[:] = sorted(
        (method.upper(), path)
        for path, ops in s.app.openapi()["paths"].items()
        if path.startswith("/api/v1/clients/{client_id}")
        for method in ops
    )
    # the 10 shared personal routes, the 4 of photos, the measurement, the 2 of the follow-up
    # (due, course), the client, its visits
    assert len(_ROUTES) == 20, _ROUTES
    headers = {w: _headers(s, w, disabled_token) for w in OWNERS + OTHERS + NOBODY}
    problems: list[str] = []

    def expect(who: str, method: str, path: str, body: Any, allowed: set[int]) -> Any:
        if method == "POST" and path.endswith("/photos"):  # a multipart upload
            files = {"file": ("p.jpg", _photo())}
            r = s.client.request(method, path, files=files, headers=headers[who])
        else:
            r = s.client.request(method, path, json=body, headers=headers[who])
        if r.status_code not in allowed:
            problems.append(f"{who:>24} {method:6} {path} -> {r.status_code} (wanted {allowed})")
        return r

    endpoints = _endpoints(riverside)
    # Strangers first (so nothing is deleted yet): 404 for the other program, 401 for nobody.
    for method, path, body in endpoints:
        for who in OTHERS:
            expect(who, method, path, body, {404})
        for who in NOBODY:
            expect(who, method, path, body, {401})
    # The owners can do everything but delete (deleting comes last).
    for method, path, body in endpoints:
        if method == "DELETE":
            continue
        for who in OWNERS:
            expect(who, method, path, body, {200, 201})
    # The same from Hilltop's side.
    for method, path, body in _endpoints(hilltop):
        for who in OWNERS:
            expect(who, method, path, body, {404})
        if method != "DELETE":
            expect("charlie", method, path, body, {200, 201})

    # Lists never show another program's clients.
    for who in OWNERS + OTHERS:
        listed = s.client.get("/api/v1/clients", headers=headers[who]).json()
        codes = {c["code"] for c in listed}
        mine = "R-1" if who in OWNERS else "H-1"
        if codes != {mine}:
            problems.append(f"{who} lists {codes}")
        found = s.client.get("/api/v1/clients?code=", headers=headers[who]).json()
        if {c["code"] for c in found} != {mine}:
            problems.append(f"{who} finds {found}")
    for who in NOBODY:
        expect(who, "GET", "/api/v1/clients", None, {401})
        expect(who, "POST", "/api/v1/clients", {"code": "X"}, {401})

    # Admin endpoints: the program's admin only, and only their own program's data.
    for path in (
        "/api/v1/audit",
        "/api/v1/program/stats",
        "/api/v1/program/stats.csv",
        "/api/v1/users",
    ):
        expect("bob", "GET", path, None, {403})
        expect("dave", "GET", path, None, {403})
        for who in NOBODY:
            expect(who, "GET", path, None, {401})
        for who in ("alice", "charlie"):
            expect(who, "GET", path, None, {200})
    alice_audit = s.client.get("/api/v1/audit?limit=2000", headers=headers["alice"]).json()
    charlie_audit = s.client.get("/api/v1/audit?limit=2000", headers=headers["charlie"]).json()
    if {e["client_id"] for e in charlie_audit} - {None, hilltop["client_id"]}:
        problems.append("Charlie's audit log shows another program's client")
    if {e["client_id"] for e in alice_audit} - {None, riverside["client_id"]}:
        problems.append("Alice's audit log shows another program's client")
    users = s.client.get("/api/v1/users", headers=headers["charlie"]).json()
    if {u["username"] for u in users} != {"charlie", "dave"}:
        problems.append(f"Charlie sees users {users}")
    stats = s.client.get("/api/v1/program/stats?days=7", headers=headers["charlie"]).json()
    if stats["totals"]["visits"] != 2 or "R-1" in str(stats) or "H-1" in str(stats):
        problems.append(f"Charlie's program view: {stats['totals']}")

    # Personal endpoints are closed in server mode, signed in or not.
    for method, path in (
        ("GET", "/api/v1/injections"),
        ("GET", "/api/v1/suggestion"),
        ("POST", "/api/v1/injections"),
        ("GET", "/api/v1/checks"),
    ):
        body = {"region": "forearm_left"} if method == "POST" else None
        expect("alice", method, path, body, {404})
        expect("anonymous", method, path, body, {401})

    # Finally the owners delete, and the strangers' tries above deleted nothing.
    r = expect(
        "alice",
        "DELETE",
        f"/api/v1/clients/{riverside['client_id']}/injections/{riverside['injection_id']}",
        None,
        {204},
    )
    expect(
        "bob",
        "DELETE",
        f"/api/v1/clients/{riverside['client_id']}/checks/{riverside['check_id']}",
        None,
        {204},
    )
    for kind, key in (("injections", "injection_id"), ("checks", "check_id")):
        expect(
            "dave",
            "GET",
            f"/api/v1/clients/{hilltop['client_id']}/{kind}/{hilltop[key]}",
            None,
            {200},
        )
    assert r is not None
    # Every refused try of another program was written to that caller's own audit log.
    refused = [e for e in charlie_audit if e["action"] == "client.not_found"]
    assert refused and all(e["client_id"] is None for e in refused)
    assert not problems, "\n".join(problems)


def test_a_changed_password_ends_sessions_and_tokens(pg_server: ProgramServer) -> None:
    s = pg_server
    h = s.as_("bob")
    browser = s.browser("bob")
    assert s.client.get("/api/v1/clients", headers=h).status_code == 200
    assert browser.get("/clients").status_code == 200
    with s.accounts() as accounts:
        accounts.reset_password("bob", "a brand new passphrase", now=datetime.now(UTC))
    assert s.client.get("/api/v1/clients", headers=h).status_code == 401
    page = browser.get("/clients", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/signin")
