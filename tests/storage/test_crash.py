"""Crash test: writers and the server killed with SIGKILL mid-run lose no acknowledged write.

Two writer processes record injections as fast as they can, one through a real ``sitecare serve``
over HTTP and one straight through the services (as the CLI does); each appends the note of
every write it saw acknowledged to a file. The server is killed (SIGKILL) twice mid-run and
started again, the direct writer is killed mid-run, the HTTP writer at the end. Every
acknowledged note must be stored, and on SQLite ``PRAGMA integrity_check`` must answer ``ok``.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

HTTP_WRITER = r"""
import sys, time, httpx
url_file, acks, tag = sys.argv[1], sys.argv[2], sys.argv[3]
n = 0
with open(acks, "a", buffering=1) as out:
    while True:
        n += 1
        note = f"{tag}-{n}"
        try:
            base = open(url_file).read().strip()
            r = httpx.post(base + "/api/v1/injections", timeout=5,
                           json={"region": "forearm_left", "note": note})
        except (httpx.HTTPError, OSError):
            time.sleep(0.02)
            continue
        if r.status_code == 201:
            out.write(note + "\n")
"""

DIRECT_WRITER = r"""
import sys
from datetime import datetime
from pathlib import Path
from sitecare.config import Settings
from sitecare.domain.errors import StorageError
from sitecare.services.app import Sitecare
url, acks, tag = sys.argv[1], sys.argv[2], sys.argv[3]
settings = Settings(database_url=url, data_dir=Path("."))
with Sitecare(settings) as sc, open(acks, "a", buffering=1) as out:
    n = 0
    while True:
        n += 1
        now = datetime.now().astimezone()
        try:
            sc.records.log_injection(region="deltoid_left", at=now, now=now, note=f"{tag}-{n}")
        except StorageError:
            continue
        out.write(f"{tag}-{n}\n")
"""


def _spawn(code: str, *args: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SITECARE_")}
    return subprocess.Popen([sys.executable, "-c", code, *args], env=env)


def _wait_for(condition: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the writers did not write"
        time.sleep(0.05)


def _acked(path: Path) -> set[str]:
    if not path.exists():
        return set()
    return {line for line in path.read_text().splitlines() if line.strip()}


def test_sigkill_of_writers_and_server_loses_no_acknowledged_write(
    db_url: str, tmp_path: Path, serve_process: Callable[..., Any]
) -> None:
    url_file = tmp_path / "server-url"
    http_acks, direct_acks = tmp_path / "http.acks", tmp_path / "direct.acks"
    server = serve_process(db_url)
    url_file.write_text(server.url)
    http = _spawn(HTTP_WRITER, str(url_file), str(http_acks), "http")
    direct = _spawn(DIRECT_WRITER, db_url, str(direct_acks), "direct")
    kills = 0
    try:
        for _round in range(2):
            # kill mid-run: once both writers are writing (start-up is slow on a busy machine)
            need = 10 * (_round + 1)
            _wait_for(lambda: len(_acked(http_acks)) >= need)  # noqa: B023 - called at once
            if _round == 0:
                _wait_for(lambda: len(_acked(direct_acks)) >= 10)
            time.sleep(0.5)
            server.kill()  # SIGKILL, mid-write
            kills += 1
            if _round == 0:
                os.kill(direct.pid, signal.SIGKILL)
                direct.wait(timeout=10)
            time.sleep(0.3)
            server = serve_process(db_url)
            url_file.write_text(server.url)
        _wait_for(lambda: len(_acked(http_acks)) >= 40)
    finally:
        for proc in (http, direct):
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    acked = _acked(http_acks) | _acked(direct_acks)
    assert kills == 2
    assert len(_acked(http_acks)) >= 40 and len(_acked(direct_acks)) >= 10, len(acked)

    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        stored = set(conn.execute(sa.text("SELECT note FROM injection")).scalars())
    engine.dispose()
    lost = acked - stored
    print(
        f"\n{len(acked)} acknowledged writes, {len(stored)} stored, {len(lost)} lost, {kills} kills"
    )
    assert not lost, sorted(lost)[:10]
    if db_url.startswith("sqlite"):
        with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
