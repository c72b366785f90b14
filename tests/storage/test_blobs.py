"""The blob store (photos will live there): bytes in, the same bytes out, private files only."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from sitecare.config import Settings
from sitecare.domain.errors import InvalidInput, NotFound
from sitecare.services.database import open_blobs
from sitecare.storage.blobs import MAX_BLOB_BYTES, BlobStore, FileBlobs


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def blobs(tmp_path: Path) -> BlobStore:
    return open_blobs(Settings(database_url="sqlite://", data_dir=tmp_path / "data"))


def test_bytes_come_back_as_they_went_in(blobs: BlobStore) -> None:
    photo = bytes(range(256)) * 1000
    key = blobs.put(photo)
    assert blobs.get(key) == photo
    other = blobs.put(b"")
    assert other != key and blobs.get(other) == b""
    assert sorted(blobs.keys()) == sorted([key, other])


def test_blobs_are_private_files_under_the_data_folder(tmp_path: Path, blobs: BlobStore) -> None:
    key = blobs.put(b"a picture of a forearm")
    root = tmp_path / "data" / "blobs"
    files = [p for p in root.rglob("*") if p.is_file()]
    assert [p.name for p in files] == [key]  # nothing else: no temporary file left behind
    assert _mode(files[0]) == 0o600
    assert _mode(root) == 0o700 and _mode(files[0].parent) == 0o700
    assert b"forearm" not in key.encode()  # a key says nothing about its blob


def test_a_deleted_blob_is_gone(blobs: BlobStore) -> None:
    key = blobs.put(b"x")
    assert blobs.delete(key) is True
    assert blobs.delete(key) is False
    with pytest.raises(NotFound):
        blobs.get(key)
    assert list(blobs.keys()) == []


def test_deleting_the_last_blob_of_a_folder_leaves_no_folder_behind(tmp_path: Path) -> None:
    # an empty folder named by a key's first digits would still tell that a photo was there
    blobs = open_blobs(Settings(database_url="sqlite://", data_dir=tmp_path / "data"))
    root = tmp_path / "data" / "blobs"
    first = blobs.put(b"one")
    same_folder = blobs.put(b"two", key=first[:2] + "0" * 30) if first[2:] != "0" * 30 else first
    blobs.delete(first)
    assert (root / first[:2]).is_dir() == (same_folder != first)
    blobs.delete(same_folder)
    assert list(root.iterdir()) == []
    again = blobs.put(b"three", key=first)  # the folder is made again when needed
    assert blobs.get(again) == b"three"


BAD_KEYS = ["../../etc/passwd", "", "ab", "A" * 32, "0" * 31 + "/", "0" * 32 + "\n", "0" * 33]


@pytest.mark.parametrize("key", BAD_KEYS)
def test_only_keys_the_store_made_are_accepted(blobs: BlobStore, key: str) -> None:
    with pytest.raises(InvalidInput):
        blobs.get(key)
    with pytest.raises(InvalidInput):
        blobs.delete(key)


def test_an_unknown_key_is_not_found(blobs: BlobStore) -> None:
    with pytest.raises(NotFound):
        blobs.get("0" * 32)


def test_a_blob_over_the_limit_is_refused_and_nothing_is_kept(tmp_path: Path) -> None:
    blobs = FileBlobs(tmp_path / "blobs")
    with pytest.raises(InvalidInput):
        blobs.put(b"\0" * (MAX_BLOB_BYTES + 1))
    assert list(blobs.keys()) == []
