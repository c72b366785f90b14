"""Review of the deferred user check (1346cf9..f6a2cba): a bearer token's user is checked in
the client lookup's statement on PostgreSQL. Every client route, every way a user may no
longer act, another program's user, wrong kinds of credential, expired (cached) tokens,
malformed ids and the order of answers, on both databases (SQLite: nothing is deferred).
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from sitecare.web import auth

from .conftest import ProgramServer, sign_in

#: every route with {client_id} in its path (method, path under the client, json body)
ROUTES: list[tuple[str, str, Any]] = [
    ("GET", "", None),
    ("GET", "/visits", None),
    ("POST", "/visits", {}),
    ("POST", "/injections", {"region": "forearm_left"}),
    ("GET", "/injections", None),
    ("GET", "/injections/{iid}", None),
    ("DELETE", "/injections/{iid}", None),
    ("GET", "/suggestion", None),
    ("GET", "/sites/forearm_left/status", None),
    ("POST", "/checks", {"region": "forearm_left"}),
    ("GET", "/checks", None),
    ("GET", "/checks/1", None),
    ("DELETE", "/checks/1", None),
    ("POST", "/checks/1/photos", None),
    ("GET", "/checks/1/photos", None),
    ("GET", "/photos/1", None),
    ("DELETE", "/photos/1", None),
    ("POST", "/photos/1/measurement", {}),
    ("GET", "/due", None),
    ("GET", "/sites/forearm_left/course", None),
]
ROUTE_IDS = [f"{m} {p or '/'}" for m, p, _ in ROUTES]


def _client(s: ProgramServer, who: str = "bob", code: str = "RX-1") -> int:
    r = s.client.post("/api/v1/clients", json={"code": code}, headers=s.as_(who))
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def _audit(s: ProgramServer) -> list[tuple[str, str | None, str | None]]:
    r = s.client.get("/api/v1/audit", headers=s.as_("alice"), params={"days": 30})
    assert r.status_code == 200, r.text
    return [(e["action"], e.get("username"), e.get("object_id")) for e in r.json()]


def _setup(s: ProgramServer) -> tuple[int, int]:
    """A Riverside client with one injection (made by erin while she could still act)."""
    cid = _client(s, "erin")
    r = s.client.post(
        f"/api/v1/clients/{cid}/injections", json={"region": "forearm_left"}, headers=s.as_("erin")
    )
    assert r.status_code == 201, r.text
    return cid, int(r.json()["id"])


def _send(s: ProgramServer, method: str, path: str, body: Any, headers: dict[str, str]) -> Any:
    if body is None:
        return s.client.request(method, path, headers=headers)
    return s.client.request(method, path, json=body, headers=headers)


def _end_erin(s: ProgramServer, how: str) -> None:
    now = datetime.now(UTC)
    with s.accounts() as acc:
        if how == "disabled":
            acc.disable_user("erin", now=now)
        elif how == "signed_out":
            from sitecare.services.accounts import actor_of
            from sitecare.storage.accounts import Users

            with acc.db.reading() as ses:
                user = Users(ses).by_username("erin")
            assert user is not None
            acc.sign_out(actor_of(user), now=now)
        elif how == "new_password":
            acc.reset_password("erin", "another horse battery staple", now=now)
        elif how == "disabled_then_enabled":
            acc.disable_user("erin", now=now)
            acc.enable_user("erin", now=now)


@pytest.mark.parametrize("how", ["disabled", "signed_out", "new_password", "disabled_then_enabled"])
def test_an_ended_token_reaches_no_client_route(server: ProgramServer, how: str) -> None:
    cid, iid = _setup(server)
    token = server.as_("erin")
    _end_erin(server, how)
    before = _audit(server)
    for method, sub, body in ROUTES:
        path = f"/api/v1/clients/{cid}" + sub.format(iid=iid)
        r = _send(server, method, path, body, token)
        assert r.status_code == 401, (how, method, path, r.status_code, r.text)
        assert r.headers.get("www-authenticate") == "Bearer"
    assert _audit(server) == before  # nothing written for her
    # nothing changed: bob still sees the one injection
    r = server.client.get(f"/api/v1/clients/{cid}/injections", headers=server.as_("bob"))
    assert r.status_code == 200 and [i["id"] for i in r.json()] == [iid]


def test_another_programs_user_gets_404_on_every_client_route(server: ProgramServer) -> None:
    cid, iid = _setup(server)
    dave = server.as_("dave")
    for method, sub, body in ROUTES:
        path = f"/api/v1/clients/{cid}" + sub.format(iid=iid)
        r = _send(server, method, path, body, dave)
        assert r.status_code == 404, (method, path, r.status_code, r.text)
        assert "RX-1" not in r.text
    r = server.client.get(f"/api/v1/clients/{cid}/injections", headers=server.as_("bob"))
    assert [i["id"] for i in r.json()] == [iid]
    # Hilltop's log holds dave's attempts, Riverside's none of them
    assert all(u != "dave" for _, u, _ in _audit(server))


def test_a_session_cookie_as_bearer_and_a_token_as_cookie_are_refused(
    server: ProgramServer,
) -> None:
    cid, _ = _setup(server)
    browser = server.browser("bob")
    session = browser.cookies.get(auth.SESSION_COOKIE)
    assert session
    for method, sub, body in ROUTES[:6]:
        path = f"/api/v1/clients/{cid}" + sub.format(iid=1)
        r = _send(server, method, path, body, {"Authorization": f"Bearer {session}"})
        assert r.status_code == 401, (method, path, r.text)
    # an API token in the session cookie
    c = server.browser()
    c.cookies.set(auth.SESSION_COOKIE, server.token("bob"))
    r = c.get(f"/api/v1/clients/{cid}/injections")
    assert r.status_code == 401


def test_a_kept_token_still_expires(server: ProgramServer, monkeypatch: pytest.MonkeyPatch) -> None:
    cid, _ = _setup(server)
    h = server.as_("bob")
    path = f"/api/v1/clients/{cid}/injections"
    assert server.client.get(path, headers=h).status_code == 200  # now kept as verified
    before = _audit(server)
    later = datetime.now(UTC) + timedelta(hours=1, minutes=1)
    monkeypatch.setattr(auth, "now_utc", lambda: later)
    for method, sub, body in ROUTES:
        r = _send(server, method, f"/api/v1/clients/{cid}" + sub.format(iid=1), body, h)
        assert r.status_code == 401, (method, sub, r.text)
    monkeypatch.undo()
    assert _audit(server) == before


@pytest.mark.parametrize(
    "bad",
    ["abc", "0", "-1", "00", "1.0", "1e3", "%201", "+1", "١", str(2**31 - 1), str(2**31), "9" * 30],
)
def test_malformed_ids_answer_the_user_first(server: ProgramServer, bad: str) -> None:
    cid, _ = _setup(server)
    erin = server.as_("erin")
    bob = server.as_("bob")
    _end_erin(server, "disabled")
    before = _audit(server)
    for method, sub, body in ROUTES:
        path = f"/api/v1/clients/{bad}" + sub.format(iid=1)
        gone = _send(server, method, path, body, erin)
        assert gone.status_code == 401, (bad, method, path, gone.status_code, gone.text)
    assert _audit(server) == before
    for method, sub, body in ROUTES[3:]:  # the shared routes (services made by the guard)
        path = f"/api/v1/clients/{bad}" + sub.format(iid=1)
        valid = _send(server, method, path, body, bob)
        assert valid.status_code in (404, 422), (bad, method, path, valid.status_code, valid.text)


def test_bad_inner_ids_and_queries_come_after_the_user(server: ProgramServer) -> None:
    cid, _ = _setup(server)
    erin = server.as_("erin")
    _end_erin(server, "disabled")
    cases = [
        ("GET", f"/api/v1/clients/{cid}/injections/abc", None),
        ("GET", f"/api/v1/clients/{cid}/injections/0", None),
        ("DELETE", f"/api/v1/clients/{cid}/checks/abc", None),
        ("GET", f"/api/v1/clients/{cid}/photos/-5", None),
        ("GET", f"/api/v1/clients/{cid}/injections?limit=abc", None),
        ("GET", f"/api/v1/clients/{cid}/checks?since=yesterday", None),
        ("GET", f"/api/v1/clients/{cid}/sites/nowhere/status", None),
        ("POST", f"/api/v1/clients/{cid}/injections", {"region": ""}),
        ("POST", f"/api/v1/clients/{cid}/injections", {"nope": 1}),
        (
            "POST",
            f"/api/v1/clients/{cid}/injections",
            {"region": "forearm_left", "at": "1800-01-01T00:00:00Z"},
        ),
        ("POST", f"/api/v1/clients/{cid}/visits", {"nope": 1}),
        ("POST", f"/api/v1/clients/{cid}/checks", [1, 2]),
    ]
    for method, path, body in cases:
        r = _send(server, method, path, body, erin)
        assert r.status_code == 401, (method, path, r.status_code, r.text)
    # another program's user: the client comes first (404), whatever else is wrong
    dave = server.as_("dave")
    for method, path, body in cases:
        if path.endswith("/visits"):
            continue  # ClientsDep: its body is checked before the client (not deferred)
        r = _send(server, method, path, body, dave)
        assert r.status_code == 404, (method, path, r.status_code, r.text)


def test_cookie_session_of_a_disabled_user_reaches_no_client_api(server: ProgramServer) -> None:
    cid, iid = _setup(server)
    browser = server.browser("erin")
    _end_erin(server, "disabled")
    for method, sub, body in ROUTES:
        path = f"/api/v1/clients/{cid}" + sub.format(iid=iid)
        r = (
            browser.request(method, path, json=body)
            if body is not None
            else browser.request(method, path)
        )
        assert r.status_code in (401, 403), (method, path, r.status_code, r.text)


@pytest.mark.postgres
def test_disabling_while_requests_run(pg_server: ProgramServer) -> None:
    """Once the disable is committed, no request that starts after it is served."""
    s = pg_server
    cid, _ = _setup(s)
    erin = s.as_("erin")
    stop = threading.Event()
    disabled_at: list[float] = []
    results: list[tuple[float, float, int]] = []
    import time

    def hammer() -> None:
        while not stop.is_set():
            t0 = time.monotonic()
            r = s.client.post(
                f"/api/v1/clients/{cid}/injections", json={"region": "forearm_left"}, headers=erin
            )
            results.append((t0, time.monotonic(), r.status_code))

    threads = [threading.Thread(target=hammer) for _ in range(2)]
    for t in threads:
        t.start()
    time.sleep(0.3)
    asked_at = time.monotonic()  # requests that ended before this were all checked before
    _end_erin(s, "disabled")
    disabled_at.append(time.monotonic())
    time.sleep(0.3)
    stop.set()
    for t in threads:
        t.join()
    after = [code for t0, _, code in results if t0 > disabled_at[0]]
    assert after and set(after) == {401}, after
    assert {code for _, t1, code in results if t1 < asked_at} <= {201}
    # every injection stored is one erin was answered 201 for
    r = s.client.get(
        f"/api/v1/clients/{cid}/injections", headers=s.as_("bob"), params={"limit": 1000}
    )
    stored = len(r.json())
    assert stored == 1 + sum(1 for *_, code in results if code == 201)


def test_sign_in_page_and_bearer_both(server: ProgramServer) -> None:
    """A browser signed in as bob that also sends erin's ended token acts as nobody."""
    cid, _ = _setup(server)
    erin = server.as_("erin")
    _end_erin(server, "disabled")
    browser = server.browser()
    sign_in(browser, "bob")
    r = browser.get(f"/api/v1/clients/{cid}/injections", headers=erin)
    assert r.status_code == 401


def _matrix(s: ProgramServer) -> list[Any]:
    """Every client route, for each kind of caller and client id: the answers and the audit."""
    mine = _client(s, "bob", "RX-1")
    _client(s, "erin", "RX-2")
    theirs = _client(s, "dave", "HC-1")
    r = s.client.post(
        f"/api/v1/clients/{mine}/injections", json={"region": "forearm_left"}, headers=s.as_("bob")
    )
    iid = r.json()["id"]
    tokens = {
        "bob": s.as_("bob"),
        "erin": s.as_("erin"),
        "dave": s.as_("dave"),
        "garbage": {"Authorization": "Bearer abc.def"},
        "none": {},
        "basic": {"Authorization": "Basic " + s.token("bob")},
    }
    _end_erin(s, "disabled")
    seen: list[Any] = []
    for who, h in tokens.items():
        for cid in (str(mine), str(theirs), "999999", "0", "abc", str(2**31)):
            for method, sub, body in ROUTES:
                path = f"/api/v1/clients/{cid}" + sub.format(iid=iid)
                r = _send(s, method, path, body, h)
                text = r.text.replace(str(mine), "MINE").replace(str(theirs), "THEIRS")
                seen.append(
                    (
                        who,
                        cid == str(mine),
                        cid == str(theirs),
                        method,
                        sub,
                        r.status_code,
                        text if r.status_code >= 400 else "",
                    )
                )
    for who, h in tokens.items():  # the pages and their downloads, with a bearer token
        for sub in ("", "/report.pdf", "/visit", "/check"):
            r = s.client.get(f"/clients/{mine}{sub}", headers=h, follow_redirects=False)
            seen.append(("page", who, sub, r.status_code, r.headers.get("location")))
    seen.append([(a, u) for a, u, _ in _audit(s)])
    r = s.client.get("/api/v1/audit", headers=s.as_("charlie"), params={"days": 30})
    seen.append([(e["action"], e.get("username")) for e in r.json()])
    return seen


@pytest.mark.postgres
def test_answers_are_the_same_on_both_databases(
    sqlite_url: str, postgres_url: str, make_server: Any
) -> None:
    a = _matrix(make_server(sqlite_url))
    pg = _matrix(make_server(postgres_url, seeded=True))
    diffs = [(x, y) for x, y in zip(a, pg, strict=True) if x != y]
    assert not diffs, diffs[:10]


@pytest.mark.parametrize(
    "at",
    [
        "0001-01-01T00:00:00",
        "0001-01-01T00:00:00+23:59",
        "9999-12-31T23:59:59",
        "9999-12-31T23:59:59-23:59",
        "1899-12-31T23:59:59Z",
        "2999-01-01T00:00:00Z",
        "2026-03-29T02:30:00",
        "2026-13-01T00:00:00",
    ],
)
def test_a_time_read_before_the_guard_never_answers_first(server: ProgramServer, at: str) -> None:
    """create_injection now reads ``at`` before the guard: whatever it is, a caller who may
    not act hears 401, another program's user 404, as before."""
    cid, _ = _setup(server)
    erin = server.as_("erin")
    _end_erin(server, "disabled")
    body = {"region": "forearm_left", "at": at}
    path = f"/api/v1/clients/{cid}/injections"
    for h in (erin, {}, {"Authorization": "Bearer x.y"}):
        r = server.client.post(path, json=body, headers=h)
        assert r.status_code == 401, (at, r.status_code, r.text)
    r = server.client.post(path, json=body, headers=server.as_("dave"))
    assert r.status_code == 404, (at, r.status_code, r.text)
