"""Region and route words ("left inner elbow", "belly", "iv", "subq") in log, next, history
and the API: one resolver (sitecare.domain.placewords) behind all of them."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from sitecare.cli.app import app


def run(url: str, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), env={"SITECARE_DATABASE_URL": url})


def test_log_history_and_next_read_the_words_people_use(sqlite_url: str) -> None:
    res = run(sqlite_url, "log", "left inner elbow", "--route", "iv", "--json")
    assert res.exit_code == 0, res.output
    logged = json.loads(res.stdout)
    assert logged["region"] == "antecubital_fossa_left" and logged["route"] == "intravenous"
    res = run(sqlite_url, "history", "--region", "inside of the left elbow", "--json")
    assert res.exit_code == 0, res.output
    assert [i["region"] for i in json.loads(res.stdout)] == ["antecubital_fossa_left"]
    res = run(sqlite_url, "next", "--route", "subq", "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["route"] == "subcutaneous"


def test_a_place_without_its_side_lists_every_region_it_could_be(sqlite_url: str) -> None:
    res = run(sqlite_url, "log", "belly")
    assert res.exit_code == 2
    for quarter in ("upper_left", "upper_right", "lower_left", "lower_right"):
        assert f"abdomen_{quarter}" in res.stderr
    res = run(sqlite_url, "log", "elbow_left", "--json")
    assert res.exit_code == 0 and json.loads(res.stdout)["region"] == "antecubital_fossa_left"
