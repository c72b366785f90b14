"""Encryption at rest for the personal SQLite database: SQLCipher, a key from a passphrase.

The key design (so photos can use it later without re-encrypting anything):

- A random 256-bit *master key* is made once, when the database is first locked.
- The passphrase never encrypts data itself: argon2id (64 MiB, 3 passes, 4 lanes, a random
  16-byte salt) turns it into a key-encryption key, which wraps the master key with AES-256-GCM.
  The wrapped key, salt and parameters are kept in a small key file next to the database
  (``sitecare.sqlite3.key``, 0600). Changing the passphrase rewraps the master key only.
- Each use gets its own key derived from the master key with HKDF-SHA256: ``database`` is the
  raw SQLCipher key (``PRAGMA key = "x'...'"``, SQLCipher 4: AES-256, HMAC-SHA512 per page);
  photos, when they arrive, use ``derive(master, "photos")`` the same way.

SQLCipher comes from the ``sqlcipher3`` package (a maintained binding that ships SQLCipher in its
wheels). Without it sitecare keeps working unencrypted and says so when asked to lock.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from sitecare.domain.errors import InvalidInput, StorageError
from sitecare.domain.inputs import check_secret_length
from sitecare.domain.messages import N_, Msg
from sitecare.storage.files import fsync_dir

KEY_SUFFIX = ".key"
FORMAT = "sitecare-key"
VERSION = 1
#: argon2id parameters for a new key file (RFC 9106's second recommendation, 64 MiB); the
#: service layer passes the configured cost (``services/passwords.kdf``), the same on a real install
KDF = {"name": "argon2id", "time_cost": 3, "memory_cost": 65536, "parallelism": 4}
_AAD = b"sitecare master key v1"
MIN_PASSPHRASE = 8
MAX_PASSPHRASE = 1024
_PLAIN_HEADER = b"SQLite format 3\x00"


class EncryptionUnavailable(StorageError):
    """SQLCipher (the sqlcipher3 package) is not installed."""


def sqlcipher() -> ModuleType:
    """The SQLCipher DB-API module, or EncryptionUnavailable in plain words."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        raise EncryptionUnavailable(
            Msg("Encryption needs SQLCipher, and the sqlcipher3 package is not installed here."),
            hint=Msg("Install it with: pip install sqlcipher3 (your database stays as it is)."),
        ) from None
    module: ModuleType = dbapi2
    return module


def available() -> bool:
    try:
        sqlcipher()
    except EncryptionUnavailable:
        return False
    return True


def key_file(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + KEY_SUFFIX)


def is_locked(db_path: Path | None) -> bool:
    """True when the database at ``db_path`` is encrypted (its key file is there)."""
    if db_path is None or not key_file(db_path).exists():
        return False
    return not _plain(db_path)


def _plain(db_path: Path) -> bool:
    """A plain SQLite file (a lock that was interrupted before the database was replaced)."""
    try:
        with db_path.open("rb") as fh:
            return fh.read(16) == _PLAIN_HEADER
    except OSError:
        return False


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    return base64.b64decode(str(text), validate=True)


def derive(master: bytes, purpose: str) -> bytes:
    """A 256-bit key for one use (``database``, ``photos``) from the master key (HKDF-SHA256)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    info = f"sitecare {purpose} v1".encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(master)


@dataclass(frozen=True)
class Keys:
    """An unlocked database's master key (kept in memory only)."""

    master: bytes

    @property
    def database(self) -> bytes:
        return derive(self.master, "database")

    def pragma(self) -> str:
        """The SQLCipher statement that opens the database with this key."""
        return f"PRAGMA key = \"x'{self.database.hex()}'\""


def check_passphrase(passphrase: str) -> str:
    return check_secret_length(
        passphrase,
        field="passphrase",
        least=MIN_PASSPHRASE,
        most=MAX_PASSPHRASE,
        too_short=N_(
            "A passphrase needs at least %(n)s characters "
            "(a few random words are easy to remember and hard to guess)."
        ),
        too_long=N_("A passphrase has at most %(n)s characters."),
    )


def _kek(passphrase: str, kdf: dict[str, Any], salt: bytes) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(
        passphrase.encode("utf-8"),
        salt,
        time_cost=int(kdf["time_cost"]),
        memory_cost=int(kdf["memory_cost"]),
        parallelism=int(kdf["parallelism"]),
        hash_len=32,
        type=Type.ID,
    )


def _wrap(master: bytes, passphrase: str, kdf: dict[str, Any]) -> dict[str, Any]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    wrapped = AESGCM(_kek(passphrase, kdf, salt)).encrypt(nonce, master, _AAD)
    return {
        "format": FORMAT,
        "version": VERSION,
        "kdf": {**kdf, "salt": _b64(salt)},
        "cipher": "aes-256-gcm",
        "nonce": _b64(nonce),
        "wrapped_key": _b64(wrapped),
        "database": "sqlcipher4",
    }


def unlock(db_path: Path, passphrase: str) -> Keys:
    """The keys of a locked database, or InvalidInput when the passphrase is wrong."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        doc = json.loads(key_file(db_path).read_text(encoding="utf-8"))
        kdf = doc["kdf"]
        if doc.get("format") != FORMAT or doc.get("version") != VERSION:
            raise ValueError("unknown key file format")
        if kdf.get("name") != "argon2id" or int(kdf["memory_cost"]) > 4 * 1024 * 1024:
            raise ValueError("unknown key derivation")
        salt, nonce, wrapped = _unb64(kdf["salt"]), _unb64(doc["nonce"]), _unb64(doc["wrapped_key"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StorageError(
            Msg("The database's key file cannot be read, so the database cannot be unlocked."),
            hint=Msg(
                "It must be next to the database, named like it with %(key_suffix)s "
                "added (%(kind)s).",
                key_suffix=KEY_SUFFIX,
                kind=type(exc).__name__,
            ),
        ) from None
    try:
        master = AESGCM(_kek(passphrase[:MAX_PASSPHRASE], kdf, salt)).decrypt(nonce, wrapped, _AAD)
    except InvalidTag:
        raise InvalidInput(Msg("That passphrase is not right."), field="passphrase") from None
    return Keys(master)


def _write_private(path: Path, text: str) -> None:
    """Write a file atomically, readable by its owner only."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def _sqlite_quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _copy(source: Path, target: Path, *, source_key: Keys | None, target_key: Keys | None) -> None:
    """Copy a whole database into a new file with another key (``sqlcipher_export``)."""
    module = sqlcipher()
    target.unlink(missing_ok=True)
    conn = module.connect(str(source), isolation_level=None)
    try:
        if source_key is not None:
            conn.execute(source_key.pragma())
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("BEGIN EXCLUSIVE")  # nobody writes while the copy is made
        key = "" if target_key is None else f"x'{target_key.database.hex()}'"
        conn.execute(f'ATTACH DATABASE {_sqlite_quote(target)} AS target KEY "{key}"')
        conn.execute("SELECT sqlcipher_export('target')")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA target.user_version = {int(version)}")
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE target")
    except module.Error as exc:
        target.unlink(missing_ok=True)
        raise StorageError(
            Msg("The database could not be copied; nothing was changed."),
            hint=Msg(
                "Close every other sitecare (the web app too) and try again (%(exc)s).",
                exc=str(exc),
            ),
        ) from None
    finally:
        conn.close()
    os.chmod(target, 0o600)


def _replace(db_path: Path, new: Path) -> None:
    for side in ("-wal", "-shm", "-journal"):
        Path(f"{db_path}{side}").unlink(missing_ok=True)
    os.replace(new, db_path)
    fsync_dir(db_path.parent)


def lock_database(db_path: Path, passphrase: str, *, kdf: dict[str, Any] = KDF) -> Keys:
    """Encrypt a plain database with a new passphrase (the first lock)."""
    check_passphrase(passphrase)
    sqlcipher()
    if is_locked(db_path):
        raise InvalidInput(
            Msg("The database is already locked with a passphrase."),
            field="passphrase",
            hint=Msg("Change it with: sitecare passphrase change"),
        )
    keys = Keys(secrets.token_bytes(32))
    tmp = db_path.with_name(f".{db_path.name}.encrypting")
    _copy(db_path, tmp, source_key=None, target_key=keys)
    # the key file first: a database is never encrypted without its key file next to it
    _write_private(key_file(db_path), json.dumps(_wrap(keys.master, passphrase, kdf), indent=2))
    _replace(db_path, tmp)
    return keys


def change_passphrase(db_path: Path, old: str, new: str, *, kdf: dict[str, Any] = KDF) -> None:
    """Rewrap the master key with a new passphrase (the database itself is not rewritten)."""
    check_passphrase(new)
    keys = unlock(db_path, old)
    _write_private(key_file(db_path), json.dumps(_wrap(keys.master, new, kdf), indent=2))


def remove_passphrase(db_path: Path, passphrase: str) -> None:
    """Decrypt the database for good and remove its key file."""
    keys = unlock(db_path, passphrase)
    tmp = db_path.with_name(f".{db_path.name}.decrypting")
    _copy(db_path, tmp, source_key=keys, target_key=None)
    _replace(db_path, tmp)
    key_file(db_path).unlink(missing_ok=True)
    fsync_dir(db_path.parent)
