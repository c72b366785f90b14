"""A locked database's photos are sealed with its key: on disk nothing of the image is readable,
through sitecare (unlocked) the very same bytes come back; removing the passphrase opens them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.photos.conftest import photo_files
from tests.photos.helpers import heic_from_camera, jpeg_from_camera

from sitecare.config import CHEAP_HASH_COST, Settings
from sitecare.domain.errors import DatabaseLocked
from sitecare.services.app import Sitecare
from sitecare.services.passphrase import Lock

PASS = "correct horse battery"
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def _settings(tmp_path: Path, passphrase: str | None = None) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'me.sqlite3'}",
        data_dir=tmp_path / "data",
        hash_cost=CHEAP_HASH_COST,
        passphrase=passphrase,
    )


def _add_photo(sc: Sitecare, data: bytes) -> int:
    check = sc.triage.check({"findings": ["bruise"], "region": "forearm_left"}, now=NOW)
    assert check.observation is not None
    return sc.photos.add(check.observation.id, data, now=NOW).id


def test_photos_are_sealed_when_the_database_is_locked_and_opened_when_it_is_not(
    tmp_path: Path,
) -> None:
    with Sitecare(_settings(tmp_path)) as sc:
        first = _add_photo(sc, jpeg_from_camera())
        plain = sc.photos.image(first, now=NOW)[1]
    [file] = photo_files(tmp_path)
    assert file.read_bytes() == plain

    Lock(_settings(tmp_path)).set(PASS)
    sealed = file.read_bytes()
    assert sealed.startswith(b"sitecare-photo-sealed-v1\n") and plain[:64] not in sealed

    # no passphrase: nothing can be read
    with Sitecare(_settings(tmp_path)) as locked, pytest.raises(DatabaseLocked):
        locked.photos.image(first, now=NOW)
    with Sitecare(_settings(tmp_path, PASS)) as sc:
        assert sc.photos.image(first, now=NOW)[1] == plain
        second = _add_photo(sc, heic_from_camera())
        new_plain = sc.photos.image(second, now=NOW)[1]
        doc = sc.transfer.export_document(now=NOW)  # an export holds the images themselves
        assert len(doc["photos"]) == 2
    assert all(
        p.read_bytes().startswith(b"sitecare-photo-sealed-v1\n") for p in photo_files(tmp_path)
    )

    Lock(_settings(tmp_path)).remove(PASS)
    assert sorted(p.read_bytes() for p in photo_files(tmp_path)) == sorted([plain, new_plain])
    with Sitecare(_settings(tmp_path)) as sc:
        assert sc.photos.image(second, now=NOW)[1] == new_plain
