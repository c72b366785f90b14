"""``sitecare backup FILE`` and ``sitecare restore FILE``: a consistent copy while the server
runs, and a restore that checks the file before it replaces anything (SQLite; PostgreSQL has
pg_dump).

A backup is one zip file (``storage.backup_archive``): the database snapshot and the photo
files its photo rows name. A restore checks the whole file first, then puts the photo files
back, then the database; photo files no restored photo names are removed afterwards (they
belong to what the restore replaced). An old backup (a plain SQLite file) restores as before.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sitecare.domain.errors import InvalidInput
from sitecare.domain.messages import Msg
from sitecare.storage import backup as sqlite_backup
from sitecare.storage.backup import BackupInfo
from sitecare.storage.backup_archive import Archive, is_archive, read_archive, write_archive
from sitecare.storage.blobs import BlobStore
from sitecare.storage.engine import Database
from sitecare.storage.photos import referenced


class Backups:
    def __init__(self, db: Database, blobs: BlobStore | None = None) -> None:
        self.db = db
        self.blobs = blobs

    def backup(self, target: Path) -> BackupInfo:
        """Copy the whole database (every person) and its photo files to ``target``, as one
        snapshot (a plain SQLite copy when there is no photo store)."""
        if self.blobs is None:
            return sqlite_backup.backup(self.db, target)
        sqlite_backup.sqlite_only(self.db, "backup")
        folder = sqlite_backup.folder_of(target)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".sitecare-snapshot-")
        os.close(fd)
        try:
            info = sqlite_backup.backup(self.db, Path(tmp))
            manifest = {"schema": info.schema, "injections": info.injections, "checks": info.checks}
            photos = len(write_archive(target, Path(tmp), manifest, self.blobs))
        finally:
            Path(tmp).unlink(missing_ok=True)
        return dataclasses.replace(info, photos=photos)

    @contextlib.contextmanager
    def _opened(self, source: Path) -> Iterator[Archive | None]:
        sqlite_backup.sqlite_only(self.db, "restore")
        if not source.is_file():
            raise InvalidInput(Msg("There is no file %(path)s.", path=str(source)), field="FILE")
        if not is_archive(source):
            yield None
            return
        assert self.db.path is not None
        with read_archive(source, self.db.path.parent) as archive:
            yield archive

    def check(self, source: Path) -> BackupInfo:
        """What a backup file holds, after checking it (nothing is changed)."""
        with self._opened(source) as archive:
            if archive is None:
                return sqlite_backup.check_file(source)
            info = sqlite_backup.check_file(archive.database)
            return dataclasses.replace(info, photos=len(archive.blobs))

    def restore(self, source: Path) -> BackupInfo:
        """Replace the whole database (and its photo files) with a checked backup."""
        with self._opened(source) as archive:
            if archive is None:
                info = sqlite_backup.restore(self.db, source)
            else:
                sqlite_backup.check_file(archive.database)  # before any file is put back
                photos = archive.put_blobs(self.blobs) if self.blobs is not None else 0
                info = dataclasses.replace(
                    sqlite_backup.restore(self.db, archive.database), photos=photos
                )
        self.db.forget_deleted()  # what the backup replaced leaves no copy in the WAL
        self._drop_unused()
        return info

    def _drop_unused(self) -> None:
        """Remove the photo files no restored photo names (they were the replaced records')."""
        if self.blobs is None:
            return
        stored = set(self.blobs.keys())
        with self.db.reading() as s:
            used = referenced(s, stored)
        for address in stored - used:
            self.blobs.delete(address)
