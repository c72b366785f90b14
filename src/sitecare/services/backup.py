"""``sitecare backup FILE`` and ``sitecare restore FILE``: a consistent copy while the server
runs, and a restore that checks the file before it replaces anything (SQLite; PostgreSQL has
pg_dump)."""

from __future__ import annotations

from pathlib import Path

from sitecare.storage import backup as sqlite_backup
from sitecare.storage.backup import BackupInfo
from sitecare.storage.engine import Database


class Backups:
    def __init__(self, db: Database) -> None:
        self.db = db

    def backup(self, target: Path) -> BackupInfo:
        """Copy the whole database (every person) to ``target``, as one snapshot."""
        return sqlite_backup.backup(self.db, target)

    def check(self, source: Path) -> BackupInfo:
        """What a backup file holds, after checking it (nothing is changed)."""
        return sqlite_backup.check_file(source)

    def restore(self, source: Path) -> BackupInfo:
        """Replace the whole database with a checked backup."""
        info = sqlite_backup.restore(self.db, source)
        self.db.forget_deleted()  # what the backup replaced leaves no copy in the WAL
        return info
