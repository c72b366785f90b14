"""The quick SQLite path of `sitecare next` reads exactly what the full service reads."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sitecare.domain.usage import HORIZON
from sitecare.services.app import Sitecare
from sitecare.services.planning import read_inputs
from sitecare.services.planning_core import suggest_on_sqlite_file
from sitecare.storage.repositories import People
from sitecare.storage.sqlite_read import read_planning_inputs, sqlite_file_of

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=timezone(timedelta(hours=-5)))


def _fill(sc: Sitecare) -> None:
    rng = random.Random(7)
    regions = ["forearm_left", "forearm_right", "antecubital_fossa_left", "abdomen_lower_left"]
    for i in range(300):
        region = rng.choice(regions)
        spots = [s.id for s in sc.atlas.region(region).spots]
        sc.records.log_injection(
            region=region,
            spot=rng.choice(spots + [None]),  # type: ignore[list-item]
            route="subcutaneous" if region.startswith("abdomen") else "intravenous",
            at=NOW - timedelta(hours=7 * i + rng.random()),
            medicine=rng.choice([None, "insulin"]),
            now=NOW,
        )
    sc.triage.check(
        {"findings": ["bruise"], "region": "forearm_right"}, now=NOW, at=NOW - timedelta(days=1)
    )
    sc.triage.check(
        {"findings": ["pus", "fluctuant_lump"], "lump_diameter_cm": 3, "region": "forearm_left"},
        now=NOW,
        at=NOW - timedelta(days=2),
    )
    sc.planning.set_setting("rest.intravenous", "3", now=NOW)


def test_both_paths_read_the_same_inputs_and_suggest_the_same(
    open_services: Callable[..., Sitecare], sqlite_url: str
) -> None:
    sc = open_services(sqlite_url)
    _fill(sc)
    with sc.db.reading() as s:
        pid = People(s).find_person_id("personal", "me")
        full = read_inputs(s, pid, until=NOW)
    path = sqlite_file_of(sqlite_url)
    assert path is not None
    quick = read_planning_inputs(
        path, program="personal", person="me", until=NOW, after=NOW - HORIZON
    )
    assert quick is not None
    assert quick.settings == full.settings
    assert quick.recent == full.recent
    assert sorted(quick.last_uses, key=str) == sorted(full.last_uses, key=str)
    assert quick.observations == full.observations

    for route in ("intravenous", "subcutaneous", None):
        fast = suggest_on_sqlite_file(sc.settings, now=NOW, route=route)
        assert fast is not None
        assert fast.to_dict() == sc.planning.suggest(now=NOW, route=route).to_dict()


def test_the_quick_path_steps_aside_when_it_does_not_apply(
    open_services: Callable[..., Sitecare], empty_sqlite_url: str, tmp_path: Path
) -> None:
    sqlite_url = empty_sqlite_url  # a file that does not exist yet
    sc = open_services(sqlite_url)
    assert suggest_on_sqlite_file(sc.settings, now=NOW, route="intravenous") is None, "no file yet"
    sc.records.log_injection(region="forearm_left", at=NOW, now=NOW)
    assert suggest_on_sqlite_file(sc.settings, now=NOW, route="intravenous") is not None

    path = sqlite_file_of(sqlite_url)
    assert path is not None
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    assert suggest_on_sqlite_file(sc.settings, now=NOW, route="intravenous") is None

    assert sqlite_file_of("postgresql://127.0.0.1/test") is None
    assert sqlite_file_of("sqlite://") is None
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("not a database")
    assert read_planning_inputs(junk, program="p", person="me", until=NOW, after=NOW) is None
