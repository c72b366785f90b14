"""sitecare next, simulate and settings, run in-process on a SQLite file and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from sitecare.cli.app import app


@pytest.fixture
def run(db_url: str):  # type: ignore[no-untyped-def]
    runner = CliRunner()

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(app, [*args], env={"SITECARE_DATABASE_URL": db_url, "TZ": "UTC"})

    return invoke


def test_next_json_has_the_contract_keys_and_human_output_a_headline(run) -> None:  # type: ignore[no-untyped-def]
    assert (
        run(
            "log",
            "forearm_left",
            "--spot",
            "1",
            "--route",
            "intravenous",
            "--at",
            "2026-11-14T08:00",
        ).exit_code
        == 0
    )
    result = run("next", "--at", "2026-11-20T08:00", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {
        "region",
        "spot",
        "route",
        "reasons",
        "label",
        "tier",
        "ready",
        "rested_days",
        "alternatives",
    } <= data.keys()
    assert data["route"] == "intravenous" and data["tier"] == "preferred" and data["reasons"]
    text = run("next", "--route", "intravenous", "--at", "2026-11-20T08:00")
    assert text.exit_code == 0 and text.stdout.startswith("Next: ")


def test_log_warns_on_a_resting_spot_and_still_stores_it(run) -> None:  # type: ignore[no-untyped-def]
    run("log", "forearm_left", "--spot", "1", "--route", "intravenous", "--at", "2h ago")
    again = run("log", "forearm_left", "--spot", "1", "--route", "intravenous")
    assert again.exit_code == 0 and "still resting" in again.stderr
    assert len(json.loads(run("history", "--json").stdout)) == 2


def test_settings_show_set_unset_and_next_by_medicine(run) -> None:  # type: ignore[no-untyped-def]
    ok = run("settings", "set", "medicine.bolus insulin.regions", "abdomen", "--json")
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["medicines"]["bolus insulin"]["regions"][0].startswith("abdomen")
    run("settings", "set", "medicine.bolus insulin.route", "subcutaneous")
    nxt = json.loads(run("next", "--medicine", "Bolus insulin", "--json").stdout)
    assert nxt["region"].startswith("abdomen_") and nxt["route"] == "subcutaneous"
    shown = run("settings")
    assert shown.exit_code == 0 and "medicine.bolus insulin.regions" in shown.stdout
    assert "rest.subcutaneous" in shown.stdout
    assert run("settings", "unset", "medicine.bolus insulin.regions").exit_code == 0
    assert "medicine.bolus insulin.regions" not in run("settings").stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("settings", "set", "rest.subcutaneous", "soon"), "number of days"),
        (("settings", "set", "regions.intravenous", "forarm_left"), "forearm_left"),
        (("settings", "set", "colour", "blue"), "Unknown setting"),
        (("next", "--route", "orally"), "Unknown route"),
        (("next",), "Which route"),
        (("next", "--route", "intravenous", "--at", "someday"), "Cannot read the time"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(run, args, words) -> None:  # type: ignore[no-untyped-def]
    result = run(*args)
    assert result.exit_code == 2 and words in result.stderr


def test_simulate_json_prints_every_choice_and_the_summary() -> None:
    result = CliRunner().invoke(
        app,
        [
            "simulate",
            "--route",
            "subcutaneous",
            "--per-day",
            "4",
            "--days",
            "20",
            "--regions",
            "abdomen,thigh_front",
            "--start",
            "2026-01-05T08:00+00:00",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["choices"]) == 80 and data["choices"][0] == {
        "at": "2026-01-05T08:00:00+00:00",
        "region": "thigh_front_left",
        "spot": "1",
        "tier": "preferred",
        "ready": True,
    }
    assert data["eligible_spots"] == 4 * 31 + 2 * 32 and data["avoid_picks"] == 0
    text = CliRunner().invoke(
        app, ["simulate", "--route", "intravenous", "--per-day", "3", "--days", "2"]
    )
    assert text.exit_code == 0 and "Avoid picks: 0" in text.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--route", "orally", "--per-day", "3", "--days", "2"), "Unknown route"),
        (("--route", "intravenous", "--per-day", "0", "--days", "2"), "--per-day"),
        (("--route", "intravenous", "--per-day", "2", "--days", "0"), "--days"),
        (
            ("--route", "intravenous", "--per-day", "2", "--days", "2", "--regions", "nek"),
            "Unknown region",
        ),
        (
            ("--route", "intravenous", "--per-day", "2", "--days", "2", "--regions", "neck_left"),
            "place to avoid",
        ),
    ],
)
def test_simulate_bad_input_exits_2(args, words) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(app, ["simulate", *args])
    assert result.exit_code == 2 and words in result.stderr


def test_spot_help_draws_the_region_and_logs_nothing(run) -> None:  # type: ignore[no-untyped-def]
    run("log", "abdomen_lower_right", "--spot", "1", "--route", "subcutaneous", "--at", "1h ago")
    shown = run("log", "abdomen_lower_right", "--spot", "help", "--route", "subcutaneous")
    assert shown.exit_code == 0, shown.output
    assert "31 spots, 2 cm apart" in shown.stdout
    assert "toward the navel" in shown.stdout and "toward the hip bone" in shown.stdout
    assert "(1)" in shown.stdout and "still resting" in shown.stdout  # spot 1 rests
    assert len(json.loads(run("history", "--json").stdout)) == 1
    bad = run("log", "forearm_left", "--spot", "9")
    assert bad.exit_code == 2 and "no spot '9'" in bad.stderr
    assert "nearest the heart" in bad.stderr and "toward the wrist" in bad.stderr


def test_next_draws_the_suggested_spot_and_log_names_the_route_it_chose(run) -> None:  # type: ignore[no-untyped-def]
    logged = run("log", "forearm_left", "--spot", "1", "--at", "2026-11-20T06:00")
    assert logged.exit_code == 0
    assert "Route: intravenous (into a vein), because no --route was given" in logged.stderr
    spanish = run("--language", "es", "log", "forearm_right", "--at", "2026-11-20T06:30")
    assert spanish.exit_code == 0, spanish.output
    said = " ".join(spanish.stderr.split())
    assert "Vía: intravenous (en una vena), porque no se dio --route" in said
    run("delete", str(json.loads(run("history", "--json").stdout)[-1]["id"]))
    text = run("next", "--at", "2026-11-20T08:00").stdout
    assert "[2] suggested" in text or "[1] suggested" in text
    assert "along the vein" in text


def test_simulate_four_a_day_over_the_four_belly_quarters(run) -> None:  # type: ignore[no-untyped-def]
    """Issue 11's check, as a person would run it."""
    quarters = "abdomen_upper_left,abdomen_upper_right,abdomen_lower_left,abdomen_lower_right"
    res = run(
        "simulate", "--route", "subcutaneous", "--per-day", "4", "--days", "60",
        "--regions", quarters, "--json",
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["eligible_spots"] >= 80
    assert data["picks_while_all_resting"] == 0 and data["rest_ratio"] >= 0.95
