"""Server mode in the browser's shoes: sign-in, cookies, CSRF, lockout, headers, the modes,
and the worker's journey (find or add a client, record a visit, check a site)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sitecare.config import Settings
from sitecare.domain.errors import InvalidInput
from sitecare.web.app import SECURITY_HEADERS, create_app

from .conftest import PASSWORD, ProgramServer, csrf_of, seed, server_settings, sign_in


def test_it_sends_people_who_are_not_signed_in_to_sign_in(server: ProgramServer) -> None:
    anon = server.browser()
    for path in ("/", "/clients", "/clients/1", "/history", "/log", "/admin/users", "/program"):
        r = anon.get(path, follow_redirects=False)
        assert r.status_code == 303, path
        assert r.headers["location"].startswith("/signin?next=")
    for path in ("/help", "/privacy", "/signin", "/openapi.json", "/api/docs", "/static/app.css"):
        assert anon.get(path).status_code == 200, path
    assert anon.get("/api/v1/clients").status_code == 401
    assert anon.get("/api/v1/sites").status_code == 401


def test_sign_in_sets_a_safe_session_cookie_and_goes_where_asked(server: ProgramServer) -> None:
    c = server.browser()
    page = c.get("/signin?next=/clients?code=R")
    r = c.post(
        "/signin",
        data={
            "username": "Bob",
            "password": PASSWORD,
            "csrf_token": csrf_of(page.text),
            "next": "/clients?code=R",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/clients?code=R"
    cookie = next(h for h in r.headers.get_list("set-cookie") if "sitecare_session=" in h)
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain HTTP on this machine only
    assert "Signed in as bob" in c.get("/clients").text
    # another site is never a destination after sign-in
    for evil in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        c2 = server.browser()
        page = c2.get("/signin")
        r = c2.post(
            "/signin",
            data={
                "username": "bob",
                "password": PASSWORD,
                "csrf_token": csrf_of(page.text),
                "next": evil,
            },
            follow_redirects=False,
        )
        assert r.headers["location"] == "/clients"


def test_cookies_are_secure_off_this_machine(server: ProgramServer) -> None:
    c = TestClient(server.app, base_url="https://sitecare.example.org")
    page = c.get("/signin")
    assert all("Secure" in h for h in page.headers.get_list("set-cookie"))
    r = c.post(
        "/signin",
        data={"username": "bob", "password": PASSWORD, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert all("Secure" in h for h in r.headers.get_list("set-cookie"))


def test_forms_without_the_sessions_csrf_token_are_refused(server: ProgramServer) -> None:
    bob = server.browser("bob")
    charlie = server.browser("charlie")
    assert bob.post("/clients", data={"code": "A1"}).status_code == 403
    wrong = csrf_of(charlie.get("/clients").text)  # a real token, of another session
    assert bob.post("/clients", data={"code": "A1", "csrf_token": wrong}).status_code == 403
    assert bob.post("/signout").status_code == 403
    good = csrf_of(bob.get("/clients").text)
    r = bob.post("/clients", data={"code": "A1", "csrf_token": good}, follow_redirects=False)
    assert r.status_code == 303
    # the JSON API with a session cookie needs the token in a header
    assert bob.post("/api/v1/clients", json={"code": "A2"}).status_code == 403
    r = bob.post("/api/v1/clients", json={"code": "A2"}, headers={"X-CSRF-Token": good})
    assert r.status_code == 201
    # the sign-in form is bound to its own pre-session cookie
    fresh = server.browser()
    r = fresh.post("/signin", data={"username": "bob", "password": PASSWORD, "csrf_token": "x"})
    assert r.status_code == 403 and "expired" in r.text
    # and a cross-site form is refused by the same-origin check before anything else
    r = bob.post(
        "/clients",
        data={"code": "A3", "csrf_token": good},
        headers={"Origin": "https://evil.example"},
    )
    assert r.status_code == 403


def test_five_failures_lock_a_username_and_say_so_without_telling_if_it_exists(
    server: ProgramServer,
) -> None:
    for name in ("bob", "nobody-here"):
        c = server.browser()
        answers = [sign_in(c, name, "wrong password!").status_code for _ in range(4)]
        assert answers == [401] * 4
        fifth = sign_in(c, name, "wrong password!")
        assert fifth.status_code == 401 and "locked for 15 minutes" in fifth.text
        # now even the right password is refused, with the same words for both names
        locked = sign_in(c, name, PASSWORD)
        assert locked.status_code == 401 and "locked for 15 minutes" in locked.text
        api = server.client.post(
            "/api/v1/auth/token", data={"username": name, "password": PASSWORD}
        )
        assert api.status_code == 401 and "locked" in api.json()["detail"][0]["msg"]
    # the lock is in the database (every instance sees it); an admin reset lifts it
    with server.accounts() as accounts:
        assert accounts.users(program="Riverside SSP")
        bob = next(u for u in accounts.users() if u.username == "bob")
        assert bob.locked_until is not None
        assert bob.locked_until > datetime.now(UTC) + timedelta(minutes=14)
        accounts.reset_password("bob", "another long passphrase", now=datetime.now(UTC))
    assert sign_in(server.browser(), "bob", "another long passphrase").status_code == 303


def test_failed_sign_ins_wait_longer_each_time(
    db_url: str, make_server: Callable[..., ProgramServer]
) -> None:
    import time

    s = make_server(db_url, signin_delay_s=0.2)
    waits = []
    for _ in range(3):
        t = time.perf_counter()
        r = s.client.post("/api/v1/auth/token", data={"username": "bob", "password": "nope!"})
        waits.append(time.perf_counter() - t)
        assert r.status_code == 401
    assert waits[0] >= 0.2 and waits[1] >= 0.4 and waits[2] >= 0.6


def test_security_headers_on_every_kind_of_answer(server: ProgramServer) -> None:
    bob = server.browser("bob")
    answers = [
        server.browser().get("/signin"),
        server.browser().get("/clients", follow_redirects=False),
        server.client.get("/api/v1/clients"),
        bob.get("/clients"),
        bob.post("/clients", data={"code": "X"}),
        server.client.get("/api/v1/clients/999", headers=server.as_("bob")),
    ]
    for r in answers:
        for key, value in SECURITY_HEADERS.items():
            assert r.headers.get(key) == value, (r.request.url, key)


def test_signing_out_ends_the_session_everywhere(server: ProgramServer) -> None:
    bob = server.browser("bob")
    token = server.as_("bob")
    r = bob.post(
        "/signout", data={"csrf_token": csrf_of(bob.get("/clients").text)}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"] == "/signin"
    assert bob.get("/clients", follow_redirects=False).status_code == 303
    assert server.client.get("/api/v1/clients", headers=token).status_code == 401


def test_a_worker_finds_adds_and_records_a_visit_with_a_check(server: ProgramServer) -> None:
    bob = server.browser("bob")
    page = bob.get("/clients?code=rx 9")
    assert "Add client RX 9" in page.text
    r = bob.post(
        "/clients", data={"code": "rx 9", "csrf_token": csrf_of(page.text)}, follow_redirects=False
    )
    client_url = r.headers["location"].split("?")[0]
    assert bob.get("/clients?code=RX").text.count("RX 9") >= 1
    form = bob.get(client_url + "/visit")
    r = bob.post(
        client_url + "/visit",
        data={
            "csrf_token": csrf_of(form.text),
            "region-0": "forearm_left",
            "spot-0": "2",
            "at-0": "2h ago",
            "supplies": ["syringes", "wound_care_kit"],
            "referrals": ["wound_clinic"],
            "note": "dressing changed",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = bob.get(r.headers["location"]).text
    assert "Visit saved" in page and "Wound care clinic" in page and "Left forearm" in page
    # a bad region is refused in plain words, and nothing is stored
    r = bob.post(
        client_url + "/visit", data={"csrf_token": csrf_of(form.text), "region-0": "nowhere"}
    )
    assert r.status_code == 422
    # the guided check, red flags first, stored against the client's site
    start = bob.get(client_url + "/check?region=forearm_left")
    assert start.status_code == 200 and 'name="asked"' in start.text
    answers = "{}"
    html = start.text
    for _ in range(12):
        asked = re.search(r'name="asked" value="([^"]*)"', html)
        assert asked is not None
        answers = re.search(r'name="answers" value="([^"]*)"', html).group(1)  # type: ignore[union-attr]
        data = {
            "csrf_token": csrf_of(html),
            "answers": answers.replace("&#34;", '"'),
            "asked": asked.group(1),
            "region": "forearm_left",
        }
        r = bob.post(client_url + "/check", data=data)
        assert r.status_code == 200, r.text
        html = r.text
        if "Back to RX 9" in html:
            break
    assert "Saved as a check of Left forearm for RX 9" in html
    api = server.client.get(f"/api/v1{client_url}/checks", headers=server.as_("alice"))
    assert api.status_code == 200 and len(api.json()) == 1


def test_admin_pages_manage_users_and_show_the_audit_log_and_program_view(
    server: ProgramServer,
) -> None:
    alice = server.browser("alice")
    token = csrf_of(alice.get("/admin/users").text)
    r = alice.post(
        "/admin/users",
        data={
            "username": "fay",
            "password": "long enough pw",
            "role": "worker",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert sign_in(server.browser(), "fay", "long enough pw").status_code == 303
    r = alice.post("/admin/users/fay/disable", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    assert sign_in(server.browser(), "fay", "long enough pw").status_code == 401
    # Charlie's users are not Alice's to change
    r = alice.post("/admin/users/dave/disable", data={"csrf_token": token})
    assert r.status_code == 422 and "no user" in r.text
    audit = alice.get("/admin/audit").text
    assert "user.disable" in audit and "user.add" in audit
    program = alice.get("/program?days=7")
    assert program.status_code == 200 and "Download CSV" in program.text
    csv = alice.get("/program/export.csv?days=7")
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines()[0] == "day,measure,item,count"
    # workers do not see admin pages
    bob = server.browser("bob")
    for path in ("/admin/users", "/admin/audit", "/program", "/program/export.csv"):
        assert bob.get(path).status_code == 403, path


def test_personal_mode_is_unchanged_and_has_no_server_routes(db_url: str, tmp_path: Path) -> None:
    app = create_app(Settings(database_url=db_url, data_dir=tmp_path))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        assert c.get("/").status_code == 200
        assert c.post("/api/v1/injections", json={"region": "forearm_left"}).status_code == 201
        for path in ("/signin", "/clients", "/api/v1/clients", "/program", "/admin/users"):
            assert c.get(path).status_code == 404, path
        assert (
            c.post("/api/v1/auth/token", data={"username": "a", "password": "b"}).status_code == 404
        )


def test_auto_mode_turns_to_server_mode_at_the_first_user(db_url: str, tmp_path: Path) -> None:
    settings = server_settings(db_url, tmp_path, mode="auto")
    app = create_app(settings)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        assert c.get("/api/v1/injections").status_code == 200  # personal: nobody signs in
        seed(db_url, tmp_path, {"alice": ("Riverside SSP", "admin")})
        assert c.get("/api/v1/injections").status_code == 401
        assert c.get("/", follow_redirects=False).headers["location"].startswith("/signin")


def test_server_mode_refuses_to_start_without_a_real_secret(db_url: str, tmp_path: Path) -> None:
    for secret in (None, "short", "change-me-change-me-change-me-change-me"):
        with pytest.raises(InvalidInput, match="at least 32"):
            create_app(server_settings(db_url, tmp_path, secret_key=secret))
    # auto mode with users and no secret does not start either
    seed(db_url, tmp_path, {"alice": ("Riverside SSP", "admin")})
    app = create_app(server_settings(db_url, tmp_path, mode="auto", secret_key=None))
    with pytest.raises(InvalidInput), TestClient(app):
        pass
    app.state.db.dispose()


def test_a_forged_non_ascii_token_is_refused_not_a_crash() -> None:
    from datetime import UTC, datetime

    from sitecare.services import credentials

    assert credentials.read(b"s" * 40, "api", "abc.d\u00e9f", now=datetime.now(UTC)) is None
