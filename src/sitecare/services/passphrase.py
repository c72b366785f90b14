"""Lock the personal database with a passphrase, unlock it, change or remove the passphrase.

The cryptography lives in ``storage/encryption.py``; this is what the CLI and the web app call.
Only a personal SQLite database can be locked (a program server's PostgreSQL has its own
protection: disk encryption and the database server's access rules).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sitecare.config import Settings
from sitecare.domain.errors import InvalidInput
from sitecare.domain.messages import Msg
from sitecare.photos.store import PhotoStore
from sitecare.services import passwords
from sitecare.services.database import open_blobs
from sitecare.storage import encryption
from sitecare.storage.engine import Database

__all__ = ["Lock", "LockStatus", "is_locked"]


@dataclass(frozen=True)
class LockStatus:
    locked: bool
    available: bool
    key_file: str | None

    def to_dict(self) -> dict[str, object]:
        return {"locked": self.locked, "encryption_available": self.available}


def is_locked(settings: Settings) -> bool:
    return encryption.is_locked(settings.sqlite_path)


class Lock:
    """The passphrase of one personal SQLite database."""

    def __init__(self, settings: Settings) -> None:
        path = settings.sqlite_path
        if path is None:
            raise InvalidInput(
                Msg("Only a personal SQLite database can be locked with a passphrase."),
                field="database-url",
            )
        self.path: Path = path
        self.settings = settings

    def status(self) -> LockStatus:
        locked = encryption.is_locked(self.path)
        return LockStatus(
            locked, encryption.available(), str(encryption.key_file(self.path)) if locked else None
        )

    def set(self, passphrase: str) -> None:
        """Encrypt the database with a new passphrase (it is created first if need be)."""
        encryption.check_passphrase(passphrase)
        encryption.sqlcipher()  # say so now if SQLCipher is missing
        if not encryption.is_locked(self.path):
            from sitecare.services.accounts import Accounts
            from sitecare.services.database import open_database

            db = open_database(self.settings)
            try:
                db.ensure_schema()  # (a new database is created first)
                if Accounts(db).has_users():
                    raise InvalidInput(
                        Msg(
                            "This is a program server's database (it has program users); only a "
                            "personal database can be locked with a passphrase."
                        ),
                        field="database-url",
                    )
            finally:
                db.dispose()
        keys = encryption.lock_database(
            self.path, passphrase, kdf=passwords.kdf(self.settings.hash_cost)
        )
        # the photos already there are sealed with the same master key (``photos.store``)
        PhotoStore(open_blobs(self.settings), keys.master).seal_all()

    def change(self, old: str, new: str) -> None:
        self._require_locked()
        encryption.change_passphrase(
            self.path, old, new, kdf=passwords.kdf(self.settings.hash_cost)
        )

    def remove(self, passphrase: str) -> None:
        self._require_locked()
        keys = encryption.unlock(self.path, passphrase)
        encryption.remove_passphrase(self.path, passphrase)
        PhotoStore(open_blobs(self.settings), keys.master).open_all()  # photos plain again

    def unlock(self, db: Database, passphrase: str) -> None:
        """Unlock an open database with its passphrase (the web app's lock screen)."""
        self._require_locked()
        db.unlock(encryption.unlock(self.path, passphrase))

    def check(self, passphrase: str) -> None:
        """Raise InvalidInput unless ``passphrase`` is this database's."""
        self._require_locked()
        encryption.unlock(self.path, passphrase)

    def _require_locked(self) -> None:
        if not encryption.is_locked(self.path):
            raise InvalidInput(
                Msg("The database has no passphrase."),
                field="passphrase",
                hint=Msg("Set one with: sitecare passphrase set"),
            )
