"""FHIR ``--with-photos``: one Media per photo, linked to its check, and back byte for byte."""

from __future__ import annotations

import base64
import copy
import json
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from tests.exports.conftest import NOW_TEXT, SNAPSHOTS, load_sample_with_photos
from tests.exports.test_fhir import _without_assessments
from tests.photos.helpers import TRACES, jpeg_from_camera
from typer.testing import CliRunner

from sitecare.cli.app import app
from sitecare.domain.errors import ImportFileError
from sitecare.services.app import Sitecare

NOW = datetime.fromisoformat(NOW_TEXT)
GOLDEN = SNAPSHOTS / "fhir_bundle_photos.json"
Open = Callable[..., Sitecare]


@pytest.fixture
def sample(open_services: Open, sqlite_copy: Callable[[str], str]) -> Sitecare:
    return load_sample_with_photos(open_services(sqlite_copy("sample.sqlite3")))


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _images(sc: Sitecare) -> dict[str, bytes]:
    return {p.uid: sc.photos.image(p.id, now=NOW)[1] for p in sc.photos.list_photos(now=NOW)}


def _shape(bundle: dict[str, Any]) -> dict[str, Any]:
    """The Bundle with what the rule base and the JPEG encoder decide replaced."""
    out = _without_assessments(bundle)
    for media in _resources(out, "Media"):
        media["content"]["data"] = "<the photo's JPEG as base64>"
    return out


def test_the_bundle_with_photos_keeps_its_shape(sample: Sitecare) -> None:
    bundle = _shape(sample.fhir.export_bundle(now=NOW, with_photos=True))
    if os.environ.get("SITECARE_REGEN_SNAPSHOTS"):
        GOLDEN.write_text(json.dumps(bundle, indent=2, ensure_ascii=False) + "\n")
    assert bundle == json.loads(GOLDEN.read_text(encoding="utf-8")), (
        "the FHIR shape changed: if on purpose, run with SITECARE_REGEN_SNAPSHOTS=1 and review"
    )


def test_each_photo_is_a_valid_media_of_its_check(sample: Sitecare) -> None:
    bundle = sample.fhir.export_bundle(now=NOW, with_photos=True)
    Bundle.model_validate(bundle)  # fhir.resources' R4B models
    media = _resources(bundle, "Media")
    assert len(media) == 3
    urls = {e["resource"]["id"]: e["fullUrl"] for e in bundle["entry"]}
    checks = {o["id"]: o for o in _resources(bundle, "Observation")}
    stored = _images(sample)
    for m in media:
        assert m["content"]["contentType"] == "image/jpeg"
        assert base64.b64decode(m["content"]["data"]) == stored[m["identifier"][0]["value"]]
        (part,) = m["partOf"]
        check = next(c for c in checks.values() if urls[c["id"]] == part["reference"])
        assert m["bodySite"] == check["bodySite"]
        assert {"reference": urls[m["id"]]} in check["derivedFrom"]
    assert media[0]["extension"][0]["valueDecimal"] == 0.25
    assert "extension" not in media[1]


def test_without_the_flag_no_image_is_in_the_bundle(sample: Sitecare) -> None:
    bundle = sample.fhir.export_bundle(now=NOW)
    text = json.dumps(bundle)
    assert not _resources(bundle, "Media")
    assert '"derivedFrom"' not in text
    for image in _images(sample).values():
        assert base64.b64encode(image).decode()[:40] not in text


def test_import_gives_back_every_photo_byte_for_byte(
    sample: Sitecare, open_services: Open, empty_sqlite_url: str
) -> None:
    text = sample.fhir.export_text(now=NOW, with_photos=True)
    empty = open_services(empty_sqlite_url)
    done = empty.fhir.import_text(text, now=NOW)
    assert done.report.photos_added == 3 and done.skipped == []
    assert _images(empty) == _images(sample)
    before = {p.uid: (p.check_uid, p.mm_per_px) for p in sample.photos.list_photos(now=NOW)}
    after = {p.uid: (p.check_uid, p.mm_per_px) for p in empty.photos.list_photos(now=NOW)}
    assert after == before
    again = empty.fhir.import_text(text, now=NOW)  # a second import adds nothing
    assert again.report.photos_added == 0


def test_a_media_from_elsewhere_is_cleaned_like_an_upload(
    sample: Sitecare, open_services: Open, empty_sqlite_url: str
) -> None:
    bundle = sample.fhir.export_bundle(now=NOW, with_photos=True)
    media = _resources(bundle, "Media")[0]
    media["content"]["data"] = base64.b64encode(jpeg_from_camera()).decode()
    del media["identifier"]
    empty = open_services(empty_sqlite_url)
    empty.fhir.import_text(json.dumps(bundle), now=NOW)
    for image in _images(empty).values():
        assert not any(trace in image for trace in TRACES)


def test_a_media_of_no_check_is_skipped_and_one_without_data_refused(
    sample: Sitecare, open_services: Open, empty_sqlite_url: str, tmp_path: Path
) -> None:
    bundle = sample.fhir.export_bundle(now=NOW, with_photos=True)
    lonely = copy.deepcopy(bundle)
    n, media = next(
        (n, e["resource"])
        for n, e in enumerate(lonely["entry"])
        if e["resource"]["id"] == "photo-3"
    )
    media["partOf"] = [{"reference": "urn:uuid:00000000-0000-4000-8000-999999999999"}]
    for obs in _resources(lonely, "Observation"):
        obs.pop("derivedFrom", None)
    empty = open_services(empty_sqlite_url)
    done = empty.fhir.import_text(json.dumps(lonely), now=NOW)
    assert done.report.photos_added == 2  # the two photos of the first check
    assert any(s.startswith(f"Bundle.entry[{n}].resource: Media") for s in done.skipped)
    linked = copy.deepcopy(bundle)
    media = next(e["resource"] for e in linked["entry"] if e["resource"]["id"] == "photo-3")
    media["content"] = {"contentType": "image/jpeg", "url": "https://example.org/a.jpg"}
    fresh = open_services(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    with pytest.raises(ImportFileError, match=r"content\.data"):
        fresh.fhir.import_text(json.dumps(linked), now=NOW)
    assert fresh.transfer.count(now=NOW) == 0


def test_the_cli_and_the_api_take_with_photos(
    sample: Sitecare, tmp_path: Path, empty_sqlite_url: str
) -> None:
    url = f"sqlite:///{tmp_path / 'sample.sqlite3'}"
    runner = CliRunner()
    out = tmp_path / "bundle.json"
    done = runner.invoke(
        app,
        ["export", "--format", "fhir", "--with-photos", "--output", str(out)],
        env={"SITECARE_DATABASE_URL": url},
    )
    assert done.exit_code == 0, done.output
    assert len(_resources(json.loads(out.read_text()), "Media")) == 3
    wrong = runner.invoke(
        app, ["export", "--format", "csv", "--with-photos"], env={"SITECARE_DATABASE_URL": url}
    )
    assert wrong.exit_code != 0 and "--with-photos" in wrong.stderr
    imported = runner.invoke(
        app, ["import", str(out), "--json"], env={"SITECARE_DATABASE_URL": empty_sqlite_url}
    )
    assert imported.exit_code == 0, imported.output
    assert json.loads(imported.stdout)["photos_added"] == 3


def test_the_api_exports_photos_only_when_asked(sample: Sitecare, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from sitecare.config import Settings
    from sitecare.web.app import create_app

    url = f"sqlite:///{tmp_path / 'sample.sqlite3'}"
    settings = Settings(database_url=url, data_dir=tmp_path)
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as client:
        plain = client.get("/api/v1/export?format=fhir")
        with_photos = client.get("/api/v1/export?format=fhir&with_photos=true")
        wrong = client.get("/api/v1/export?format=csv&with_photos=true")
    assert not _resources(plain.json(), "Media")
    assert len(_resources(with_photos.json(), "Media")) == 3
    assert wrong.status_code in (400, 422) and "with_photos" in wrong.text
