"""schemathesis over the whole OpenAPI document, against real ``sitecare serve`` processes.

Every check (``--checks all``), at least 100 examples per operation, the examples, coverage
and fuzzing phases, on a personal server (SQLite) and a program server (PostgreSQL, signed in
as an admin). It must find nothing: no server error, no answer that differs from the document.
See ``schemathesis.toml`` beside this file for the one check that is told about 422s.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

HERE = Path(__file__).resolve().parent
SCHEMATHESIS = [sys.executable, str(HERE / "run_schemathesis.py")]
ARGS = ["--checks", "all", "--max-examples", "100", "--workers", "2"]
PHASES = ["--phases", "examples,coverage,fuzzing"]
SECRET = "schemathesis-" + "s" * 40
PASSWORD = "correct horse battery"


def _run(url: str, tmp_path: Path, *headers: str) -> str:
    cmd = [*SCHEMATHESIS, "--config-file", str(HERE / "schemathesis.toml"), "run", *ARGS, *PHASES]
    for header in headers:
        cmd += ["--header", header]
    env = {**os.environ, "NO_COLOR": "1", "SCHEMATHESIS_TELEMETRY": "false"}
    done = subprocess.run(
        [*cmd, f"{url}/openapi.json"],
        cwd=tmp_path,  # its example database stays in the test's folder
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    out = done.stdout + done.stderr
    summary = [line for line in out.splitlines() if re.search(r"generated|passed|failed", line)]
    print("\n".join(summary[-6:]))
    assert done.returncode == 0, out[-8000:]
    assert re.search(r"\d+ generated, \d+ passed", out), out[-2000:]
    return out


def test_the_personal_api_matches_its_document(
    tmp_path: Path, serve_process: Callable[..., Any]
) -> None:
    server = serve_process(f"sqlite:///{tmp_path / 'personal.sqlite3'}")
    _run(server.url, tmp_path)


@pytest.mark.postgres
def test_the_program_server_api_matches_its_document(
    tmp_path: Path, postgres_url: str, serve_process: Callable[..., Any]
) -> None:
    from datetime import datetime

    from sitecare.config import CHEAP_HASH_COST, Settings
    from sitecare.services.accounts import Accounts
    from sitecare.services.database import open_database
    from sitecare.services.passwords import hasher

    settings = Settings(database_url=postgres_url, data_dir=tmp_path)
    accounts = Accounts(open_database(settings), passwords=hasher(CHEAP_HASH_COST))
    now = datetime.now().astimezone()
    accounts.create_program("Riverside SSP", now=now)
    accounts.add_user("alice", program="Riverside SSP", role="admin", password=PASSWORD, now=now)
    accounts.db.dispose()
    server = serve_process(
        postgres_url, env={"SITECARE_MODE": "server", "SITECARE_SECRET_KEY": SECRET}
    )
    token = httpx.post(
        f"{server.url}/api/v1/auth/token", data={"username": "alice", "password": PASSWORD}
    ).json()["access_token"]
    client = httpx.post(
        f"{server.url}/api/v1/clients",
        json={"code": "RX-0001"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert client.status_code == 201
    _run(server.url, tmp_path, f"Authorization: Bearer {token}")
