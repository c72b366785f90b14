"""Measuring a stored photo (SQLite and PostgreSQL): the automatic outline, an outline a person
traced, a size typed by hand; no card answers plainly and keeps nothing; the measurement is in
the photo's JSON, the export and the import, and in the OpenAPI document with its answers."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.measure.conftest import photo as synthetic
from tests.photos.conftest import add_check, upload


def _photo(client: TestClient, **scene: Any) -> tuple[int, Any]:
    made = synthetic(**scene)
    r = upload(client, add_check(client), made.jpeg)
    assert r.status_code == 201, r.text
    return int(r.json()["id"]), made


def test_the_automatic_outline_is_measured_and_kept(client: TestClient) -> None:
    photo_id, made = _photo(client)
    r = client.post(f"/api/v1/photos/{photo_id}/measurement", json={"automatic": True})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["card_found"] and body["measured"]
    m = body["photo"]["measurement"]
    assert m["source"] == "auto" and len(m["outline"]) >= 3
    assert m["area_mm2"] == pytest.approx(made.area_mm2, rel=0.25)
    assert 0.05 < body["photo"]["mm_per_px"] < 0.5
    again = client.get(f"/api/v1/checks/{body['photo']['check_id']}/photos").json()
    assert again[0]["measurement"] == m


def test_a_traced_outline_is_measured_in_photo_pixels(client: TestClient) -> None:
    photo_id, made = _photo(client)
    outline = [[round(float(x), 1), round(float(y), 1)] for x, y in made.outline_px[::4]]
    r = client.post(f"/api/v1/photos/{photo_id}/measurement", json={"outline": outline})
    assert r.status_code == 201, r.text
    m = r.json()["photo"]["measurement"]
    assert m["source"] == "outline" and m["outline"] == outline
    assert m["area_mm2"] == pytest.approx(made.area_mm2, rel=0.1)


def test_no_card_says_so_and_keeps_nothing(client: TestClient) -> None:
    photo_id, _ = _photo(client, with_card=False)
    r = client.post(f"/api/v1/photos/{photo_id}/measurement", json={"automatic": True})
    assert r.status_code == 200, r.text
    body = r.json()
    assert not body["card_found"] and not body["measured"]
    assert "card" in body["warnings"][0]
    assert body["photo"]["measurement"] is None


def test_a_size_typed_by_hand(client: TestClient) -> None:
    photo_id, _ = _photo(client, with_card=False)
    r = client.post(
        f"/api/v1/photos/{photo_id}/measurement", json={"longest_mm": 12, "across_mm": 20}
    )
    assert r.status_code == 201, r.text
    m = r.json()["photo"]["measurement"]
    assert (m["source"], m["longest_mm"], m["across_mm"], m["outline"]) == ("by_hand", 20, 12, [])
    assert m["area_mm2"] == pytest.approx(188.5, abs=0.1)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "outline"),
        ({"automatic": True, "longest_mm": 3}, "outline"),
        ({"longest_mm": -1}, "longest_mm"),
        ({"longest_mm": 900}, "longest_mm"),
        ({"outline": [[1, 1], [2, 2], [99999, 3]]}, "outline"),
    ],
)
def test_bad_bodies_name_the_field_and_keep_nothing(
    client: TestClient, body: dict[str, Any], field: str
) -> None:
    photo_id, _ = _photo(client)
    r = client.post(f"/api/v1/photos/{photo_id}/measurement", json=body)
    assert r.status_code == 422, r.text
    assert field in str(r.json()["detail"])
    assert client.get("/api/v1/export").json()["photos"][0]["measurement"] is None


def test_unknown_photo_is_404(client: TestClient) -> None:
    r = client.post("/api/v1/photos/999/measurement", json={"automatic": True})
    assert r.status_code == 404


def test_export_and_import_carry_the_measurement(client: TestClient) -> None:
    import json
    from datetime import UTC, datetime

    from sitecare.config import Settings
    from sitecare.services.app import Sitecare

    photo_id, _ = _photo(client)
    client.post(f"/api/v1/photos/{photo_id}/measurement", json={"automatic": True})
    doc = client.get("/api/v1/export").json()
    assert doc["photos"][0]["measurement"]["source"] == "auto"
    assert client.post("/api/v1/erase", json={"confirm": True}).status_code == 200
    settings = client.app.state.settings  # type: ignore[attr-defined]
    with Sitecare(Settings(database_url=settings.database_url, data_dir=settings.data_dir)) as sc:
        report = sc.transfer.import_text(json.dumps(doc), now=datetime.now(UTC))
        assert report.photos_added == 1
    got = client.get("/api/v1/export").json()["photos"][0]
    assert got["measurement"] == doc["photos"][0]["measurement"]
    assert got["mm_per_px"] == doc["photos"][0]["mm_per_px"] is not None


def test_openapi_documents_the_measurement(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    op = doc["paths"]["/api/v1/photos/{photo_id}/measurement"]["post"]
    assert {"200", "201", "404", "422"} <= set(op["responses"])
    assert "measurement" in doc["components"]["schemas"]["PhotoOut"]["properties"]


def test_the_checks_json_has_its_measurement(client: TestClient) -> None:
    photo_id, _ = _photo(client, with_card=False)
    check_id = client.get("/api/v1/checks").json()[0]["id"]
    assert client.get(f"/api/v1/checks/{check_id}").json()["measurement"] is None
    client.post(f"/api/v1/photos/{photo_id}/measurement", json={"longest_mm": 10})
    one = client.get(f"/api/v1/checks/{check_id}").json()["measurement"]
    assert one["photo_id"] == photo_id and one["longest_mm"] == 10
    assert client.get("/api/v1/checks").json()[0]["measurement"] == one


def test_two_measured_checks_compare_and_show_at_the_same_scale(client: TestClient) -> None:
    from datetime import UTC, datetime

    from sitecare.config import Settings
    from sitecare.services.app import Sitecare

    ids = [_photo(client, size_mm=size)[0] for size in (10.0, 16.0)]
    for photo_id in ids:
        r = client.post(f"/api/v1/photos/{photo_id}/measurement", json={"automatic": True})
        assert r.status_code == 201, r.text
    checks = [c["id"] for c in client.get("/api/v1/checks").json()]
    settings = client.app.state.settings  # type: ignore[attr-defined]
    with Sitecare(Settings(database_url=settings.database_url, data_dir=settings.data_dir)) as sc:
        current = datetime.now(UTC)
        change = sc.measurements.compare_checks(checks[0], checks[1], now=current)
        assert change is not None and change["change_pct"] > 100  # (16/10)² = 2.56
        assert (
            change["words"].startswith("The redness is ")
            and "larger than earlier today" in change["words"]
        )
        assert sc.measurements.compare_checks(checks[1], 999, now=current) is None
        side = sc.photos.beside_last(now=current, region="forearm_left")
        assert side is not None and side.same_scale
    page = client.get("/sites/forearm_left").text
    assert "shown at the same scale" in page and '<figure class="area-chart"' in page


def test_the_course_uses_the_measured_sizes_when_both_checks_have_them(
    client: TestClient,
) -> None:
    for longest in (10, 14):
        photo_id, _ = _photo(client, with_card=False)
        r = client.post(f"/api/v1/photos/{photo_id}/measurement", json={"longest_mm": longest})
        assert r.status_code == 201
    course = client.get("/api/v1/sites/forearm_left/course").json()
    first, second = course["entries"]
    assert first["measured_mm2"] == 78.5 and first["measured_change"] is None
    change = second["measured_change"]
    assert change["before_mm2"] == 78.5 and change["after_mm2"] == 153.9
    assert change["words"] == "The redness is 96% larger than earlier today."
    page = client.get("/sites/forearm_left").text
    assert "measured 154 mm²" in page
