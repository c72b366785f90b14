"""The record and transfer services on real databases (a SQLite file and PostgreSQL)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa

from sitecare.config import Settings
from sitecare.domain.errors import ImportFileError, InvalidInput, NotFound, StorageError
from sitecare.services.app import Sitecare
from sitecare.services.who import Who
from sitecare.storage.engine import SCHEMA_HEAD, Database

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=TZ)


@pytest.fixture
def make(open_services: Callable[..., Sitecare]) -> Callable[..., Sitecare]:
    def build(url: str, _tmp: object = None, who: Who | None = None, **kw: object) -> Sitecare:
        return open_services(url, who, **kw)

    return build


def log_three(sc: Sitecare) -> None:
    sc.records.log_injection(region="forearm_left", spot="2", at=NOW - timedelta(days=2), now=NOW)
    sc.records.log_injection(
        region="abdomen_lower_left",
        spot="5",
        route="subcutaneous",
        at=datetime(2026, 11, 22, 21, 15, 30, 123456, tzinfo=timezone(timedelta(hours=-5))),
        medicine="insulin glargine",
        note="basal, evening",
        now=NOW,
    )
    sc.records.log_injection(
        region="antecubital_fossa_right", at=NOW - timedelta(hours=1), note="ünïcode ✓", now=NOW
    )


def test_log_and_history_round_trip_the_fields(
    make: Callable[..., Sitecare], db_url: str, tmp_path: Path
) -> None:
    sc = make(db_url)
    log_three(sc)
    items = sc.records.history(now=NOW)
    assert [i.region for i in items] == [
        "forearm_left",
        "abdomen_lower_left",
        "antecubital_fossa_right",
    ]
    insulin = items[1]
    assert insulin.at == datetime(
        2026, 11, 22, 21, 15, 30, 123456, tzinfo=timezone(timedelta(hours=-5))
    )
    assert insulin.at.utcoffset() == timedelta(hours=-5)
    assert (insulin.spot, insulin.route, insulin.medicine, insulin.note) == (
        "5",
        "subcutaneous",
        "insulin glargine",
        "basal, evening",
    )
    assert items[0].route == "intravenous", "the region's first route fills a missing route"
    assert items[2].note == "ünïcode ✓"
    assert [i.region for i in sc.records.history(region="forearm_left", now=NOW)] == [
        "forearm_left"
    ]
    since = sc.records.history(since=NOW - timedelta(days=1), now=NOW)
    assert [i.region for i in since] == ["abdomen_lower_left", "antecubital_fossa_right"]


def test_a_missing_route_follows_the_last_one_used_there(
    make: Callable[..., Sitecare], db_url: str, tmp_path: Path
) -> None:
    sc = make(db_url)
    sc.records.log_injection(
        region="buttock_upper_outer_left", route="subcutaneous", at=NOW, now=NOW
    )
    res = sc.records.log_injection(region="buttock_upper_outer_right", at=NOW, now=NOW)
    assert res.injection.route == "subcutaneous"


def test_risky_sites_are_warned_about_but_stored(
    make: Callable[..., Sitecare], db_url: str, tmp_path: Path
) -> None:
    sc = make(db_url)
    res = sc.records.log_injection(region="groin_left", at=NOW, now=NOW)
    assert res.injection.id > 0
    assert any("avoid" in w for w in res.warnings)
    res = sc.records.log_injection(region="hand_dorsum_left", at=NOW, now=NOW)
    assert any("Take care" in w for w in res.warnings)
    res = sc.records.log_injection(region="forearm_left", at=NOW, now=NOW)
    assert res.warnings == []


def test_bad_input_is_refused_and_nothing_is_written(
    make: Callable[..., Sitecare], db_url: str, tmp_path: Path
) -> None:
    sc = make(db_url)
    with pytest.raises(InvalidInput) as typo:
        sc.records.log_injection(region="antecubital_fosa_left", at=NOW, now=NOW)
    assert typo.value.field == "region"
    assert "antecubital_fossa_left" in typo.value.suggestions
    with pytest.raises(InvalidInput) as bad_spot:
        sc.records.log_injection(region="forearm_left", spot="99", at=NOW, now=NOW)
    assert bad_spot.value.field == "spot"
    with pytest.raises(InvalidInput) as bad_route:
        sc.records.log_injection(region="forearm_left", route="intravenus", at=NOW, now=NOW)
    assert bad_route.value.suggestions == ("intravenous",)
    with pytest.raises(InvalidInput):
        sc.records.log_injection(region="forearm_left", note="x" * 5000, at=NOW, now=NOW)
    assert sc.records.history(now=NOW) == []


def test_delete_and_undo(make: Callable[..., Sitecare], db_url: str, tmp_path: Path) -> None:
    sc = make(db_url)
    log_three(sc)
    first, second, third = sc.records.history(now=NOW)
    assert sc.records.delete_injection(second.id, now=NOW).id == second.id
    with pytest.raises(NotFound):
        sc.records.delete_injection(second.id, now=NOW)
    assert sc.records.undo_last(now=NOW).id == third.id, "undo removes the last one entered"
    assert [i.id for i in sc.records.history(now=NOW)] == [first.id]
    sc.records.undo_last(now=NOW)
    with pytest.raises(NotFound):
        sc.records.undo_last(now=NOW)


def test_people_do_not_see_each_others_records(
    make: Callable[..., Sitecare], db_url: str, tmp_path: Path
) -> None:
    alice = make(db_url, None, Who(program="north", person="A-17"))
    bob = make(db_url, None, Who(program="south", person="A-17"))
    inj = alice.records.log_injection(region="forearm_left", at=NOW, now=NOW).injection
    assert bob.records.history(now=NOW) == []
    with pytest.raises(NotFound):
        bob.records.delete_injection(inj.id, now=NOW)
    assert len(alice.records.history(now=NOW)) == 1


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_then_import_into_an_empty_database_is_exact(
    make: Callable[..., Sitecare], db_url: str, sqlite_url: str, tmp_path: Path, fmt: str
) -> None:
    source = make(db_url)
    log_three(source)
    exported = getattr(source.transfer, f"export_{fmt}")(now=NOW)

    target_url = sqlite_url.replace("sitecare.sqlite3", "target.sqlite3")
    target = make(target_url)
    report = target.transfer.import_text(exported, now=NOW)
    assert report.injections_added == 3

    assert target.records.history(now=NOW) == source.records.history(now=NOW)
    assert getattr(target.transfer, f"export_{fmt}")(now=NOW) == exported

    again = target.transfer.import_text(exported, now=NOW)
    assert (again.injections_added, again.skipped_existing) == (0, 3), (
        "importing twice adds nothing"
    )


def test_import_of_a_damaged_file_changes_nothing(
    make: Callable[..., Sitecare], db_url: str, tmp_path: Path
) -> None:
    sc = make(db_url)
    log_three(sc)
    good = json.loads(sc.transfer.export_json(now=NOW))
    before = sc.records.history(now=NOW)

    other = make(db_url.replace("sitecare.sqlite3", "other.sqlite3"), None, Who(person="other"))
    broken = json.loads(json.dumps(good))
    broken["injections"][0]["uid"] = "new-uid-1"
    broken["injections"][2]["region"] = "elbow_left"
    with pytest.raises(ImportFileError) as exc:
        other.transfer.import_text(json.dumps(broken), now=NOW)
    assert "injection #3" in exc.value.message
    assert other.records.history(now=NOW) == []

    for damaged in [
        json.dumps(good)[:-40],
        "",
        "hello",
        json.dumps({**good, "format": "something-else"}),
        json.dumps({**good, "injections": [{**good["injections"][0], "at": "2026-11-20T08:00"}]}),
        json.dumps({**good, "injections": [{**good["injections"][0], "route": "oral"}]}),
        json.dumps({**good, "injections": [good["injections"][0], good["injections"][0]]}),
        sc.transfer.export_csv(now=NOW).replace(",intravenous,", ",intravenous,extra,", 1),
    ]:
        with pytest.raises(ImportFileError):
            sc.transfer.import_text(damaged, now=NOW)
    assert sc.records.history(now=NOW) == before


def test_a_new_database_is_migrated_to_head(empty_db_url: str) -> None:
    db = Database(empty_db_url)
    db.ensure_schema()
    with db.engine.connect() as conn:
        assert (
            conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_HEAD
        )
    db.dispose()


def test_migrations_match_the_models(empty_db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from sitecare.storage.tables import Base

    db = Database(empty_db_url)
    db.ensure_schema()
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    db.dispose()
    assert diff == []


def test_schema_head_matches_alembic() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", "sitecare.storage:migrations")
    assert ScriptDirectory.from_config(cfg).get_current_head() == SCHEMA_HEAD


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    db.ensure_schema()
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.dispose()


def test_a_file_that_is_not_a_database_is_refused_untouched(
    make: Callable[..., Sitecare], tmp_path: Path
) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"these are my notes, not a database" * 100)
    sc = make(f"sqlite:///{path}")
    with pytest.raises(StorageError, match="not a readable sitecare database"):
        sc.records.history(now=NOW)
    assert path.read_bytes() == b"these are my notes, not a database" * 100


def test_another_programs_database_is_refused(
    make: Callable[..., Sitecare], tmp_path: Path
) -> None:
    path = tmp_path / "other.sqlite3"
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE recipes (name TEXT)")
    engine.dispose()
    with pytest.raises(StorageError, match="not a sitecare database"):
        make(f"sqlite:///{path}").records.history(now=NOW)


def test_a_locked_database_says_so(
    make: Callable[..., Sitecare], sqlite_url: str, tmp_path: Path
) -> None:
    sc = make(sqlite_url)
    sc.records.log_injection(region="forearm_left", at=NOW, now=NOW)
    locker = sa.create_engine(sqlite_url)
    with locker.connect() as conn:
        conn.exec_driver_sql("BEGIN EXCLUSIVE")
        slow = make(sqlite_url, lock_timeout_s=0.2)
        with pytest.raises(StorageError, match="locked"):
            slow.records.log_injection(region="forearm_right", at=NOW, now=NOW)
        conn.exec_driver_sql("ROLLBACK")
    locker.dispose()
    assert [i.region for i in sc.records.history(now=NOW)] == ["forearm_left"]


def test_a_missing_folder_is_reported(make: Callable[..., Sitecare], tmp_path: Path) -> None:
    sc = make(f"sqlite:///{tmp_path / 'nowhere' / 'db.sqlite3'}")
    with pytest.raises(StorageError, match="does not exist"):
        sc.records.history(now=NOW)


def test_the_default_data_folder_is_created(tmp_path: Path) -> None:
    from sitecare.config import default_database_url

    data_dir = tmp_path / "data" / "sitecare"
    with Sitecare(Settings(database_url=default_database_url(data_dir), data_dir=data_dir)) as sc:
        sc.records.log_injection(region="forearm_left", at=NOW, now=NOW)
    assert (data_dir / "sitecare.sqlite3").exists()


def test_an_unreachable_server_is_reported(make: Callable[..., Sitecare], tmp_path: Path) -> None:
    sc = make("postgresql://127.0.0.1:1/nothing")
    with pytest.raises(StorageError, match="Cannot use the database"):
        sc.records.history(now=NOW)


def test_erase_everything_leaves_nothing_behind(
    make: Callable[..., Sitecare], db_url: str, tmp_path: Path
) -> None:
    sc = make(db_url)
    other = make(db_url, None, Who(person="someone-else"))
    log_three(sc)
    other.records.log_injection(region="forearm_left", at=NOW, now=NOW)
    sc.triage.check({"findings": ["bruise"], "region": "forearm_left"}, now=NOW)
    sc.planning.set_setting("route", "intravenous", now=NOW)
    counts = sc.transfer.erase_everything(now=NOW)
    assert counts == {"injections": 3, "checks": 1, "settings": 1, "photos": 0}
    doc = json.loads(sc.transfer.export_json(now=NOW))
    assert doc["injections"] == doc["observations"] == [] and doc["settings"] == {}
    assert len(other.records.history(now=NOW)) == 1, "nobody else's records are touched"
    assert sc.transfer.erase_everything(now=NOW) == {
        "injections": 0,
        "checks": 0,
        "settings": 0,
        "photos": 0,
    }


def test_erased_text_is_not_left_in_the_sqlite_file(
    make: Callable[..., Sitecare], sqlite_url: str
) -> None:
    sc = make(sqlite_url)
    sc.records.log_injection(region="forearm_left", note="zebra-unique-note-7781", at=NOW, now=NOW)
    sc.transfer.erase_everything(now=NOW)
    sc.close()
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    blob = path.read_bytes() + (
        path.with_name(path.name + "-wal").read_bytes()
        if path.with_name(path.name + "-wal").exists()
        else b""
    )
    assert b"zebra-unique-note-7781" not in blob
