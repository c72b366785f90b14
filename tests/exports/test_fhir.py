"""FHIR R4: the Bundle's shape (golden file), the round trip, and what an import refuses."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from tests.exports.conftest import NOW_TEXT, SNAPSHOTS, load_sample
from typer.testing import CliRunner

from sitecare.cli.app import app
from sitecare.domain.errors import ImportFileError
from sitecare.services.app import Sitecare

NOW = datetime.fromisoformat(NOW_TEXT)
GOLDEN = SNAPSHOTS / "fhir_bundle.json"
Open = Callable[..., Sitecare]


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _without_assessments(bundle: dict[str, Any]) -> dict[str, Any]:
    """The Bundle with each check's assessment text replaced (the rule base's words change)."""
    out = copy.deepcopy(bundle)
    for obs in _resources(out, "Observation"):
        for ext in obs.get("extension", []):
            if ext["url"].endswith("/assessment"):
                ext["valueString"] = "<the check's assessment as sitecare JSON>"
    return out


@pytest.fixture
def sample_url(sqlite_copy: Callable[[str], str]) -> str:
    return sqlite_copy("sample.sqlite3")


@pytest.fixture
def sample(open_services: Open, sample_url: str) -> Sitecare:
    sc = open_services(sample_url)
    load_sample(sc)
    return sc


def test_the_bundle_keeps_its_shape(sample: Sitecare) -> None:
    bundle = _without_assessments(sample.fhir.export_bundle(now=NOW))
    if os.environ.get("SITECARE_REGEN_SNAPSHOTS"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(bundle, indent=2, ensure_ascii=False) + "\n")
    assert bundle == json.loads(GOLDEN.read_text(encoding="utf-8")), (
        "the FHIR shape changed: if on purpose, run with SITECARE_REGEN_SNAPSHOTS=1 and review"
    )


def test_the_bundle_is_valid_r4_with_a_coded_site_and_route_per_injection(
    sample: Sitecare,
) -> None:
    bundle = sample.fhir.export_bundle(now=NOW)
    Bundle.model_validate(bundle)  # fhir.resources' R4B models
    assert bundle["type"] == "collection"
    (patient,) = _resources(bundle, "Patient")
    assert "name" not in patient and patient["identifier"][0]["value"] == "me"
    given = _resources(bundle, "MedicationAdministration")
    assert len(given) == 6
    for ma in given:
        systems = [c["system"] for c in ma["dosage"]["site"]["coding"]]
        assert systems[0] == "http://snomed.info/sct", ma["id"]
        assert systems[-1].endswith("/CodeSystem/region")
        assert ma["dosage"]["route"]["coding"]
    assert given[0]["medicationCodeableConcept"] == {"text": "insulin aspart"}
    assert given[0]["note"] == [{"text": "before breakfast"}]
    routes = {c["code"] for ma in given for c in ma["dosage"]["route"]["coding"]}
    assert {"34206005", "47625008", "78421000", "skin_popping"} <= routes


def test_a_check_carries_findings_measurements_the_level_and_a_condition(
    sample: Sitecare,
) -> None:
    bundle = sample.fhir.export_bundle(now=NOW)
    first = _resources(bundle, "Observation")[0]
    codes = {c["code"] for comp in first["component"] for c in comp["code"]["coding"]}
    assert {"444827008", "225550006", "17038008", "fluctuant_lump", "8310-5"} <= codes
    across = [c for c in first["component"] if "valueQuantity" in c]
    assert {"value": 4, "unit": "cm", "system": "http://unitsofmeasure.org", "code": "cm"} in [
        c["valueQuantity"] for c in across
    ]
    assert first["bodySite"]["coding"][1]["code"] == "LACF"
    assert first["valueCodeableConcept"]["coding"][0]["code"] in ("urgent", "emergency")
    conditions = _resources(bundle, "Condition")
    abscess = [c for c in conditions if c["code"]["coding"][0]["code"] == "95382004"]
    assert abscess and abscess[0]["verificationStatus"]["coding"][0]["code"] == "provisional"
    assert abscess[0]["evidence"][0]["detail"][0]["reference"].startswith("urn:uuid:")


def test_export_then_import_into_an_empty_database_gives_the_same_records(
    sample: Sitecare, open_services: Open, empty_db_url: str
) -> None:
    text = sample.fhir.export_text(now=NOW)
    other = open_services(empty_db_url)
    result = other.fhir.import_text(text, now=NOW)
    assert (result.report.injections_added, result.report.observations_added) == (6, 2)
    assert result.skipped == []
    before = sample.transfer.export_document(now=NOW)
    after = other.transfer.export_document(now=NOW)
    assert after["injections"] == before["injections"]
    assert after["observations"] == before["observations"]
    assert other.fhir.export_bundle(now=NOW) == sample.fhir.export_bundle(now=NOW)
    again = other.fhir.import_text(text, now=NOW)  # a second import adds nothing
    assert again.report.skipped_existing == 8 and again.report.injections_added == 0


def _refused(sc: Sitecare, bundle: Any) -> str:
    text = bundle if isinstance(bundle, str) else json.dumps(bundle)
    with pytest.raises(ImportFileError) as caught:
        sc.fhir.import_text(text, now=NOW)
    assert sc.records.history(now=NOW) == []  # nothing was changed
    return caught.value.message


@pytest.fixture
def bundle(sample: Sitecare) -> dict[str, Any]:
    return sample.fhir.export_bundle(now=NOW)


@pytest.fixture
def empty(open_services: Open, sqlite_url: str) -> Sitecare:
    return open_services(sqlite_url)


def test_an_unknown_region_is_refused_with_its_element_path(
    bundle: dict[str, Any], empty: Sitecare
) -> None:
    bundle["entry"][3]["resource"]["dosage"]["site"]["coding"][2]["code"] = "forearm_middle"
    message = _refused(empty, bundle)
    assert message.startswith("Bundle.entry[3].resource.dosage.site.coding[2].code: unknown")
    assert "Nothing was changed" in message


def test_a_site_from_elsewhere_is_read_from_snomed_and_actsite_codes(
    bundle: dict[str, Any], empty: Sitecare
) -> None:
    for entry in bundle["entry"][1:]:
        site = entry["resource"].get("dosage", {}).get("site")
        if site:
            site["coding"] = [c for c in site["coding"] if "sitecare" not in c["system"]]
            site.pop("extension", None)
    result = empty.fhir.import_text(json.dumps(bundle), now=NOW)
    regions = [i.region for i in empty.records.history(now=NOW)]
    assert result.report.injections_added == 6
    assert sorted(regions) == sorted(i["region"] for i in load_sample_regions())


def load_sample_regions() -> list[dict[str, Any]]:
    from tests.exports.conftest import INJECTIONS

    return INJECTIONS


def test_a_site_no_region_fits_is_refused(bundle: dict[str, Any], empty: Sitecare) -> None:
    site = bundle["entry"][1]["resource"]["dosage"]["site"]
    site["coding"] = [{"system": "http://snomed.info/sct", "code": "71966008"}]
    message = _refused(empty, bundle)
    assert message.startswith("Bundle.entry[1].resource.dosage.site: no region of sitecare")


def test_a_bad_shape_is_refused_with_its_element_path(
    bundle: dict[str, Any], empty: Sitecare
) -> None:
    del bundle["entry"][2]["resource"]["subject"]
    assert _refused(empty, bundle).startswith("Bundle.entry[2].resource.subject: Field required")
    bundle["entry"][2]["resource"]["subject"] = {"reference": "urn:uuid:x"}
    bundle["entry"][2]["resource"]["effectiveDateTime"] = "2026-11-20"
    assert "entry[2].resource.effectiveDateTime: needs a date, a time and a zone" in _refused(
        empty, bundle
    )
    bundle["entry"][2]["resource"]["resourceType"] = "Injection"
    assert _refused(empty, bundle).startswith("Bundle.entry[2].resource.resourceType: unknown")


def test_huge_deep_and_damaged_files_are_refused_cleanly(
    empty: Sitecare, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sitecare.exports import validate

    deep = '{"resourceType": "Bundle", "type": "collection", "entry": [' + "[" * 5000
    assert "nested too deeply" in _refused(empty, deep + "]" * 5000 + "]}")
    nested = {"resourceType": "Bundle", "type": "collection", "x": []}
    node = nested["x"]
    for _ in range(60):
        node.append([])
        node = node[0]
    assert "nested too deeply" in _refused(empty, nested)
    assert "damaged at line 1" in _refused(empty, '{"resourceType": "Bundle", ')
    monkeypatch.setattr(validate, "MAX_BYTES", 1000)
    assert "larger than" in _refused(empty, {"resourceType": "Bundle", "pad": "x" * 2000})


def test_other_resources_are_skipped_and_listed(bundle: dict[str, Any], empty: Sitecare) -> None:
    bundle["entry"].append(
        {
            "resource": {
                "resourceType": "Immunization",
                "status": "completed",
                "vaccineCode": {"text": "flu"},
                "patient": {"reference": "urn:uuid:x"},
                "occurrenceDateTime": "2026-11-01T10:00:00Z",
            }
        }
    )
    result = empty.fhir.import_text(json.dumps(bundle), now=NOW)
    assert result.skipped == [
        f"Bundle.entry[{len(bundle['entry']) - 1}].resource: Immunization (status completed)"
    ]


def test_the_cli_exports_and_imports_fhir(
    sample: Sitecare, sample_url: str, tmp_path: Path, empty_sqlite_url: str
) -> None:
    runner = CliRunner()
    out = tmp_path / "bundle.json"
    done = runner.invoke(
        app,
        ["export", "--format", "fhir", "--output", str(out)],
        env={"SITECARE_DATABASE_URL": sample_url},
    )
    assert done.exit_code == 0, done.output
    assert json.loads(out.read_text())["resourceType"] == "Bundle"
    env = {"SITECARE_DATABASE_URL": empty_sqlite_url}
    imported = runner.invoke(app, ["import", str(out), "--json"], env=env)
    assert imported.exit_code == 0, imported.output
    assert json.loads(imported.stdout)["injections_added"] == 6
    broken = json.loads(out.read_text())
    broken["entry"][1]["resource"]["dosage"]["site"]["coding"][2]["code"] = "elbow"
    out.write_text(json.dumps(broken))
    refused = runner.invoke(app, ["import", str(out)], env={"SITECARE_DATABASE_URL": sample_url})
    assert refused.exit_code == 5
    assert "Bundle.entry[1].resource.dosage.site.coding[2].code" in refused.stderr


def test_the_api_exports_fhir(db_url: str, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from sitecare.config import Settings
    from sitecare.web.app import create_app

    with TestClient(
        create_app(Settings(database_url=db_url, data_dir=tmp_path)), base_url="http://127.0.0.1"
    ) as client:
        client.post("/api/v1/injections", json={"region": "forearm_left", "route": "intravenous"})
        answer = client.get("/api/v1/export?format=fhir")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/fhir+json")
    bundle = answer.json()
    Bundle.model_validate(bundle)
    assert len(_resources(bundle, "MedicationAdministration")) == 1
