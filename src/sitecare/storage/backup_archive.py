"""A backup file with the photos: one zip holding the database snapshot and the photo files.

``sitecare-backup.json`` (the manifest: format, schema, counts, and the SHA-256 and size of
every entry) names ``database.sqlite3`` (the snapshot, from SQLite's online backup) and each
photo file as ``blobs/<address>``: the files the snapshot's photo rows name, as the blob store
keeps them. Photo files are content addressed and never rewritten, so copying them after the
snapshot gives the snapshot's photos (a photo deleted meanwhile is listed as missing).

Reading one checks everything before anything is changed: the manifest, every entry's size and
hash (read with limits, so a zip bomb is refused), then the database itself (``backup``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitecare.domain.errors import NotFound, StorageError
from sitecare.domain.messages import Msg
from sitecare.storage.blobs import MAX_BLOB_BYTES, BlobStore

__all__ = ["Archive", "is_archive", "photo_addresses", "read_archive", "write_archive"]

FORMAT = "sitecare-backup"
VERSION = 1
MANIFEST = "sitecare-backup.json"
DATABASE = "database.sqlite3"
MAX_ENTRIES = 200_000
_CHUNK = 1024 * 1024
_ADDRESS = re.compile(r"[0-9a-f]{32}")
NOT_A_BACKUP = Msg("This zip file is not a sitecare backup. Nothing was changed.")


def is_archive(path: Path) -> bool:
    """A zip file (a backup with photos), not a plain SQLite backup."""
    with path.open("rb") as fh:
        return fh.read(4) == b"PK\x03\x04"


def photo_addresses(snapshot: Path) -> list[str]:
    """The photo files a database snapshot's photo rows name."""
    conn = sqlite3.connect(f"file:{snapshot}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "photo" not in tables:
            return []
        return [str(r[0]) for r in conn.execute("SELECT DISTINCT address FROM photo ORDER BY 1")]
    finally:
        conn.close()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write_archive(
    target: Path, snapshot: Path, info: dict[str, Any], blobs: BlobStore
) -> list[str]:
    """Write the snapshot and its photo files to ``target`` (atomically); the addresses of
    the photo files written (one deleted after the snapshot is listed in the manifest as
    missing)."""
    missing: list[str] = []
    written: list[str] = []
    entries: dict[str, dict[str, Any]] = {
        DATABASE: {"sha256": _file_sha256(snapshot), "size": snapshot.stat().st_size}
    }
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".sitecare-backup-")
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", allowZip64=True) as zf:
            zf.write(snapshot, DATABASE, compress_type=zipfile.ZIP_DEFLATED)
            for address in photo_addresses(snapshot):
                try:
                    data = blobs.get(address)
                except NotFound:
                    missing.append(address)
                    continue
                name = f"blobs/{address}"
                zf.writestr(name, data, compress_type=zipfile.ZIP_STORED)
                entries[name] = {"sha256": _sha256(data), "size": len(data)}
                written.append(address)
            manifest = {"format": FORMAT, "version": VERSION, **info, "entries": entries}
            manifest["missing_photo_files"] = missing
            zf.writestr(MANIFEST, json.dumps(manifest, indent=2) + "\n")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return written


@dataclass
class Archive:
    """A checked backup archive: its database unpacked into ``database`` (a private file),
    and the photo files it holds (address -> entry name)."""

    path: Path
    database: Path
    manifest: dict[str, Any]
    blobs: dict[str, str] = field(default_factory=dict)

    def put_blobs(self, store: BlobStore) -> int:
        """Copy every photo file into ``store`` (the same address, the same bytes)."""
        with zipfile.ZipFile(self.path) as zf:
            for address, name in self.blobs.items():
                store.put(_read(zf, name, self.manifest["entries"][name]), key=address)
        return len(self.blobs)


def _refuse(problem: str) -> StorageError:
    """``This backup is damaged: ...``, said in the person's language (``problem`` a Msg)."""
    return StorageError(
        Msg("This backup is damaged: %(problem)s. Nothing was changed.", problem=problem)
    )


def _read(zf: zipfile.ZipFile, name: str, entry: dict[str, Any]) -> bytes:
    size = int(entry.get("size", -1))
    if not 0 <= size <= MAX_BLOB_BYTES or zf.getinfo(name).file_size != size:
        raise _refuse(Msg("%(name)s has the wrong size", name=name))
    with zf.open(name) as fh:
        data = fh.read(size + 1)
    if len(data) != size or _sha256(data) != entry.get("sha256"):
        raise _refuse(Msg("%(name)s does not match its checksum", name=name))
    return data


def _manifest(zf: zipfile.ZipFile) -> dict[str, Any]:
    if len(zf.infolist()) > MAX_ENTRIES:
        raise _refuse(Msg("it holds too many files"))
    try:
        with zf.open(MANIFEST) as fh:
            manifest = json.loads(fh.read(16 * 1024 * 1024 + 1))
    except KeyError:
        raise StorageError(NOT_A_BACKUP) from None
    except ValueError:
        raise _refuse(Msg("%(name)s is not valid JSON", name=MANIFEST)) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise StorageError(NOT_A_BACKUP)
    if manifest.get("version") != VERSION or not isinstance(manifest.get("entries"), dict):
        raise StorageError(
            Msg("The backup was written by another sitecare. Nothing was changed."),
            hint=Msg("Restore it with the sitecare version that made it."),
        )
    return manifest


def _unpack_database(zf: zipfile.ZipFile, entry: dict[str, Any], target: Path) -> None:
    size = int(entry.get("size", -1))
    try:
        info = zf.getinfo(DATABASE)
    except KeyError:
        raise _refuse(Msg("it has no %(name)s", name=DATABASE)) from None
    if info.file_size != size:
        raise _refuse(Msg("%(name)s has the wrong size", name=DATABASE))
    digest = hashlib.sha256()
    with zf.open(info) as src, target.open("wb") as dst:
        copied = 0
        while chunk := src.read(_CHUNK):
            copied += len(chunk)
            if copied > size:
                raise _refuse(Msg("%(name)s is larger than it says", name=DATABASE))
            digest.update(chunk)
            dst.write(chunk)
    if digest.hexdigest() != entry.get("sha256"):
        raise _refuse(Msg("%(name)s does not match its checksum", name=DATABASE))


def _check(path: Path, folder: Path) -> Archive:
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = _manifest(zf)
            entries = manifest["entries"]
            archive = Archive(path, folder / DATABASE, manifest)
            _unpack_database(zf, entries.get(DATABASE) or {}, archive.database)
            for name, entry in entries.items():
                if not name.startswith("blobs/"):
                    continue
                address = name.removeprefix("blobs/")
                if not _ADDRESS.fullmatch(address) or not isinstance(entry, dict):
                    raise _refuse(Msg("%(name)s is not a photo file", name=repr(name[:60])))
                _read(zf, name, entry)  # checked now; copied only once all is well
                archive.blobs[address] = name
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, KeyError, OSError) as exc:
        said = Msg("the zip file cannot be read (%(error)s)", error=type(exc).__name__)
        raise _refuse(said) from None
    return archive


@contextlib.contextmanager
def read_archive(path: Path, workdir: Path) -> Iterator[Archive]:
    """Check a backup archive (every entry's size and checksum) and unpack its database into
    a private file in ``workdir``, removed afterwards."""
    folder = Path(tempfile.mkdtemp(dir=workdir, prefix=".sitecare-restore-"))
    try:
        yield _check(path, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
