"""The sitecare command line, run in-process (CliRunner) and as the installed console script."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitecare.cli.app import app


@pytest.fixture
def run(db_url: str):  # type: ignore[no-untyped-def]
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(app, [*args], input=input, env={"SITECARE_DATABASE_URL": db_url})

    return invoke


def test_sites_json_holds_every_region_of_the_atlas_document_with_spots(
    contract_region_ids: set[str],
) -> None:
    result = CliRunner().invoke(app, ["sites", "--json"])
    assert result.exit_code == 0, result.output
    regions = json.loads(result.stdout)
    ids = [r["id"] for r in regions]
    assert contract_region_ids <= set(ids)
    for region in regions:
        assert {"id", "label", "side", "routes", "spots"} <= region.keys()
        assert region["spots"] and all("id" in s for s in region["spots"])
        assert set(region["routes"].values()) <= {"preferred", "caution", "avoid"}


def test_sites_table_and_route_filter() -> None:
    result = CliRunner().invoke(app, ["sites", "--route", "subcutaneous", "--json"])
    ids = {r["id"] for r in json.loads(result.stdout)}
    assert "abdomen_lower_left" in ids and "forearm_left" not in ids
    assert "antecubital_fossa_left" in CliRunner().invoke(app, ["sites"]).stdout
    bad = CliRunner().invoke(app, ["sites", "--route", "oral"])
    assert bad.exit_code == 2 and "Unknown route" in bad.stderr


def test_log_history_export_import_round_trip_three_injections(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert (
        run("log", "forearm_left", "--spot", "3", "--at", "2026-11-20T08:30+01:00").exit_code == 0
    )
    assert (
        run(
            "log",
            "abdomen_lower_right",
            "--route",
            "subcutaneous",
            "--at",
            "2026-11-21T21:00",
            "--medicine",
            "insulin",
            "--note",
            "basal",
        ).exit_code
        == 0
    )
    logged = run("log", "thigh_front_left", "--spot", "7", "--route", "subcutaneous", "--json")
    assert logged.exit_code == 0
    assert json.loads(logged.stdout)["region"] == "thigh_front_left"

    history = json.loads(run("history", "--json").stdout)
    assert [h["region"] for h in history] == [
        "forearm_left",
        "abdomen_lower_right",
        "thigh_front_left",
    ]
    assert {"id", "at", "region", "spot", "route", "note"} <= history[0].keys()
    assert history[0]["at"] == "2026-11-20T08:30:00+01:00"

    for fmt in ("json", "csv"):
        out = tmp_path / f"export.{fmt}"
        assert run("export", "--format", fmt, "--output", str(out)).exit_code == 0
        empty = f"sqlite:///{tmp_path / f'empty-{fmt}.sqlite3'}"
        runner = CliRunner()
        env = {"SITECARE_DATABASE_URL": empty}
        imported = runner.invoke(app, ["import", str(out)], env=env)
        assert imported.exit_code == 0, imported.output
        again = json.loads(runner.invoke(app, ["history", "--json"], env=env).stdout)
        assert again == history
        re_export = runner.invoke(app, ["export", "--format", fmt], env=env).stdout
        if fmt == "json":
            strip = lambda d: {k: v for k, v in json.loads(d).items() if k != "exported_at"}  # noqa: E731
            assert strip(re_export) == strip(out.read_text())
        else:
            assert re_export == out.read_text()


def test_a_typo_in_a_region_is_refused_with_a_suggestion(run) -> None:  # type: ignore[no-untyped-def]
    result = run("log", "antecubital_fosa_left")
    assert result.exit_code == 2
    assert "did you mean antecubital_fossa_left" in result.stderr.lower()
    assert json.loads(run("history", "--json").stdout) == []


def test_a_bad_time_says_which_format_is_expected(run) -> None:  # type: ignore[no-untyped-def]
    result = run("log", "forearm_left", "--at", "last tuesday-ish")
    assert result.exit_code == 2
    assert "ISO 8601" in result.stderr


def test_delete_and_undo(run) -> None:  # type: ignore[no-untyped-def]
    run("log", "forearm_left")
    run("log", "forearm_right")
    ids = [h["id"] for h in json.loads(run("history", "--json").stdout)]
    assert run("delete", str(ids[0])).exit_code == 0
    missing = run("delete", str(ids[0]))
    assert missing.exit_code == 3 and "no injection" in missing.stderr
    undone = run("undo", "--json")
    assert json.loads(undone.stdout)["deleted"]["id"] == ids[1]
    assert run("undo").exit_code == 3


def test_risky_site_warning_goes_to_stderr(run) -> None:  # type: ignore[no-untyped-def]
    result = run("log", "neck_left", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["warnings"]
    assert "avoid" in result.stderr


def test_import_of_a_damaged_file_exits_non_zero_and_changes_nothing(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("log", "forearm_left")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "sitecare-export", "version": 1, "injections": [{"id": 1}]}')
    result = run("import", str(bad))
    assert result.exit_code == 5
    assert "injection #1" in result.stderr
    assert run("import", str(tmp_path / "missing.json")).exit_code == 2
    assert len(json.loads(run("history", "--json").stdout)) == 1


def test_an_unreadable_database_is_reported_plainly(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("not a database at all" * 50)
    result = CliRunner().invoke(app, ["history", "--database-url", f"sqlite:///{junk}"])
    assert result.exit_code == 4
    assert "not a readable sitecare database" in result.stderr


def test_unknown_export_format(run) -> None:  # type: ignore[no-untyped-def]
    result = run("export", "--format", "xml")
    assert result.exit_code == 2 and "json, csv, zip, fhir or nightscout" in result.stderr


def test_the_installed_console_script_runs(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("sitecare")
    env = {**os.environ, "SITECARE_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    done = subprocess.run(
        [str(exe), "log", "forearm_left", "--spot", "1"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert re.match(r"Logged injection 1: Left forearm, spot 1", done.stdout)
    typo = subprocess.run(
        [str(exe), "log", "forarm_left"], env=env, capture_output=True, text=True, check=False
    )
    assert typo.returncode == 2 and "forearm_left" in typo.stderr


def test_erase_needs_yes_when_not_asked_on_a_terminal(run) -> None:  # type: ignore[no-untyped-def]
    run("log", "forearm_left")
    refused = run("erase")
    assert refused.exit_code == 2 and "--yes" in refused.stderr
    assert len(json.loads(run("history", "--json").stdout)) == 1
    done = run("erase", "--yes", "--json")
    assert json.loads(done.stdout)["erased"]["injections"] == 1
    assert json.loads(run("history", "--json").stdout) == []
