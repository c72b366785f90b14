"""`sitecare next` answers through the quick path exactly as the full Typer command does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitecare.cli.app import app
from sitecare.cli.quick import _quick_next
from sitecare.services.app import Sitecare

EXE = str(Path(sys.executable).with_name("sitecare"))
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def filled(open_services: Callable[..., Sitecare], sqlite_url: str) -> str:
    sc = open_services(sqlite_url)
    for i, region in enumerate(["forearm_left", "antecubital_fossa_right", "abdomen_lower_left"]):
        sc.records.log_injection(
            region=region,
            spot="1",
            route="subcutaneous" if region.startswith("abdomen") else "intravenous",
            at=NOW - timedelta(hours=5 * i),
            now=NOW,
        )
    return sqlite_url


@pytest.mark.parametrize(
    "args",
    [
        ["--route", "intravenous", "--at", "2026-11-23T10:00+00:00", "--json"],
        ["--route", "subcutaneous", "--at", "2026-11-23T10:00+00:00", "--json"],
        ["--at", "2026-11-23T10:00+00:00", "--json"],
        ["--route", "intravenous", "--at", "2026-11-23T10:00+00:00"],
    ],
)
def test_quick_and_full_paths_agree(filled: str, args: list[str]) -> None:
    env = {**os.environ, "SITECARE_DATABASE_URL": filled, "COLUMNS": "100"}
    quick = subprocess.run(
        [EXE, "next", *args], env=env, capture_output=True, text=True, check=False
    )
    full = CliRunner().invoke(
        app, ["next", *args], env={"SITECARE_DATABASE_URL": filled, "COLUMNS": "100"}
    )
    assert quick.returncode == 0 == full.exit_code, (quick.stderr, full.output)
    if "--json" in args:
        assert json.loads(quick.stdout) == json.loads(full.stdout)
    else:
        assert quick.stdout.split() == full.stdout.split()


def test_the_quick_path_hands_over_when_it_should(filled: str, tmp_path: Path) -> None:
    env = {"SITECARE_DATABASE_URL": filled}
    os.environ.update(env)
    try:
        assert not _quick_next(["next", "--help"])
        assert not _quick_next(["next", "--colour", "blue"])
        assert not _quick_next(["next", "--route", "intravenus"]), "errors are the full CLI's"
        assert not _quick_next(["history"])
    finally:
        del os.environ["SITECARE_DATABASE_URL"]
    bad = subprocess.run(
        [EXE, "next", "--route", "intravenus"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2 and "intravenous" in bad.stderr
    fresh = subprocess.run(
        [EXE, "next", "--route", "intravenous", "--json"],
        env={**os.environ, "SITECARE_DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert fresh.returncode == 0 and json.loads(fresh.stdout)["region"], "a new file is created"
