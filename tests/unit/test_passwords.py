"""The password-hasher seam: full argon2id cost unless the test suite asks for the cheap one,
and nothing hashed at import time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sitecare.config import (
    CHEAP_HASH_COST,
    ENV_HASH_COST,
    FULL_HASH_COST,
    HashCost,
    Settings,
)
from sitecare.domain.errors import InvalidInput
from sitecare.services import passwords


def test_the_full_cost_is_argon2_cffis_default_and_every_install_gets_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from argon2 import PasswordHasher

    default = PasswordHasher()
    assert HashCost(default.time_cost, default.memory_cost, default.parallelism) == FULL_HASH_COST
    assert Settings(database_url="sqlite://", data_dir=Path(".")).hash_cost == FULL_HASH_COST
    monkeypatch.delenv(ENV_HASH_COST, raising=False)
    assert Settings.from_env().hash_cost == FULL_HASH_COST
    monkeypatch.setenv(ENV_HASH_COST, "full")
    assert Settings.from_env().hash_cost == FULL_HASH_COST


def test_the_cheap_cost_is_read_from_the_environment_at_start_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENV_HASH_COST, " Cheap ")
    assert Settings.from_env().hash_cost == CHEAP_HASH_COST
    monkeypatch.setenv(ENV_HASH_COST, "fast")
    with pytest.raises(InvalidInput, match=ENV_HASH_COST):
        Settings.from_env()


def test_a_hash_records_its_cost_and_is_redone_at_another_cost() -> None:
    full = passwords.hasher(FULL_HASH_COST)
    cheap = passwords.hasher(CHEAP_HASH_COST)
    assert passwords.hasher(CHEAP_HASH_COST) is cheap  # one per cost: its made-up hash once
    stored = full.hash("correct horse battery")
    assert "$argon2id$" in stored and "m=65536,t=3,p=4" in stored
    assert full.verify(stored, "correct horse battery")
    assert not full.verify(stored, "wrong horse battery")
    assert not full.verify("not a hash", "correct horse battery")
    assert cheap.verify(stored, "correct horse battery")  # the stored hash says its cost
    assert cheap.needs_rehash(stored) and not full.needs_rehash(stored)
    assert "m=64,t=1,p=1" in cheap.hash("correct horse battery")
    assert cheap.verify_nobody("correct horse battery") is False


def test_the_passphrase_key_file_records_the_configured_cost() -> None:
    assert passwords.kdf(FULL_HASH_COST) == {
        "name": "argon2id",
        "time_cost": 3,
        "memory_cost": 65536,
        "parallelism": 4,
    }
    from sitecare.storage.encryption import KDF

    assert passwords.kdf(FULL_HASH_COST) == KDF


def test_no_hash_is_computed_when_sitecare_is_imported() -> None:
    """Importing every module (the web app and the CLI too) calls argon2 not even once."""
    code = """
import argon2.low_level as low, argon2._password_hasher as ph
calls = []
def spy(*a, **k):
    calls.append(1)
    raise SystemExit("argon2 was called at import time")
low.hash_secret = low.hash_secret_raw = ph.hash_secret = spy
import importlib, pkgutil, sitecare
for m in pkgutil.walk_packages(sitecare.__path__, "sitecare."):
    if ".migrations" not in m.name and not m.name.endswith("__main__"):
        importlib.import_module(m.name)
print("imported", len(calls))
"""
    env = {k: v for k, v in os.environ.items() if k != ENV_HASH_COST}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "imported 0"


def test_the_signin_delay_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from sitecare.config import ENV_SIGNIN_DELAY

    monkeypatch.delenv(ENV_SIGNIN_DELAY, raising=False)
    assert Settings.from_env().signin_delay_s == 0.5
    monkeypatch.setenv(ENV_SIGNIN_DELAY, "0")
    assert Settings.from_env().signin_delay_s == 0.0
    monkeypatch.setenv(ENV_SIGNIN_DELAY, "1.5")
    assert Settings.from_env().signin_delay_s == 1.5
    for bad in ("-1", "11", "nan", "soon"):
        monkeypatch.setenv(ENV_SIGNIN_DELAY, bad)
        with pytest.raises(InvalidInput, match=ENV_SIGNIN_DELAY):
            Settings.from_env()
