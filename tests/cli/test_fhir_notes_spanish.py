"""``sitecare --language es import`` of a FHIR Bundle lists the resources it left out in Spanish
(an Immunization by its status, a Media that is no photo of a check in the Bundle); the element
path, the resource type and the status code stay as the Bundle has them. In English, and in
``--json``, the notes are what sitecare always printed. (No web page imports a file.)"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from tests.cli.test_import_errors_spanish import NOW, Open, run
from tests.exports.conftest import load_sample_with_photos

from sitecare.domain.messages import localise

IMMUNIZATION = {
    "resourceType": "Immunization",
    "status": "completed",
    "vaccineCode": {"text": "flu"},
    "patient": {"reference": "urn:uuid:x"},
    "occurrenceDateTime": "2026-11-01T10:00:00Z",
}


def _bundle(open_services: Open, tmp_path: Path) -> tuple[dict[str, Any], int, int]:
    """The sample's Bundle with photos, one Immunization more and photo-3 of no check."""
    sc = load_sample_with_photos(open_services(f"sqlite:///{tmp_path / 'sample.sqlite3'}"))
    bundle = copy.deepcopy(sc.fhir.export_bundle(now=NOW, with_photos=True))
    media = next(
        (n, e["resource"])
        for n, e in enumerate(bundle["entry"])
        if e["resource"]["id"] == "photo-3"
    )
    media[1]["partOf"] = [{"reference": "urn:uuid:00000000-0000-4000-8000-999999999999"}]
    for entry in bundle["entry"]:
        if entry["resource"]["resourceType"] == "Observation":
            entry["resource"].pop("derivedFrom", None)
    bundle["entry"].append({"resource": IMMUNIZATION})
    return bundle, media[0], len(bundle["entry"]) - 1


def test_the_skipped_resources_are_listed_in_spanish(open_services: Open, tmp_path: Path) -> None:
    bundle, media, immunization = _bundle(open_services, tmp_path)
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle))
    url = f"sqlite:///{tmp_path / 'es.sqlite3'}"
    res = run(url, "import", str(path))
    assert res.exit_code == 0, res.output
    said = " ".join(str(res.output).split())
    assert (
        f"No se importó: Bundle.entry[{immunization}].resource: Immunization (estado completed)"
        in said
    )
    assert (
        f"No se importó: Bundle.entry[{media}].resource: Media (no es la foto de ninguna "
        "revisión del Bundle)" in said
    )
    assert [w for w in ("Not imported", "status", "not a photo", "check in") if w in said] == []


def test_the_notes_in_english_and_json_are_unchanged(open_services: Open, tmp_path: Path) -> None:
    bundle, media, immunization = _bundle(open_services, tmp_path)
    english = [
        f"Bundle.entry[{media}].resource: Media (not a photo of a check in the Bundle)",
        f"Bundle.entry[{immunization}].resource: Immunization (status completed)",
    ]
    empty = open_services(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    result = empty.fhir.import_text(json.dumps(bundle), now=NOW)
    assert sorted(result.skipped) == sorted(english)
    assert sorted(localise(result.skipped, "es")) == sorted(
        [
            f"Bundle.entry[{media}].resource: Media (no es la foto de ninguna revisión del Bundle)",
            f"Bundle.entry[{immunization}].resource: Immunization (estado completed)",
        ]
    )
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle))
    url = f"sqlite:///{tmp_path / 'en.sqlite3'}"
    res = run(url, "import", str(path), lang="en")
    assert res.exit_code == 0, res.output
    said = " ".join(str(res.output).split())
    assert all(f"Not imported: {line}" in said for line in english)
    as_json = run(f"sqlite:///{tmp_path / 'json.sqlite3'}", "import", str(path), "--json")
    assert as_json.exit_code == 0, as_json.output
    assert sorted(json.loads(as_json.stdout)["skipped_resources"]) == sorted(english)
