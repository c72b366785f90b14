"""Password hashing behind one seam: argon2id, at the cost the settings give.

Program users' passwords (``services/accounts.py``) are hashed here; the personal passphrase's
key (``storage/encryption.py``) is derived at the same cost (``kdf()``). The cost comes from
``Settings.hash_cost``: full (argon2-cffi's defaults: t=3, m=64 MiB, p=4) on every real install;
only the test suite sets ``SITECARE_HASH_COST=cheap``. Nothing is hashed at import time: the
made-up hash an unknown username is checked against is made on first use (the web app makes it
at start-up, so the first sign-in takes no longer than the others).
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any, Protocol

from sitecare.config import HashCost, Settings

__all__ = ["Argon2Passwords", "PasswordHasher", "for_settings", "hasher", "kdf"]


class PasswordHasher(Protocol):
    """What the account service needs from a password hasher."""

    def hash(self, password: str) -> str:
        """A new salted hash of ``password``, to store."""
        ...

    def verify(self, password_hash: str, password: str) -> bool:
        """Whether ``password`` is the one ``password_hash`` was made from (never raises)."""
        ...

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether a stored hash was made at another cost (it is replaced at sign-in)."""
        ...

    def verify_nobody(self, password: str) -> bool:
        """Check ``password`` against a made-up hash (always False), taking as long as
        ``verify``: an unknown username is answered as slowly as a wrong password."""
        ...


class Argon2Passwords:
    """argon2id through argon2-cffi at one cost."""

    def __init__(self, cost: HashCost) -> None:
        from argon2 import PasswordHasher as Argon2  # imported on first use: quick commands

        self.cost = cost
        self._argon2 = Argon2(
            time_cost=cost.time_cost, memory_cost=cost.memory_cost, parallelism=cost.parallelism
        )
        self._dummy: str | None = None
        self._dummy_lock = threading.Lock()

    def hash(self, password: str) -> str:
        return str(self._argon2.hash(password))

    def verify(self, password_hash: str, password: str) -> bool:
        from argon2.exceptions import InvalidHashError, VerificationError

        try:
            return bool(self._argon2.verify(password_hash, password))
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        from argon2.exceptions import InvalidHashError

        try:
            return bool(self._argon2.check_needs_rehash(password_hash))
        except InvalidHashError:
            return True

    def prepare(self) -> None:
        """Make the made-up hash now (once), so that no sign-in waits for it."""
        if self._dummy is None:
            with self._dummy_lock:
                if self._dummy is None:
                    self._dummy = self.hash("sitecare: not a real password")

    def verify_nobody(self, password: str) -> bool:
        self.prepare()
        assert self._dummy is not None
        self.verify(self._dummy, password)
        return False


@cache
def hasher(cost: HashCost) -> Argon2Passwords:
    """The one hasher of a cost (shared, so its made-up hash is made once per process)."""
    return Argon2Passwords(cost)


def for_settings(settings: Settings) -> Argon2Passwords:
    return hasher(settings.hash_cost)


def kdf(cost: HashCost) -> dict[str, Any]:
    """The argon2id parameters a new passphrase key file records (``storage/encryption.py``)."""
    return {
        "name": "argon2id",
        "time_cost": cost.time_cost,
        "memory_cost": cost.memory_cost,
        "parallelism": cost.parallelism,
    }
