"""Deleted and erased records leave no copy in the SQLite files, the -wal file included, while
the server is running (issue 10, item 5). Every path: the API, the pages and the CLI."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from sitecare.cli.app import app as cli


def _raw(db: Path) -> bytes:
    """Every byte of the database and its -wal and -shm files, as they are on disk now."""
    return b"".join(
        p.read_bytes() for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")) if p.exists()
    )


@pytest.mark.parametrize("how", ["api", "page", "cli", "erase", "check"])
def test_a_deleted_note_is_in_no_database_file_while_the_server_runs(
    tmp_path: Path, serve_process: Callable[..., Any], how: str
) -> None:
    db = tmp_path / "sitecare.sqlite3"
    url = f"sqlite:///{db}"
    server = serve_process(url)
    marker = f"secret-note-{uuid.uuid4().hex}"
    with httpx.Client(base_url=server.url, timeout=30) as c:
        keep = c.post("/api/v1/injections", json={"region": "forearm_right", "note": "kept"})
        assert keep.status_code == 201
        if how == "check":
            r = c.post(
                "/api/v1/checks",
                params={"note": marker},
                json={"findings": ["bruise"], "region": "forearm_left"},
            )
            assert r.status_code == 201, r.text
            record_id = r.json()["check_id"]
        else:
            r = c.post(
                "/api/v1/injections",
                json={"region": "forearm_left", "note": marker, "medicine": marker[:40]},
            )
            assert r.status_code == 201
            record_id = r.json()["id"]
        c.get("/api/v1/injections")  # a reader in between, as a phone would be
        assert marker.encode() in _raw(db)  # it was written (so the test can see a leftover)

        if how == "api":
            assert c.delete(f"/api/v1/injections/{record_id}").status_code == 204
        elif how == "check":
            assert c.delete(f"/api/v1/checks/{record_id}").status_code == 204
        elif how == "page":
            r = c.post(f"/injections/{record_id}/delete", headers={"Sec-Fetch-Site": "same-origin"})
            assert r.status_code == 303
        elif how == "erase":
            assert c.post("/api/v1/erase", json={"confirm": True}).status_code == 200
        else:
            result = CliRunner().invoke(
                cli, ["delete", str(record_id)], env={"SITECARE_DATABASE_URL": url}
            )
            assert result.exit_code == 0, result.output
        assert c.get("/api/v1/injections").status_code == 200  # still serving
        raw = _raw(db)
        assert marker.encode() not in raw
        assert marker[:40].encode() not in raw
        if how != "erase":
            assert b"kept" in raw
        wal = Path(f"{db}-wal")
        assert not wal.exists() or wal.stat().st_size == 0


def _photo_files(root: Path) -> list[Path]:
    import re

    return [p for p in root.rglob("*") if p.is_file() and re.fullmatch(r"[0-9a-f]{32}", p.name)]


@pytest.mark.parametrize("how", ["photo", "check", "erase"])
def test_a_deleted_photo_leaves_no_file_while_the_server_runs(
    tmp_path: Path, serve_process: Callable[..., Any], how: str
) -> None:
    """Issue 14: deleting a photo, its check, or everything leaves no photo file behind."""
    from tests.photos.helpers import jpeg_from_camera

    db = tmp_path / "sitecare.sqlite3"
    server = serve_process(f"sqlite:///{db}")
    with httpx.Client(base_url=server.url, timeout=30) as c:
        case = {"findings": ["bruise"], "region": "forearm_left"}
        check = c.post("/api/v1/checks", json=case).json()["check_id"]
        r = c.post(f"/api/v1/checks/{check}/photos", files={"file": ("a.jpg", jpeg_from_camera())})
        assert r.status_code == 201, r.text
        [file] = _photo_files(tmp_path)
        stored = file.read_bytes()
        if how == "photo":
            assert c.delete(f"/api/v1/photos/{r.json()['id']}").status_code == 204
        elif how == "check":
            assert c.delete(f"/api/v1/checks/{check}").status_code == 204
        else:
            assert c.post("/api/v1/erase", json={"confirm": True}).status_code == 200
        assert c.get("/api/v1/checks").status_code == 200  # still serving
    assert _photo_files(tmp_path) == []
    assert not [p for p in tmp_path.rglob("*") if p.is_file() and p.read_bytes() == stored]
