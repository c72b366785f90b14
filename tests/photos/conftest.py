"""Photo fixtures: the real app in-process on SQLite and PostgreSQL, and the photo files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sitecare.config import Settings
from sitecare.web.app import create_app

_ADDRESS = re.compile(r"[0-9a-f]{32}")


def photo_files(root: Path) -> list[Path]:
    """Every photo file under ``root`` (the blob stores keep them under their address)."""
    return [p for p in root.rglob("*") if p.is_file() and _ADDRESS.fullmatch(p.name)]


@pytest.fixture
def client(db_url: str, tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=db_url, data_dir=tmp_path / "data"))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


def add_check(c: TestClient, region: str = "forearm_left") -> int:
    r = c.post("/api/v1/checks", json={"findings": ["bruise"], "region": region})
    assert r.status_code == 201, r.text
    return int(r.json()["check_id"])


def upload(c: TestClient, check_id: int, data: bytes, name: str = "photo.jpg") -> Any:
    return c.post(f"/api/v1/checks/{check_id}/photos", files={"file": (name, data)})
