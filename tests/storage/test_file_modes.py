"""A new personal database is private: the file 0600 (its -wal and -shm too), the data folder
0700 (issue 10, item 10)."""

from __future__ import annotations

import os
import stat
from datetime import datetime
from pathlib import Path

from sitecare.config import Settings
from sitecare.services.app import Sitecare


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_default_database_and_its_folder_are_private(tmp_path: Path) -> None:
    old = os.umask(0o022)  # a usual umask: files would be 0644 and folders 0755
    try:
        data = tmp_path / "home" / ".local" / "share" / "sitecare"
        settings = Settings.from_env()
        settings = Settings(
            database_url=f"sqlite:///{data / 'sitecare.sqlite3'}",
            data_dir=data,
            lock_timeout_s=settings.lock_timeout_s,
        )
        with Sitecare(settings) as sc:
            now = datetime.now().astimezone()
            sc.records.log_injection(region="forearm_left", at=now, now=now)
            db = data / "sitecare.sqlite3"
            assert _mode(data) == 0o700
            assert _mode(db) == 0o600
            for extra in ("-wal", "-shm"):
                side = Path(f"{db}{extra}")
                if side.exists():
                    assert _mode(side) == 0o600, extra
    finally:
        os.umask(old)


def test_a_database_file_named_on_the_command_line_is_created_private(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        db = tmp_path / "mine.sqlite3"
        with Sitecare(Settings(database_url=f"sqlite:///{db}", data_dir=tmp_path)) as sc:
            now = datetime.now().astimezone()
            sc.records.log_injection(region="forearm_left", at=now, now=now)
        assert _mode(db) == 0o600
    finally:
        os.umask(old)
