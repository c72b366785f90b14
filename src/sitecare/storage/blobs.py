"""Blobs: opaque bytes kept beside the database (photos, when they come), behind one protocol.

A blob store keeps bytes under a key of 32 hex digits: one it makes itself (random), or a
content address the caller derived from the bytes (photos: ``photos.store.address_of``), so a
key never says what the blob shows and never reaches outside the store. ``FileBlobs`` keeps
each blob in a file of its own under ``<data folder>/blobs`` (folders 0700, files 0600, written
atomically: a blob is all there or not there). The store neither encrypts nor looks inside: a
caller that must encrypt (photos of a locked database) does so before ``put``, with its own
derived key (``storage/encryption.derive(master, "photos")``; see ``photos.store``).
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from sitecare.domain.errors import InvalidInput, NotFound, StorageError
from sitecare.domain.messages import Msg
from sitecare.storage.files import fsync_dir

__all__ = ["BlobStore", "FileBlobs", "MAX_BLOB_BYTES"]

#: a blob larger than this is refused (a phone photo is a few MB)
MAX_BLOB_BYTES = 20 * 1024 * 1024
_KEY = re.compile(r"[0-9a-f]{32}")


class BlobStore(Protocol):
    """Where blobs are kept. Keys come from ``put``; other keys are refused or not found."""

    def put(self, data: bytes, *, key: str | None = None) -> str:
        """Keep ``data``; its key (a new random one, or ``key``: its content address, whose
        blob is then replaced whole if it was there)."""
        ...

    def get(self, key: str) -> bytes:
        """The blob under ``key`` (NotFound when there is none)."""
        ...

    def delete(self, key: str) -> bool:
        """Remove the blob under ``key``; False when there was none."""
        ...

    def keys(self) -> Iterator[str]:
        """Every key in the store (in no particular order)."""
        ...


def _check(key: str) -> str:
    if not _KEY.fullmatch(key):
        raise InvalidInput(Msg("That is not a blob key."), field="key")
    return key


class FileBlobs:
    """Blobs as files under one folder: ``<root>/<first two digits>/<key>``."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> FileBlobs:
        return cls(data_dir / "blobs")

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / key

    def _folder(self, path: Path) -> None:
        for folder in (self.root, path):
            try:
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                folder.chmod(0o700)
            except OSError as exc:
                raise StorageError(
                    Msg("Cannot create the folder for stored files."),
                    hint=Msg(
                        "Check that you may write to %(parent)s (%(problem)s).",
                        parent=str(self.root.parent),
                        problem=exc.strerror,
                    ),
                ) from None

    def put(self, data: bytes, *, key: str | None = None) -> str:
        if len(data) > MAX_BLOB_BYTES:
            raise InvalidInput(
                Msg(
                    "That file is larger than %(max_blob_bytes)s MB.",
                    max_blob_bytes=MAX_BLOB_BYTES // (1024 * 1024),
                ),
                field="file",
            )
        key = secrets.token_hex(16) if key is None else _check(key)
        path = self._path(key)
        self._folder(path.parent)
        try:
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")  # mode 0600
        except FileNotFoundError:  # its folder was emptied and removed at that moment
            self._folder(path.parent)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            raise StorageError(
                Msg("The file could not be kept; nothing was stored."),
                hint=Msg(
                    "Check the free space and that you may write to %(root)s (%(problem)s).",
                    root=str(self.root),
                    problem=exc.strerror,
                ),
            ) from None
        fsync_dir(path.parent)
        return key

    def get(self, key: str) -> bytes:
        try:
            return self._path(_check(key)).read_bytes()
        except FileNotFoundError:
            raise NotFound(Msg("There is no such file.")) from None

    def delete(self, key: str) -> bool:
        path = self._path(_check(key))
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        fsync_dir(path.parent)
        try:  # an empty folder would still tell that a photo was there
            path.parent.rmdir()
        except OSError:
            pass  # other photos are in it
        else:
            fsync_dir(path.parent.parent)
        return True

    def keys(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for folder in sorted(self.root.iterdir()):
            if folder.is_dir():
                yield from (p.name for p in sorted(folder.iterdir()) if _KEY.fullmatch(p.name))
