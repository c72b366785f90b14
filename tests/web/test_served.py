"""A served process (``sitecare serve``'s factory) keeps what start-up loaded out of the garbage
collector's reach; an app a test makes does not (what it leaves must stay collectable)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sitecare.config import Settings
from sitecare.web.app import app_from_env, create_app


def test_the_served_app_freezes_what_start_loaded(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SITECARE_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("SITECARE_DATA_DIR", str(tmp_path))
    gc.unfreeze()
    try:
        app = app_from_env()
        assert gc.get_freeze_count() == 0  # not before start
        with TestClient(app, base_url="http://127.0.0.1") as c:
            assert gc.get_freeze_count() > 0
            assert c.post("/api/v1/injections", json={"region": "forearm_left"}).status_code == 201
    finally:
        gc.unfreeze()


def test_an_app_a_test_makes_freezes_nothing(sqlite_url: str, tmp_path: Path) -> None:
    gc.unfreeze()
    app = create_app(Settings(database_url=sqlite_url, data_dir=tmp_path))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        assert c.get("/api/v1/injections").status_code == 200
    assert gc.get_freeze_count() == 0
