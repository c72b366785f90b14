"""Server-mode fixtures: a program server on a real database, and the test personas.

Personas (healthchecks' habit): at Riverside SSP, Alice is the admin and Bob a worker; Erin was
a worker there and is disabled. At Hilltop Clinic, Charlie is the admin and Dave a worker.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sitecare.config import CHEAP_HASH_COST, Settings
from sitecare.services import passwords
from sitecare.services.accounts import Accounts
from sitecare.services.app import open_database
from sitecare.web.app import create_app

SECRET = "k" * 20 + "0123456789abcdefghijklmnop"
PASSWORD = "correct horse battery"
RIVERSIDE = "Riverside SSP"
HILLTOP = "Hilltop Clinic"
PERSONAS = {
    "alice": (RIVERSIDE, "admin"),
    "bob": (RIVERSIDE, "worker"),
    "erin": (RIVERSIDE, "worker"),
    "charlie": (HILLTOP, "admin"),
    "dave": (HILLTOP, "worker"),
}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def server_settings(url: str, tmp_path: Path, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "hash_cost": CHEAP_HASH_COST,  # the test cost (tests/conftest.py)
        "mode": "server",
        "secret_key": SECRET,
        "signin_delay_s": 0.0,
        "allowed_hosts": ("sitecare.example.org",),  # the public name behind a proxy
    }
    values.update(extra)
    return Settings(database_url=url, data_dir=tmp_path, **values)


def seed(url: str, tmp_path: Path, personas: dict[str, tuple[str, str]] = PERSONAS) -> None:
    settings = server_settings(url, tmp_path)
    accounts = Accounts(open_database(settings), passwords=passwords.for_settings(settings))
    now = datetime.now().astimezone()
    for program in sorted({p for p, _ in personas.values()}):
        accounts.create_program(program, now=now)
    for name, (program, role) in personas.items():
        accounts.add_user(name, program=program, role=role, password=PASSWORD, now=now)
    accounts.db.dispose()


@dataclass
class ProgramServer:
    url: str
    tmp_path: Path
    app: Any
    client: TestClient
    tokens: dict[str, str] = field(default_factory=dict)

    def token(self, name: str) -> str:
        if name not in self.tokens:
            r = self.client.post(
                "/api/v1/auth/token", data={"username": name, "password": PASSWORD}
            )
            assert r.status_code == 200, r.text
            self.tokens[name] = r.json()["access_token"]
        return self.tokens[name]

    @contextmanager
    def accounts(self) -> Iterator[Accounts]:
        """The account service on the server's database (what the admin commands use)."""
        settings = server_settings(self.url, self.tmp_path)
        acc = Accounts(open_database(settings), passwords=passwords.for_settings(settings))
        try:
            yield acc
        finally:
            acc.db.dispose()

    def as_(self, name: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(name)}"}

    def browser(self, name: str | None = None) -> TestClient:
        """A separate cookie jar (a browser), signed in as ``name`` through the form."""
        c = TestClient(self.app, base_url="http://127.0.0.1")
        if name is not None:
            sign_in(c, name)
        return c


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no CSRF field in the page"
    return found.group(1)


def open_client(c: TestClient, code: str) -> str:
    """Open (or make) the client ``code`` as a signed-in worker does; the client page's path."""
    page = c.get(f"/clients?code={code}")
    r = c.post(
        "/clients", data={"code": code, "csrf_token": csrf_of(page.text)}, follow_redirects=False
    )
    return str(r.headers["location"].split("?")[0])


def sign_in(c: TestClient, name: str, password: str = PASSWORD) -> Any:
    page = c.get("/signin")
    assert page.status_code == 200
    return c.post(
        "/signin",
        data={"username": name, "password": password, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )


@pytest.fixture
def make_server(tmp_path: Path) -> Iterator[Callable[..., ProgramServer]]:
    made: list[TestClient] = []

    def make(url: str, *, seeded: bool = True, **extra: Any) -> ProgramServer:
        if seeded:
            seed(url, tmp_path)
        app = create_app(server_settings(url, tmp_path, **extra))
        client = TestClient(app, base_url="http://127.0.0.1")
        client.__enter__()
        made.append(client)
        return ProgramServer(url, tmp_path, app, client)

    yield make
    for c in made:
        c.__exit__(None, None, None)


@pytest.fixture
def pg_server(postgres_url: str, make_server: Callable[..., ProgramServer]) -> ProgramServer:
    """A program server with the personas, on the real PostgreSQL server."""
    return make_server(postgres_url)


@pytest.fixture
def server(db_url: str, make_server: Callable[..., ProgramServer]) -> ProgramServer:
    """The same on SQLite and on PostgreSQL."""
    return make_server(db_url)
