"""Shared fixtures: real databases (a SQLite file, the PostgreSQL server) and a CLI runner.

PostgreSQL: each test gets its own schema in the server's ``test`` database, dropped afterwards.
Set SITECARE_TEST_POSTGRES_URL to use another server. Without a reachable server the PostgreSQL
variants are skipped locally and fail in CI (CI=true), so CI never passes without them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

PG_URL = os.environ.get("SITECARE_TEST_POSTGRES_URL", "postgresql+psycopg://127.0.0.1:5432/test")
_pg_state: dict[str, object] = {}


def _pg_available() -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""
    if "reason" in _pg_state:
        return _pg_state["reason"]  # type: ignore[return-value]
    import sqlalchemy as sa

    def ping() -> str | None:
        try:
            engine = sa.create_engine(PG_URL)
            with engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
            engine.dispose()
            return None
        except Exception as exc:  # noqa: BLE001 - any failure means "not available"
            return f"PostgreSQL at {PG_URL} is not reachable: {exc.__class__.__name__}"

    reason = ping()
    if reason and shutil.which("pg_ctlcluster") and Path("/etc/postgresql").is_dir():
        for version in os.listdir("/etc/postgresql"):
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
                capture_output=True,
                check=False,
            )
        reason = ping()
    _pg_state["reason"] = reason
    return reason


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'sitecare.sqlite3'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    reason = _pg_available()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    import sqlalchemy as sa

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """Run a test once on a SQLite file and once on the PostgreSQL server."""
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
def open_services(tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """Build service objects on a database URL; their connections are closed after the test."""
    from sitecare.config import Settings
    from sitecare.services.app import Sitecare

    made: list[Sitecare] = []

    def make(url: str, who: Any = None, **settings: Any) -> Sitecare:
        sc = Sitecare(Settings(database_url=url, data_dir=tmp_path, **settings), who=who)
        made.append(sc)
        return sc

    yield make
    for sc in made:
        sc.close()
