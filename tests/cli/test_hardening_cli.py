"""The command line answers out-of-range input with exit 2 or 5 naming the field, never a
traceback (issue 10, items 7 and 8), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitecare.cli.app import app

HUGE = "99999999999999999999"


@pytest.fixture
def run(db_url: str):  # type: ignore[no-untyped-def]
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        result = runner.invoke(app, [*args], input=input, env={"SITECARE_DATABASE_URL": db_url})
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        assert "Traceback" not in result.output
        return result

    return invoke


@pytest.mark.parametrize(
    "args,field",
    [
        (["log", "forearm_left", "--at", "0001-01-01T00:00"], "at"),
        (["log", "forearm_left", "--at", "99999999h ago"], "at"),
        (["log", "forearm_left", "--at", "9" * 400 + "h ago"], "at"),
        (["log", "forearm_left", "--at", "9999-12-31T23:59+14:00"], "at"),
        (["log", "forearm_left", "--at", "1899-06-01T10:00"], "at"),
        (["next", "--at", "9999-12-31T23:59"], "at"),
        (["history", "--since", "0001-01-01"], "since"),
        (["history", "--limit", HUGE], "limit"),
        (["history", "--limit", "0"], "limit"),
        (["delete", HUGE], "injection_id"),
        (["delete", "0"], "injection_id"),
        (["simulate", "--route", "intravenous", "--per-day", "2", "--days", "3",
          "--start", "9999-12-30T00:00"], "start"),
    ],
)  # fmt: skip
def test_out_of_range_input_exits_2_naming_the_field(run, args: list[str], field: str) -> None:  # type: ignore[no-untyped-def]
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert field in result.stderr or "time" in result.stderr, result.stderr
    assert run("history", "--json").stdout.strip() == "[]"


@pytest.mark.parametrize(
    "option,value",
    [
        ("--note", "red \x1b[31malert\x1b[0m"),
        ("--note", "bell\x07"),
        ("--medicine", "tab\tinside"),
        ("--medicine", "c1\x85inside"),
    ],
)
def test_control_characters_are_refused_and_never_echoed(run, option: str, value: str) -> None:  # type: ignore[no-untyped-def]
    result = run("log", "forearm_left", option, value)
    assert result.exit_code == 2
    assert option.strip("-") in result.stderr and "control character" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr


def test_a_deeply_nested_import_file_is_damaged_not_a_crash(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    deep = tmp_path / "deep.json"
    deep.write_text(
        '{"format": "sitecare-export", "version": 1, "settings": {"a": '
        + "[" * 50_000
        + "]" * 50_000
        + "}}"
    )
    result = run("import", str(deep))
    assert result.exit_code == 5, result.output
    assert "nested" in result.stderr
    case = tmp_path / "case.json"
    case.write_text('{"findings": ' + "[" * 50_000 + "]" * 50_000 + "}")
    result = run("check", "--input", str(case))
    assert result.exit_code == 2, result.output


def test_an_import_with_an_implausible_time_changes_nothing(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc = {
        "format": "sitecare-export",
        "version": 1,
        "injections": [
            {
                "id": 1,
                "uid": "u-1",
                "at": "0001-01-01T00:00:00+00:00",
                "region": "forearm_left",
                "route": "intravenous",
            }
        ],
    }
    path = tmp_path / "old.json"
    path.write_text(json.dumps(doc))
    result = run("import", str(path))
    assert result.exit_code == 5 and "injection #1" in result.stderr
    doc["injections"][0]["note"] = "a\x1b[2Jb"  # type: ignore[index]
    doc["injections"][0]["at"] = "2026-01-01T00:00:00+00:00"  # type: ignore[index]
    path.write_text(json.dumps(doc))
    result = run("import", str(path))
    assert result.exit_code == 5 and "control character" in result.stderr
    assert run("history", "--json").stdout.strip() == "[]"
