"""Web fixtures: the real app in-process (TestClient). Browser fixtures are in tests/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sitecare.config import Settings
from sitecare.web.app import create_app


@pytest.fixture
def client(db_url: str, tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=db_url, data_dir=tmp_path))
    # a loopback address, as a browser on this machine sends it (the host guard refuses others)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c
