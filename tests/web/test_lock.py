"""Encryption at rest and the lock screen (issue 10, items 2 and 9).

A personal database locked with a passphrase is encrypted on disk (SQLCipher), unlocked on the
command line (asked, or SITECARE_PASSPHRASE_FILE) and in the web app (the lock screen, each
browser on its own); the passphrase can be changed and removed. Personal mode listens beyond
this machine only when the database is locked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from sitecare.cli.app import app as cli
from sitecare.config import Settings
from sitecare.web.app import create_app

PASS = "correct horse battery"
NOTE = "a very private note 7f3a"


def _cli(db: Path, *args: str, input: str | None = None, passfile: Path | None = None) -> Any:
    env = {"SITECARE_DATABASE_URL": f"sqlite:///{db}"}
    if passfile is not None:
        env["SITECARE_PASSPHRASE_FILE"] = str(passfile)
    return CliRunner().invoke(cli, list(args), input=input, env=env)


def _raw(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (db, Path(f"{db}-wal")) if p.exists())


@pytest.fixture
def locked_db(tmp_path: Path) -> Path:
    db = tmp_path / "me.sqlite3"
    assert _cli(db, "log", "forearm_left", "--note", NOTE).exit_code == 0
    assert NOTE.encode() in _raw(db)
    result = _cli(db, "passphrase", "set", "--passphrase-stdin", input=f"{PASS}\n")
    assert result.exit_code == 0, result.output
    return db


def test_a_locked_database_is_encrypted_and_opens_only_with_its_passphrase(
    locked_db: Path, tmp_path: Path
) -> None:
    db = locked_db
    assert NOTE.encode() not in _raw(db)
    assert not db.read_bytes().startswith(b"SQLite format 3")
    assert (tmp_path / "me.sqlite3.key").stat().st_mode & 0o077 == 0

    no_terminal = _cli(db, "history")
    assert no_terminal.exit_code == 4 and "locked with a passphrase" in no_terminal.stderr
    good, bad = tmp_path / "pass", tmp_path / "wrong"
    good.write_text(PASS + "\n")
    bad.write_text("not the passphrase\n")
    assert _cli(db, "history", "--json", passfile=bad).exit_code == 2
    shown = _cli(db, "history", "--json", passfile=good)
    assert shown.exit_code == 0 and NOTE in shown.stdout
    # writes go on encrypted, and the quick 'next' path hands over to the full one
    assert _cli(db, "log", "forearm_right", "--note", "second", passfile=good).exit_code == 0
    assert _cli(db, "next", "--json", passfile=good).exit_code == 0
    assert b"second" not in _raw(db)

    changed = _cli(
        db, "passphrase", "change", "--passphrase-stdin", input=f"{PASS}\nnew passphrase 2\n"
    )
    assert changed.exit_code == 0, changed.output
    assert _cli(db, "history", passfile=good).exit_code == 2  # the old one no longer works
    good.write_text("new passphrase 2\n")
    assert "second" in _cli(db, "history", "--json", passfile=good).stdout

    wrong = _cli(db, "passphrase", "remove", "--passphrase-stdin", input="nope nope nope\n")
    assert wrong.exit_code == 2
    removed = _cli(db, "passphrase", "remove", "--passphrase-stdin", input="new passphrase 2\n")
    assert removed.exit_code == 0, removed.output
    assert db.read_bytes().startswith(b"SQLite format 3")
    assert not (tmp_path / "me.sqlite3.key").exists()
    plain = _cli(db, "history", "--json")
    assert plain.exit_code == 0 and NOTE in plain.stdout and "second" in plain.stdout


def test_a_short_passphrase_is_refused(tmp_path: Path) -> None:
    result = _cli(
        tmp_path / "x.sqlite3", "passphrase", "set", "--passphrase-stdin", input="short\n"
    )
    assert result.exit_code == 2 and "at least" in result.stderr
    spanish = _cli(
        tmp_path / "x.sqlite3",
        "--language",
        "es",
        "passphrase",
        "set",
        "--passphrase-stdin",
        input="short\n",
    )
    assert spanish.exit_code == 2
    assert "La frase de contraseña necesita al menos 8 caracteres" in " ".join(
        spanish.stderr.split()
    ), spanish.stderr


@pytest.fixture
def locked_app(locked_db: Path, tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=f"sqlite:///{locked_db}", data_dir=tmp_path))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


def test_the_web_app_starts_locked_and_each_client_unlocks_on_its_own(
    locked_app: TestClient,
) -> None:
    c = locked_app
    r = c.get("/api/v1/injections")
    assert r.status_code == 401 and "locked" in r.json()["detail"][0]["msg"]
    page = c.get("/history", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/unlock")
    assert c.get("/unlock").status_code == 200
    assert c.get("/help").status_code == 200  # the help pages work while locked

    wrong = c.post("/api/v1/unlock", json={"passphrase": "not it at all"})
    assert wrong.status_code == 401
    assert wrong.json()["detail"][0]["loc"] == ["body", "passphrase"]
    right = c.post("/api/v1/unlock", json={"passphrase": PASS})
    assert right.status_code == 200
    token = right.json()["access_token"]
    assert NOTE in c.get("/api/v1/injections").text  # this client: by its cookie

    other = TestClient(c.app, base_url="http://127.0.0.1")
    assert other.get("/api/v1/injections").status_code == 401  # the key is loaded, yet...
    bearer = {"Authorization": f"Bearer {token}"}
    assert other.get("/api/v1/injections", headers=bearer).status_code == 200
    assert other.post("/api/v1/injections", json={"region": "deltoid_left"}, headers=bearer)

    assert c.post("/api/v1/lock").status_code == 200
    assert c.get("/api/v1/injections").status_code == 401
    assert other.get("/api/v1/injections", headers=bearer).status_code == 401


def test_the_lock_screen_form_unlocks_and_lock_now_locks(locked_app: TestClient) -> None:
    c = locked_app
    r = c.post("/unlock", data={"passphrase": PASS, "next": "/history"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/history"
    assert "Left forearm" in c.get("/history").text
    assert "Lock now" in c.get("/unlock").text
    r = c.post("/lock", follow_redirects=False)
    assert r.status_code == 303
    assert c.get("/history", follow_redirects=False).status_code == 303


def test_an_unlocked_redirect_never_leaves_the_site(locked_app: TestClient) -> None:
    r = locked_app.post(
        "/unlock", data={"passphrase": PASS, "next": "//evil.example/"}, follow_redirects=False
    )
    assert r.headers["location"] == "/"


def test_personal_mode_listens_beyond_this_machine_only_when_locked(
    tmp_path: Path, locked_db: Path, serve_process: Callable[..., Any]
) -> None:
    plain = tmp_path / "plain.sqlite3"
    assert _cli(plain, "log", "forearm_left").exit_code == 0
    refused = _cli(plain, "serve", "--host", "0.0.0.0")
    assert refused.exit_code == 2
    assert "this machine only" in refused.stderr and "passphrase" in refused.stderr
    assert _cli(plain, "serve", "--host", "192.168.1.20").exit_code == 2
    two = _cli(locked_db, "serve", "--host", "127.0.0.1", "--workers", "2")
    assert two.exit_code == 2

    server = serve_process(f"sqlite:///{locked_db}", "--host", "0.0.0.0")
    with httpx.Client(base_url=server.url, timeout=30) as c:
        assert c.get("/api/v1/injections").status_code == 401
        assert c.post("/api/v1/unlock", json={"passphrase": PASS}).status_code == 200
        assert NOTE in c.get("/api/v1/injections").text
