"""Nightscout treatments: sample files written from the API documentation (v1 array, v3
answer with AndroidAPS's site-location fields), every AndroidAPS zone, and the round trip."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from tests.exports.conftest import NOW_TEXT, load_sample
from typer.testing import CliRunner

from sitecare.cli.app import app
from sitecare.domain.errors import ImportFileError
from sitecare.exports.nightscout import locations
from sitecare.services.app import Sitecare

NOW = datetime.fromisoformat(NOW_TEXT)
SAMPLES = Path(__file__).resolve().parent / "samples"
Open = Callable[..., Sitecare]


@pytest.fixture
def empty(open_services: Open, empty_db_url: str) -> Sitecare:
    return open_services(empty_db_url)


def test_the_v1_array_maps_androidaps_locations_and_lists_the_rest(empty: Sitecare) -> None:
    text = (SAMPLES / "nightscout_v1_treatments.json").read_text()
    assert empty.nightscout.is_treatments(text)
    result = empty.nightscout.import_text(text, now=NOW)
    assert result.report.injections_added == 1
    (inj,) = empty.records.history(now=NOW)
    assert (inj.region, inj.route, inj.medicine) == (
        "abdomen_lower_left",
        "subcutaneous",
        "insulin pump site",
    )
    assert inj.at.isoformat() == "2026-11-21T07:45:00+01:00"  # created_at (UTC) in utcOffset
    assert inj.note == "AndroidAPS direction in the zone: Center"
    assert result.unmapped == [
        "treatment #1 (Site Change, 2026-11-18 02:12): no site location "
        "(no AndroidAPS 'location', no sitecare region)",
        "treatment #3 (Sensor Change, 2026-11-19 08:00): no site location "
        "(no AndroidAPS 'location', no sitecare region)",
    ]
    assert result.left_out == [
        "1 'Meal Bolus' treatment: not a site change",
        "1 'Note' treatment: not a site change",
    ]


def test_the_v3_answer_maps_every_known_location(empty: Sitecare) -> None:
    text = (SAMPLES / "nightscout_v3_treatments.json").read_text()
    result = empty.nightscout.import_text(text, now=NOW)
    got = [(i.region, i.medicine, i.at.isoformat()) for i in empty.records.history(now=NOW)]
    assert got == [
        ("upper_arm_back_right", "insulin pump site", "2026-11-20T09:00:00+01:00"),
        ("thigh_front_right", "glucose sensor", "2026-11-21T09:00:00+01:00"),
        ("buttock_upper_outer_left", "insulin pump site", "2026-11-24T09:00:00+01:00"),
    ]
    assert len(result.unmapped) == 2
    assert "'Front Left Upper Chest': sitecare's atlas has no chest region" in result.unmapped[0]
    assert "'Side Left Upper Thigh': sitecare's outer thigh region" in result.unmapped[1]
    assert result.left_out == ["1 'Temp Basal' treatment: not a site change"]
    again = empty.nightscout.import_text(text, now=NOW)  # the identifiers keep it once
    assert again.report.injections_added == 0 and again.report.skipped_existing == 3


def test_every_androidaps_zone_is_mapped_or_listed(empty: Sitecare) -> None:
    zones = locations()["zones"]
    assert len(zones) == 24  # AndroidAPS's Location entries, less NONE
    treatments = [
        {
            "eventType": "Site Change",
            "date": 1795161600000 + n * 3_600_000,
            "location": zone,
            "identifier": f"zone-{n}",
        }
        for n, zone in enumerate(zones)
    ]
    result = empty.nightscout.import_text(json.dumps(treatments), now=NOW)
    mapped = [z for z, spec in zones.items() if spec["region"]]
    assert result.report.injections_added == len(mapped) == 18
    assert len(result.unmapped) == 6
    # the enum names AndroidAPS uses inside work too
    other = empty.nightscout.import_text(
        json.dumps(
            [
                {
                    "eventType": "Site Change",
                    "created_at": "2026-11-01T10:00:00Z",
                    "location": "FRONT_RIGHT_LOWER_ABDOMEN",
                    "_id": "x1",
                }
            ]
        ),
        now=NOW,
    )
    assert other.report.injections_added == 1


def test_export_then_import_gives_the_same_rows(
    open_services: Open, sqlite_copy: Callable[[str], str], empty: Sitecare
) -> None:
    sample = open_services(sqlite_copy("sample.sqlite3"))
    load_sample(sample)
    treatments = sample.nightscout.export_treatments(now=NOW)
    assert [t["eventType"] for t in treatments] == ["Site Change", "Site Change"]
    first = treatments[0]
    assert first["notes"] == "sitecare: Lower left belly, spot 3. before breakfast"
    assert first["location"] == "Front Left Lower Abdomen"
    assert first["date"] == 1795159800000 and first["utcOffset"] == 60
    assert first["created_at"] == "2026-11-20T07:30:00Z"
    result = empty.nightscout.import_text(json.dumps(treatments), now=NOW)
    assert result.report.injections_added == 2 and result.skipped == []
    subcutaneous = [i for i in sample.records.history(now=NOW) if i.route == "subcutaneous"]
    assert empty.records.history(now=NOW) == subcutaneous


def test_a_damaged_file_changes_nothing(empty: Sitecare) -> None:
    bad_time = [
        {
            "eventType": "Site Change",
            "created_at": "2026-11-01T10:00:00Z",
            "location": "Back Right Buttock",
            "_id": "a",
        },
        {
            "eventType": "Site Change",
            "created_at": "last tuesday",
            "location": "Back Right Buttock",
            "_id": "b",
        },
    ]
    with pytest.raises(ImportFileError, match="treatment #2: 'last tuesday' is not a time"):
        empty.nightscout.import_text(json.dumps(bad_time), now=NOW)
    assert empty.records.history(now=NOW) == []
    with pytest.raises(ImportFileError, match="not a Nightscout treatments file"):
        empty.nightscout.import_text('{"status": 200, "result": "none"}', now=NOW)


def test_the_cli_exports_and_imports_nightscout(tmp_path: Path, open_services: Open) -> None:
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    env = {"SITECARE_DATABASE_URL": url}
    done = runner.invoke(
        app, ["import", str(SAMPLES / "nightscout_v3_treatments.json"), "--json"], env=env
    )
    assert done.exit_code == 0, done.output
    answer = json.loads(done.stdout)
    assert answer["injections_added"] == 3 and len(answer["not_mapped"]) == 2
    plain = runner.invoke(app, ["import", str(SAMPLES / "nightscout_v1_treatments.json")], env=env)
    assert "Not imported: treatment #1 (Site Change" in plain.stderr
    out = runner.invoke(app, ["export", "--format", "nightscout"], env=env)
    assert out.exit_code == 0
    assert len(json.loads(out.stdout)) == 4
