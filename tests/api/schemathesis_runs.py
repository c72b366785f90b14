"""The two schemathesis runs of ``test_schemathesis.py``: started in the background, judged by
the tests. See that module for what they check.

Each run is a schemathesis process against a real ``sitecare serve`` process; together they
keep both cores of a small machine busy for one to two minutes while the test process only
waits. So in one process (no pytest-xdist workers) they start with the session
(``start_with_the_session`` in tests/conftest.py), the tests are moved to the end of the run,
and the rest of the suite runs meanwhile; each test then waits for its own run and judges it.
Under pytest-xdist both tests are one group, and the runs start when that group's worker comes
to them (the other workers go on with the rest).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Collection
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

HERE = Path(__file__).resolve().parent
SCHEMATHESIS = [sys.executable, str(HERE / "run_schemathesis.py")]
#: no example database: with one, Hypothesis keeps a Pareto front of the examples, shrinks it
#: and writes every entry to disk, at the cost of most of the run (personal server 57.3 s with
#: it, 41.6 s without; program server 77.0 s and 58.1 s), the same 100 examples an operation;
#: a run's folder is new each time, so it never replayed anything. The personal run is one
#: worker thread, as its server answers quickly and two threads only fought over the GIL
#: (45.2 s); the program server's answers take longer, so two threads overlap them there
ARGS = ["--checks", "all", "--max-examples", "100"]
GENERATION = ["--generation-database", "none"]
PHASES = ["--phases", "examples,coverage,fuzzing"]
SECRET = "schemathesis-" + "s" * 40
PASSWORD = "correct horse battery"
TIMEOUT_S = 900
#: the tests that judge the runs (a run starts only when its test is selected)
PERSONAL = "test_the_personal_api_matches_its_document"
PROGRAM = "test_the_program_server_api_matches_its_document"
MODULE = "test_schemathesis"
#: the runs started with the session, when they were (their tests take them from here)
STARTED: dict[str, Run] = {}


class Run:
    """One schemathesis run in the background; its output goes to a file in its folder."""

    def __init__(self, url: str, folder: Path, *headers: str, workers: int) -> None:
        cmd = [
            *SCHEMATHESIS,
            "--config-file",
            str(HERE / "schemathesis.toml"),
            "run",
            *ARGS,
            "--workers",
            str(workers),
            *GENERATION,
            *PHASES,
        ]
        for header in headers:
            cmd += ["--header", header]
        env = {**os.environ, "NO_COLOR": "1", "SCHEMATHESIS_TELEMETRY": "false"}
        self.log = folder / "schemathesis.log"
        with self.log.open("w") as out:
            self.proc = subprocess.Popen(
                [*cmd, f"{url}/openapi.json"],
                cwd=folder,  # Hypothesis's .hypothesis folder stays in the run's folder
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                text=True,
            )

    def result(self) -> str:
        try:
            self.proc.wait(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.stop()
            pytest.fail(f"schemathesis ran over {TIMEOUT_S} s: {self.log.read_text()[-2000:]}")
        out = self.log.read_text()
        summary = [line for line in out.splitlines() if re.search(r"generated|passed|failed", line)]
        print("\n".join(summary[-6:]))
        assert self.proc.returncode == 0, out[-8000:]
        assert re.search(r"\d+ generated, \d+ passed", out), out[-2000:]
        return out

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


def _personal(folder: Path, serve: Callable[..., Any], stack: ExitStack) -> Run:
    server = serve(f"sqlite:///{folder / 'personal.sqlite3'}", data_dir=folder / "data")
    stack.callback(server.stop)
    return Run(server.url, folder, workers=1)


def _program(folder: Path, url: str, serve: Callable[..., Any], stack: ExitStack) -> Run:
    from sitecare.config import CHEAP_HASH_COST, Settings
    from sitecare.services.accounts import Accounts
    from sitecare.services.database import open_database
    from sitecare.services.passwords import hasher

    settings = Settings(database_url=url, data_dir=folder)
    accounts = Accounts(open_database(settings), passwords=hasher(CHEAP_HASH_COST))
    now = datetime.now().astimezone()
    accounts.create_program("Riverside SSP", now=now)
    accounts.add_user("alice", program="Riverside SSP", role="admin", password=PASSWORD, now=now)
    accounts.db.dispose()
    env = {"SITECARE_MODE": "server", "SITECARE_SECRET_KEY": SECRET, "SITECARE_SIGNIN_DELAY": "0"}
    server = serve(url, data_dir=folder / "data", env=env)
    stack.callback(server.stop)
    token = httpx.post(
        f"{server.url}/api/v1/auth/token", data={"username": "alice", "password": PASSWORD}
    ).json()["access_token"]
    client = httpx.post(
        f"{server.url}/api/v1/clients",
        json={"code": "RX-0001"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert client.status_code == 201
    return Run(server.url, folder, f"Authorization: Bearer {token}", workers=2)


def judges(item: pytest.Item) -> bool:
    """One of the tests that judge a run."""
    return item.name in (PERSONAL, PROGRAM) and Path(str(item.path)).stem == MODULE


def wanted(items: Collection[pytest.Item]) -> set[str]:
    """The runs whose tests are among ``items``."""
    return {item.name for item in items if judges(item)}


def start(
    names: set[str],
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    serve: Callable[..., Any],
    stack: ExitStack,
) -> dict[str, Run]:
    """Start the runs named (their servers, then schemathesis); ``stack`` stops them all."""
    started: dict[str, Run] = {}
    if PERSONAL in names:
        folder = tmp_path_factory.mktemp("personal")
        started["personal"] = _personal(folder, serve, stack)
    if PROGRAM in names:
        try:
            pool = request.getfixturevalue("pg_schemas")
        except (pytest.skip.Exception, pytest.fail.Exception):
            pool = None  # the program test is skipped (or fails in CI) on its own
        if pool is not None:
            schema = pool.take()
            stack.callback(pool.give_back, schema)
            folder = tmp_path_factory.mktemp("program")
            started["program"] = _program(folder, pool.url(schema), serve, stack)
    for run in started.values():
        stack.callback(run.stop)
    return started
