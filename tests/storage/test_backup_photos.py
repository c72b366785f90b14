"""sitecare backup with the photos: one zip of the snapshot and its photo files, checked whole
before a restore changes anything; old plain SQLite backups still restore."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from tests.exports.conftest import NOW_TEXT, load_sample_with_photos
from typer.testing import CliRunner

from sitecare.cli.app import app
from sitecare.domain.errors import NotFound, StorageError
from sitecare.services.app import Sitecare

NOW = datetime.fromisoformat(NOW_TEXT)
Open = Callable[..., Sitecare]


def _images(sc: Sitecare) -> dict[str, bytes]:
    return {p.uid: sc.photos.image(p.id, now=NOW)[1] for p in sc.photos.list_photos(now=NOW)}


def _files(sc: Sitecare) -> set[str]:
    return set(sc.photos.blobs.keys())


@pytest.fixture
def sample(open_services: Open, sqlite_copy: Callable[[str], str]) -> Sitecare:
    return load_sample_with_photos(open_services(sqlite_copy("live.sqlite3")))


def test_the_backup_holds_the_snapshot_and_its_photo_files(
    sample: Sitecare, open_services: Open, tmp_path: Path
) -> None:
    info = sample.backups.backup(tmp_path / "b.zip")
    assert (info.injections, info.checks, info.photos) == (6, 2, 3)
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        manifest = json.loads(zf.read("sitecare-backup.json"))
        names = set(zf.namelist())
    assert manifest["format"] == "sitecare-backup" and manifest["missing_photo_files"] == []
    assert names == {"sitecare-backup.json", "database.sqlite3"} | {
        f"blobs/{a}" for a in _files(sample)
    }
    fresh = open_services(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")  # its own photo folder
    assert fresh.backups.check(tmp_path / "b.zip").photos == 3
    restored = fresh.backups.restore(tmp_path / "b.zip")
    assert restored.photos == 3
    assert _images(fresh) == _images(sample)  # byte for byte


def test_a_restore_brings_back_deleted_photos_and_drops_newer_ones(
    sample: Sitecare, tmp_path: Path
) -> None:
    before, files = _images(sample), _files(sample)
    sample.backups.backup(tmp_path / "b.zip")
    first = sample.photos.list_photos(now=NOW)[0]
    sample.photos.delete(first.id, now=NOW)
    from tests.photos.helpers import jpeg_from_camera

    newer = sample.photos.add(first.check_id, jpeg_from_camera(width=90, height=50), now=NOW)
    assert newer.address in _files(sample)
    sample.backups.restore(tmp_path / "b.zip")
    assert _images(sample) == before
    assert _files(sample) == files  # the newer photo's file went with its row


@pytest.mark.parametrize("damage", ["photo", "database", "manifest", "truncated", "foreign"])
def test_a_damaged_archive_is_refused_and_nothing_changes(
    sample: Sitecare, tmp_path: Path, damage: str
) -> None:
    good, bad = tmp_path / "good.zip", tmp_path / "bad.zip"
    sample.backups.backup(good)
    before, files = _images(sample), _files(sample)
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if damage == "photo" and item.filename.startswith("blobs/"):
                data = data[:-3] + b"xyz"
            if damage == "database" and item.filename == "database.sqlite3":
                data = data[:100] + b"\x00" * 50 + data[150:]
            if damage == "manifest" and item.filename == "sitecare-backup.json":
                continue
            if damage == "foreign" and item.filename == "sitecare-backup.json":
                data = json.dumps({"format": "something-else"}).encode()
            dst.writestr(item, data)
    if damage == "truncated":
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(StorageError) as caught:
        sample.backups.restore(bad)
    assert "Nothing was changed" in caught.value.message
    assert _images(sample) == before and _files(sample) == files


def test_an_old_plain_sqlite_backup_still_restores(sample: Sitecare, tmp_path: Path) -> None:
    from sitecare.storage import backup as sqlite_backup

    sqlite_backup.backup(sample.db, tmp_path / "old.sqlite3")
    before = _images(sample)
    gone = sample.photos.list_photos(now=NOW)[-1]
    sample.photos.delete(gone.id, now=NOW)
    info = sample.backups.restore(tmp_path / "old.sqlite3")
    assert (info.injections, info.photos) == (6, 0)
    rows = sample.photos.list_photos(now=NOW)
    assert {p.uid for p in rows} == set(before)  # the rows come back, with the files still kept
    kept = {p.uid: sample.photos.image(p.id, now=NOW)[1] for p in rows if p.uid != gone.uid}
    assert kept == {u: b for u, b in before.items() if u != gone.uid}
    with pytest.raises(NotFound, match="missing"):  # an old backup never held the files
        sample.photos.image(gone.id, now=NOW)


def test_the_cli_backs_up_and_restores_photos(sample: Sitecare, tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"SITECARE_DATABASE_URL": f"sqlite:///{tmp_path / 'live.sqlite3'}"}
    done = runner.invoke(app, ["backup", str(tmp_path / "b.zip"), "--json"], env=env)
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["photos"] == 3
    fresh = {"SITECARE_DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"}
    restored = runner.invoke(app, ["restore", str(tmp_path / "b.zip"), "--yes"], env=fresh)
    assert restored.exit_code == 0, restored.output
    assert "3 photo" in restored.stdout


def test_a_photo_file_gone_after_the_snapshot_is_listed_as_missing(
    sample: Sitecare, tmp_path: Path
) -> None:
    """A photo deleted between the snapshot and the copy of its file (the file goes after the
    delete's commit): the backup still completes, and its manifest names what is missing."""
    from sitecare.storage import backup as sqlite_backup
    from sitecare.storage.backup_archive import write_archive

    snapshot = tmp_path / "snap.sqlite3"
    sqlite_backup.backup(sample.db, snapshot)
    gone = sample.photos.list_photos(now=NOW)[0]
    sample.photos.delete(gone.id, now=NOW)  # its row and, after the commit, its file
    written = write_archive(tmp_path / "b.zip", snapshot, {}, sample.photos.blobs)
    assert len(written) == 2
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        manifest = json.loads(zf.read("sitecare-backup.json"))
    assert manifest["missing_photo_files"] == [gone.address]
