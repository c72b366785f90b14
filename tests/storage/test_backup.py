"""sitecare backup / restore: a consistent copy while another connection writes, and a restore
that checks the file before it replaces anything."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sitecare.cli.app import app
from sitecare.domain.errors import StorageError
from sitecare.services.app import Sitecare

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
Open = Callable[..., Sitecare]


def _log(sc: Sitecare, n: int) -> int:
    at = NOW - timedelta(minutes=n)
    return sc.records.log_injection(
        now=NOW, at=at, region="forearm_left", route="intravenous"
    ).injection.id


def _ids(sc: Sitecare) -> set[int]:
    return {i.id for i in sc.records.history(now=NOW)}


def _integrity(path: Path) -> list[Any]:
    """integrity_check of a database, or of the snapshot inside a backup archive."""
    if zipfile.is_zipfile(path):
        inner = path.with_name(path.name + ".inner.sqlite3")
        with zipfile.ZipFile(path) as zf:
            inner.write_bytes(zf.read("database.sqlite3"))
        path = inner
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("PRAGMA integrity_check")]


def _plain_backup(sc: Sitecare, target: Path) -> None:
    """A backup as sitecare wrote them before photos: the SQLite file alone."""
    from sitecare.storage import backup as sqlite_backup

    sqlite_backup.backup(sc.db, target)


def test_a_backup_taken_during_a_write_loop_holds_every_acknowledged_write(
    open_services: Open, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    writer, backer = open_services(url), open_services(url)
    writer.db.ensure_schema()
    acknowledged: list[int] = []
    stop = threading.Event()

    def write_loop() -> None:
        n = 0
        while not stop.is_set():
            acknowledged.append(_log(writer, n))  # appended only once the commit returned
            n += 1

    thread = threading.Thread(target=write_loop)
    thread.start()
    try:
        while len(acknowledged) < 40:
            time.sleep(0.01)
        before = set(acknowledged)
        info = backer.backups.backup(tmp_path / "copy.sqlite3")
        after = set(acknowledged)
        while len(acknowledged) < len(after) + 20:  # the writer went on during and after it
            time.sleep(0.01)
    finally:
        stop.set()
        thread.join()
    assert _integrity(tmp_path / "copy.sqlite3") == ["ok"]
    restored = open_services(f"sqlite:///{tmp_path / 'restored.sqlite3'}")
    restored.backups.restore(tmp_path / "copy.sqlite3")
    ids = _ids(restored)
    print(
        f"backup during writes: {len(before)} acknowledged before, {len(ids)} in the copy, "
        f"{len(after)} acknowledged when it finished, {len(acknowledged)} in all"
    )
    assert before <= ids, "an acknowledged write is missing from the backup"
    assert ids <= after | {max(after) + 1}  # one snapshot: nothing from after it finished
    assert info.injections == len(ids)
    assert _integrity(tmp_path / "restored.sqlite3") == ["ok"]


def test_a_restore_replaces_everything_with_the_backup(open_services: Open, tmp_path: Path) -> None:
    sc = open_services(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    kept = {_log(sc, n) for n in range(3)}
    sc.backups.backup(tmp_path / "b.sqlite3")
    _log(sc, 10)
    sc.records.delete_injection(min(kept), now=NOW)
    info = sc.backups.restore(tmp_path / "b.sqlite3")
    assert info.injections == 3 and _ids(sc) == kept
    again = open_services(f"sqlite:///{tmp_path / 'db.sqlite3'}")  # a new process sees it too
    assert _ids(again) == kept


@pytest.mark.parametrize("damage", ["truncated", "text", "foreign", "newer", "corrupt"])
def test_a_bad_backup_is_refused_and_nothing_changes(
    open_services: Open, tmp_path: Path, sqlite_copy: Callable[[str], str], damage: str
) -> None:
    sc = open_services(sqlite_copy("db.sqlite3"))
    mine = {_log(sc, n) for n in range(2)}
    bad = tmp_path / "bad.sqlite3"
    other = open_services(sqlite_copy("other.sqlite3"))
    for n in range(300):
        _log(other, n)
    _plain_backup(other, bad)  # damaged the way an old plain SQLite backup can be
    if damage == "truncated":
        bad.write_bytes(bad.read_bytes()[: bad.stat().st_size // 2])
    elif damage == "text":
        bad.write_text("not a database")
    elif damage == "foreign":
        bad.unlink()
        with sqlite3.connect(bad) as conn:
            conn.execute("CREATE TABLE notes (x)")
    elif damage == "newer":
        with sqlite3.connect(bad) as conn:
            conn.execute("UPDATE alembic_version SET version_num = '9999'")
    else:
        data = bytearray(bad.read_bytes())
        data[4096 * 3 : 4096 * 3 + 200] = b"\xff" * 200  # one page of a table overwritten
        bad.write_bytes(bytes(data))
    with pytest.raises(StorageError) as caught:
        sc.backups.restore(bad)
    assert "Nothing was changed" in caught.value.message
    assert _ids(sc) == mine
    assert _integrity(tmp_path / "db.sqlite3") == ["ok"]


@pytest.mark.postgres
def test_postgresql_points_to_pg_dump(
    open_services: Open, postgres_url: str, tmp_path: Path
) -> None:
    sc = open_services(postgres_url)
    with pytest.raises(StorageError, match="pg_dump"):
        sc.backups.backup(tmp_path / "x.sqlite3")
    with pytest.raises(StorageError, match="pg_dump"):
        sc.backups.restore(tmp_path / "x.sqlite3")


def test_the_cli_backs_up_and_restores(open_services: Open, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    sc = open_services(url)
    ids = {_log(sc, n) for n in range(4)}
    sc.close()
    runner = CliRunner()
    env = {"SITECARE_DATABASE_URL": url}
    copy = tmp_path / "copy.sqlite3"
    done = runner.invoke(app, ["backup", str(copy), "--json"], env=env)
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["injections"] == 4
    runner.invoke(app, ["log", "forearm_right", "--route", "intravenous"], env=env)
    asked = runner.invoke(app, ["restore", str(copy)], env=env)
    assert asked.exit_code == 2 and "--yes" in asked.stderr
    missing = runner.invoke(app, ["restore", str(tmp_path / "none.sqlite3"), "--yes"], env=env)
    assert missing.exit_code == 2
    restored = runner.invoke(app, ["restore", str(copy), "--yes"], env=env)
    assert restored.exit_code == 0, restored.output
    history = json.loads(runner.invoke(app, ["history", "--json"], env=env).stdout)
    assert {i["id"] for i in history} == ids


def test_sitecare_backup_while_sitecare_serve_writes(
    serve_process: Callable[..., Any], tmp_path: Path, open_services: Open
) -> None:
    """The real thing: a server process takes injections over HTTP while another process runs
    ``sitecare backup``; the copy restores integrity-clean with every acknowledged write."""
    import os
    import subprocess
    import sys

    import httpx

    url = f"sqlite:///{tmp_path / 'served.sqlite3'}"
    server = serve_process(url)
    acknowledged: list[int] = []
    stop = threading.Event()

    def post_loop() -> None:
        with httpx.Client(base_url=server.url, timeout=10) as http:
            while not stop.is_set():
                r = http.post("/api/v1/injections", json={"region": "forearm_left"})
                if r.status_code == 201:
                    acknowledged.append(r.json()["id"])

    thread = threading.Thread(target=post_loop)
    thread.start()
    try:
        while len(acknowledged) < 30:
            time.sleep(0.02)
        before = set(acknowledged)
        exe = str(Path(sys.executable).with_name("sitecare"))
        env = {**os.environ, "SITECARE_DATABASE_URL": url, "SITECARE_DATA_DIR": str(tmp_path)}
        done = subprocess.run(
            [exe, "backup", str(tmp_path / "copy.sqlite3"), "--json"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        after = set(acknowledged)
        while len(acknowledged) < len(after) + 10:
            time.sleep(0.02)
    finally:
        stop.set()
        thread.join()
    assert done.returncode == 0, done.stderr
    assert _integrity(tmp_path / "copy.sqlite3") == ["ok"]
    restored = open_services(f"sqlite:///{tmp_path / 'restored.sqlite3'}")
    restored.backups.restore(tmp_path / "copy.sqlite3")
    ids = _ids(restored)
    print(
        f"backup while serving: {len(before)} acknowledged before, {len(ids)} in the copy, "
        f"{len(after)} acknowledged when it finished, {len(acknowledged)} in all"
    )
    assert before <= ids
    assert ids <= after | {max(after) + n for n in (1, 2)}  # at most what was in flight
    assert _integrity(tmp_path / "restored.sqlite3") == ["ok"]
