"""Photo files: content-addressed, behind the blob store, sealed when the database is locked.

A photo's address is the first 32 hex digits of the SHA-256 of its cleaned bytes, so the same
photo is kept once, and what is read back is checked against its address. The store itself is
the blob seam (``storage.blobs``): a folder of private files in personal mode, the same seam on
a program server.

When the personal database is locked with a passphrase, every photo file is sealed with
AES-256-GCM under ``derive(master, "photos")`` (``storage.encryption``; the address is the
associated data, so a file cannot be passed off as another). A sealed file starts with
``SEALED``; a plain one is the JPEG itself. Locking the database seals the files already there
(:func:`seal_all`), removing the passphrase opens them again (:func:`open_all`).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

from sitecare.domain.errors import DatabaseLocked, NotFound, StorageError
from sitecare.storage.blobs import BlobStore
from sitecare.storage.encryption import derive

__all__ = ["SEALED", "PhotoStore", "address_of"]

SEALED = b"sitecare-photo-sealed-v1\n"
_NONCE = 12


def address_of(data: bytes) -> str:
    """The content address of a cleaned photo (32 hex digits, as the blob store takes)."""
    return hashlib.sha256(data).hexdigest()[:32]


def _damaged() -> StorageError:
    return StorageError(
        "A stored photo file is damaged and cannot be shown.",
        hint="Delete the photo and add it again.",
    )


class PhotoStore:
    """Photo bytes in a blob store; ``master`` is the locked database's master key (or None)."""

    def __init__(self, blobs: BlobStore, master: bytes | None = None, *, locked: bool = False):
        self.blobs = blobs
        self.locked = locked  # the database is locked and not unlocked: nothing can be read
        self._key = None if master is None else derive(master, "photos")

    def _seal(self, address: str, data: bytes) -> bytes:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        assert self._key is not None
        nonce = secrets.token_bytes(_NONCE)
        return SEALED + nonce + AESGCM(self._key).encrypt(nonce, data, address.encode())

    def _open(self, address: str, raw: bytes) -> bytes:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if not raw.startswith(SEALED):
            return raw
        if self._key is None:
            raise DatabaseLocked("sitecare is locked with a passphrase; unlock it to see photos.")
        body = raw[len(SEALED) :]
        try:
            return AESGCM(self._key).decrypt(body[:_NONCE], body[_NONCE:], address.encode())
        except InvalidTag:
            raise _damaged() from None

    def put(self, data: bytes) -> str:
        """Keep a cleaned photo; its address (the same photo twice is kept once)."""
        if self.locked:
            raise DatabaseLocked("sitecare is locked with a passphrase; unlock it first.")
        address = address_of(data)
        stored = data if self._key is None else self._seal(address, data)
        self.blobs.put(stored, key=address)
        return address

    def get(self, address: str) -> bytes:
        """The photo at ``address``, checked against it."""
        try:
            raw = self.blobs.get(address)
        except NotFound:
            raise NotFound(
                "The photo's file is missing.", hint="Delete the photo and add it again."
            ) from None
        data = self._open(address, raw)
        if address_of(data) != address:
            raise _damaged()
        return data

    def delete(self, addresses: Iterable[str]) -> int:
        """Remove these files for good; how many were there."""
        return sum(1 for a in set(addresses) if self.blobs.delete(a))

    def seal_all(self) -> int:
        """Seal every plain file (the database was just locked); how many were sealed."""
        count = 0
        for address in list(self.blobs.keys()):
            raw = self.blobs.get(address)
            if not raw.startswith(SEALED):
                self.blobs.put(self._seal(address, raw), key=address)
                count += 1
        return count

    def open_all(self) -> int:
        """Store every sealed file plain again (the passphrase was removed); how many."""
        count = 0
        for address in list(self.blobs.keys()):
            raw = self.blobs.get(address)
            if raw.startswith(SEALED):
                self.blobs.put(self._open(address, raw), key=address)
                count += 1
        return count
