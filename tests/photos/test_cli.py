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
