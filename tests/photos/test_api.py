"""The photo API on SQLite and PostgreSQL: what is stored has no metadata, bad files are refused
in plain words, and deleting a photo, its check or everything leaves no photo file behind."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from tests.photos.conftest import add_check, photo_files, upload
from tests.photos.helpers import TRACES, heic_from_camera, jpeg_from_camera
from tests.photos.test_clean import BAD, encoded_size


def _no_trace(data: bytes) -> None:
    im = Image.open(io.BytesIO(data))
    assert im.format == "JPEG" and dict(im.getexif()) == {}
    assert [name for name, _ in im.applist] == ["APP0"]
    assert b"Exif\0" not in data and b"http://ns.adobe.com/xap" not in data
    for trace in TRACES:
        assert trace not in data


@pytest.mark.parametrize(
    ("make", "name"), [(jpeg_from_camera, "IMG_0001.JPG"), (heic_from_camera, "IMG_0002.HEIC")]
)
def test_a_camera_photo_is_stored_without_gps_make_or_date(
    client: TestClient, tmp_path: Path, make: Any, name: str
) -> None:
    check = add_check(client)
    original = make(6)
    r: Any = upload(client, check, original, name)
    assert r.status_code == 201, r.text
    photo = r.json()
    assert photo["check_id"] == check and photo["media_type"] == "image/jpeg"
    assert (photo["width"], photo["height"]) == (40, 64)  # upright
    [stored] = photo_files(tmp_path)
    _no_trace(stored.read_bytes())  # the file on disk
    got = client.get(f"/api/v1/photos/{photo['id']}")
    assert got.status_code == 200 and got.headers["content-type"] == "image/jpeg"
    assert got.headers["cache-control"] == "private, no-store"
    assert got.content == stored.read_bytes()
    listed = client.get(f"/api/v1/checks/{check}/photos").json()
    assert [p["id"] for p in listed] == [photo["id"]]


@pytest.mark.parametrize("bad", list(BAD))
def test_bad_files_answer_4xx_and_keep_nothing(
    client: TestClient, tmp_path: Path, bad: str
) -> None:
    data, _kind, words = BAD[bad]
    if bad == "truncated":
        full = encoded_size(800, 600)
        data = full[: len(full) // 2]
    elif bad == "gif":
        buf = io.BytesIO()
        Image.new("RGB", (8, 8)).save(buf, "GIF")
        data = buf.getvalue()
    check = add_check(client)
    r: Any = upload(client, check, data)
    expected = 413 if bad in ("bomb", "huge bomb", "too many bytes") else 422
    assert r.status_code == expected, r.text
    detail = r.json()["detail"][0]
    assert detail["loc"] == ["body", "file"]
    assert words in detail["msg"] or "larger than 20 MB" in detail["msg"]
    assert photo_files(tmp_path) == []
    assert client.get(f"/api/v1/checks/{check}/photos").json() == []


def test_a_form_without_a_file_and_unknown_ids(client: TestClient) -> None:
    check = add_check(client)
    r = client.post(f"/api/v1/checks/{check}/photos", data={"other": "x"})
    assert r.status_code == 422 and "file" in r.json()["detail"][0]["msg"]
    assert upload(client, 999999, jpeg_from_camera()).status_code == 404
    assert client.get("/api/v1/photos/999999").status_code == 404
    assert client.delete("/api/v1/photos/999999").status_code == 404
    assert client.get("/api/v1/photos/0").status_code == 422


def test_deleting_a_photo_removes_its_file_unless_another_photo_uses_it(
    client: TestClient, tmp_path: Path
) -> None:
    check = add_check(client)
    first: Any = upload(client, check, jpeg_from_camera())
    second: Any = upload(client, check, jpeg_from_camera())  # the same photo: one file
    assert len(photo_files(tmp_path)) == 1
    assert client.delete(f"/api/v1/photos/{first.json()['id']}").status_code == 204
    assert len(photo_files(tmp_path)) == 1  # still used by the second
    assert client.get(f"/api/v1/photos/{first.json()['id']}").status_code == 404
    assert client.delete(f"/api/v1/photos/{second.json()['id']}").status_code == 204
    assert photo_files(tmp_path) == []


@pytest.mark.parametrize("how", ["check", "erase"])
def test_deleting_the_check_or_erasing_leaves_no_photo_file(
    client: TestClient, tmp_path: Path, how: str
) -> None:
    check = add_check(client)
    other = add_check(client, "thigh_front_left")
    upload(client, check, jpeg_from_camera())
    upload(client, other, heic_from_camera())
    assert len(photo_files(tmp_path)) == 2
    if how == "check":
        assert client.delete(f"/api/v1/checks/{check}").status_code == 204
        assert len(photo_files(tmp_path)) == 1
    else:
        r = client.post("/api/v1/erase", json={"confirm": True})
        assert r.status_code == 200 and r.json()["erased"]["photos"] == 2
        assert photo_files(tmp_path) == []


def test_export_then_import_brings_the_photos_back_byte_for_byte(
    client: TestClient, tmp_path: Path, open_services: Any
) -> None:
    check = add_check(client)
    ids = [
        upload(client, check, make()).json()["id"] for make in (jpeg_from_camera, heic_from_camera)
    ]
    before = {i: client.get(f"/api/v1/photos/{i}").content for i in ids}
    doc = client.get("/api/v1/export").json()
    assert [p["id"] for p in doc["photos"]] == ids
    assert client.post("/api/v1/erase", json={"confirm": True}).status_code == 200
    assert photo_files(tmp_path) == []
    from sitecare.config import Settings
    from sitecare.services.app import Sitecare

    settings = client.app.state.settings
    with Sitecare(Settings(database_url=settings.database_url, data_dir=settings.data_dir)) as sc:
        import json
        from datetime import UTC, datetime

        report = sc.transfer.import_text(json.dumps(doc), now=datetime.now(UTC))
        assert report.photos_added == 2
        again = sc.transfer.import_text(json.dumps(doc), now=datetime.now(UTC))
        assert again.photos_added == 0
    for i in ids:
        assert client.get(f"/api/v1/photos/{i}").content == before[i]
    assert client.get("/api/v1/export").json()["photos"] == doc["photos"]


def test_the_openapi_document_names_every_answer(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    post = paths["/api/v1/checks/{check_id}/photos"]["post"]
    assert {"201", "404", "413", "422"} <= set(post["responses"])
    assert "multipart/form-data" in post["requestBody"]["content"]
    get = paths["/api/v1/photos/{photo_id}"]["get"]
    assert "image/jpeg" in get["responses"]["200"]["content"]
    assert {"204", "404"} <= set(paths["/api/v1/photos/{photo_id}"]["delete"]["responses"])
