"""``sitecare check --photo FILE`` and ``sitecare photos``: list, save, delete; bad files give
exit code 2 naming the file, and nothing is stored."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.photos.conftest import photo_files
from tests.photos.helpers import TRACES, heic_from_camera, jpeg_from_camera
from typer.testing import CliRunner

from sitecare.cli.app import app as cli

CASE = '{"findings": ["bruise"]}'


def _run(tmp_path: Path, *args: str, input: str | None = None) -> Any:
    env = {
        "SITECARE_DATABASE_URL": f"sqlite:///{tmp_path / 'me.sqlite3'}",
        "SITECARE_DATA_DIR": str(tmp_path / "data"),
    }
    return CliRunner().invoke(cli, list(args), input=input, env=env)


def test_a_check_keeps_its_photos_and_sitecare_photos_lists_saves_and_deletes(
    tmp_path: Path,
) -> None:
    jpg, heic = tmp_path / "IMG_1.JPG", tmp_path / "IMG_2.HEIC"
    jpg.write_bytes(jpeg_from_camera(6))
    heic.write_bytes(heic_from_camera())
    r = _run(
        tmp_path, "check", "--input", "-", "--region", "forearm_left",
        "--photo", str(jpg), "--photo", str(heic), "--json", input=CASE,
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    got = json.loads(r.stdout)
    assert len(got["photos"]) == 2 and got["photos"][0]["check_id"] == got["check_id"]

    listed = _run(tmp_path, "photos", "--json")
    assert [p["id"] for p in json.loads(listed.stdout)] == [p["id"] for p in got["photos"]]
    text = _run(tmp_path, "photos", "--region", "forearm_left")
    assert "Left forearm" in text.stdout and "40 x 64 px" in text.stdout

    out = tmp_path / "saved.jpg"
    first = got["photos"][0]["id"]
    assert _run(tmp_path, "photos", "save", str(first), "--output", str(out)).exit_code == 0
    assert out.read_bytes()[:2] == b"\xff\xd8"
    assert not any(t in out.read_bytes() for t in TRACES)

    assert _run(tmp_path, "photos", "delete", str(first)).exit_code == 0
    assert _run(tmp_path, "photos", "delete", str(first)).exit_code == 3
    assert len(photo_files(tmp_path)) == 1


def test_a_bad_photo_is_refused_before_the_check_is_stored(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("not a photo")
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(jpeg_from_camera(width=800, height=600)[:300])
    for path, words in (
        (bad, "not a photo"),
        (cut, "cut short"),
        (tmp_path / "nope.jpg", "no file"),
    ):
        r = _run(
            tmp_path, "check", "--input", "-", "--region", "forearm_left",
            "--photo", str(path), input=CASE,
        )  # fmt: skip
        assert r.exit_code == 2, r.output
        assert str(path) in r.stderr and words in r.stderr
    assert json.loads(_run(tmp_path, "photos", "--json").stdout) == []
    assert "No photos yet" in _run(tmp_path, "photos").stdout
    no_region = _run(tmp_path, "check", "--photo", str(cut))
    assert no_region.exit_code == 2 and "--photo needs --region" in no_region.stderr


def test_export_to_json_or_zip_and_import_back_byte_for_byte(tmp_path: Path) -> None:
    import zipfile

    shot = tmp_path / "IMG_1.JPG"
    shot.write_bytes(jpeg_from_camera(6))
    r = _run(
        tmp_path, "check", "--input", "-", "--region", "forearm_left",
        "--photo", str(shot), "--json", input=CASE,
    )  # fmt: skip
    photo = json.loads(r.stdout)["photos"][0]["id"]
    original = tmp_path / "original.jpg"
    _run(tmp_path, "photos", "save", str(photo), "-o", str(original))
    for fmt in ("json", "zip"):
        out = tmp_path / f"export.{fmt}"
        assert _run(tmp_path, "export", "--format", fmt, "--output", str(out)).exit_code == 0
        if fmt == "zip":
            names = zipfile.ZipFile(out).namelist()
            assert "sitecare-export.json" in names and any(n.startswith("photos/") for n in names)
        assert _run(tmp_path, "erase", "--yes").exit_code == 0
        assert photo_files(tmp_path) == []
        back = _run(tmp_path, "import", str(out), "--json")
        assert back.exit_code == 0, back.output
        assert json.loads(back.stdout)["photos_added"] == 1
        again = tmp_path / f"again-{fmt}.jpg"
        assert _run(tmp_path, "photos", "save", str(photo), "-o", str(again)).exit_code == 0
        assert again.read_bytes() == original.read_bytes()


def test_a_damaged_zip_or_a_photo_that_is_not_one_changes_nothing(tmp_path: Path) -> None:
    bad_zip = tmp_path / "bad.zip"
    bad_zip.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    r = _run(tmp_path, "import", str(bad_zip))
    assert r.exit_code == 5 and "zip file is damaged" in r.stderr
    doc = {
        "format": "sitecare-export",
        "version": 1,
        "observations": [{"id": 1, "uid": "c-1", "at": "2026-11-30T10:00:00+00:00"}],
        "photos": [
            {"id": 1, "uid": "p-1", "check_uid": "c-1", "added_at": "2026-11-30T10:00:00Z",
             "data": "bm90IGEgcGhvdG8="},
        ],
    }  # fmt: skip
    bad_json = tmp_path / "bad.json"
    bad_json.write_text(json.dumps(doc))
    r = _run(tmp_path, "import", str(bad_json))
    assert r.exit_code == 5 and "photo #1" in r.stderr and "not a photo" in r.stderr
    assert json.loads(_run(tmp_path, "history", "--json").stdout) == []


def test_an_imported_photo_with_metadata_is_cleaned_before_it_is_kept(tmp_path: Path) -> None:
    import base64

    doc = {
        "format": "sitecare-export",
        "version": 1,
        "observations": [
            {"id": 1, "uid": "c-1", "at": "2026-11-30T10:00:00+00:00", "region": "forearm_left"}
        ],
        "photos": [
            {"id": 1, "uid": "p-1", "check_uid": "c-1", "added_at": "2026-11-30T10:00:00Z",
             "data": base64.b64encode(jpeg_from_camera(6)).decode()},
        ],
    }  # fmt: skip
    path = tmp_path / "from-elsewhere.json"
    path.write_text(json.dumps(doc))
    assert _run(tmp_path, "import", str(path)).exit_code == 0
    [stored] = photo_files(tmp_path)
    assert not any(t in stored.read_bytes() for t in TRACES)
