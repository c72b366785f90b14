"""schemathesis over the whole OpenAPI document, against real ``sitecare serve`` processes.

Every check (``--checks all``), at least 100 examples per operation, the examples, coverage
and fuzzing phases, on a personal server (SQLite) and a program server (PostgreSQL, signed in
as an admin). It must find nothing: no server error, no answer that differs from the document.
See ``schemathesis.toml`` beside this file for the one check that is told about 422s.

Both runs start together, when the first of the two tests begins (each schemathesis process
is mostly one busy thread, so two of them keep both cores of a small machine busy); each test
then waits for its own run and judges it. The program server waits no time after a failed
sign-in (``SITECARE_SIGNIN_DELAY=0``): schemathesis guesses passwords hundreds of times, and the
waits, tested in ``tests/server``, would only make it sleep. Passwords are hashed at the test
cost, as everywhere in the suite.

Under pytest-xdist both tests are one group (one worker): every worker collects both, so each
worker that ran one of them started both runs, and the suite ran schemathesis three or four
times instead of twice.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.xdist_group("schemathesis")  # the runs start together, in one worker

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


@pytest.fixture(scope="module")
def runs(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    serve_anywhere: Callable[..., Any],
) -> Iterator[dict[str, Run]]:
    """The runs of the tests selected in this module, all started at once."""
    wanted = {item.name for item in request.session.items if item.module is request.module}
    started: dict[str, Run] = {}
    with ExitStack() as stack:
        if test_the_personal_api_matches_its_document.__name__ in wanted:
            folder = tmp_path_factory.mktemp("personal")
            started["personal"] = _personal(folder, serve_anywhere, stack)
        if test_the_program_server_api_matches_its_document.__name__ in wanted:
            try:
                pool = request.getfixturevalue("pg_schemas")
            except (pytest.skip.Exception, pytest.fail.Exception):
                pool = None  # the program test is skipped (or fails in CI) on its own
            if pool is not None:
                schema = pool.take()
                stack.callback(pool.give_back, schema)
                folder = tmp_path_factory.mktemp("program")
                started["program"] = _program(folder, pool.url(schema), serve_anywhere, stack)
        for run in started.values():
            stack.callback(run.stop)
        yield started


def test_the_personal_api_matches_its_document(runs: dict[str, Run]) -> None:
    runs["personal"].result()


@pytest.mark.postgres
def test_the_program_server_api_matches_its_document(runs: dict[str, Run], pg_schemas: Any) -> None:
    runs["program"].result()
