"""Bad input answers a clear 4xx naming the field, never a 500 (issue 10, items 6, 7, 8).

On a SQLite file and on the PostgreSQL server: simultaneous first writes, ids and times out of
range, control characters, deeply nested JSON, and error messages that never show where the
database is.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from sitecare.config import Settings

HUGE = "99999999999999999999"


def test_eight_simultaneous_first_writes_on_a_fresh_database_all_succeed(
    db_url: str, tmp_path: Path, serve_in_thread: Callable[[Any], Any]
) -> None:
    settings = Settings(database_url=db_url, data_dir=tmp_path)
    with serve_in_thread(settings) as url:
        start = threading.Barrier(8)
        codes: list[int] = []

        def first_write(i: int) -> None:
            with httpx.Client(base_url=url, timeout=30) as c:
                start.wait()
                r = c.post("/api/v1/injections", json={"region": "forearm_left", "note": f"n{i}"})
                codes.append(r.status_code)

        threads = [threading.Thread(target=first_write, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert codes == [201] * 8
        listed = httpx.get(url + "/api/v1/injections").json()
        assert sorted(i["note"] for i in listed) == [f"n{i}" for i in range(8)]


@pytest.mark.parametrize(
    "method,path",
    [
        ("GET", f"/api/v1/injections/{HUGE}"),
        ("DELETE", f"/api/v1/injections/{HUGE}"),
        ("GET", f"/api/v1/checks/{HUGE}"),
        ("DELETE", f"/api/v1/checks/{HUGE}"),
        ("GET", "/api/v1/injections/2147483648"),
        ("GET", "/api/v1/injections/0"),
        ("GET", "/api/v1/injections/-1"),
    ],
)
def test_ids_out_of_range_answer_422_naming_the_id(
    client: TestClient, method: str, path: str
) -> None:
    r = client.request(method, path)
    assert r.status_code == 422, r.text
    assert r.json()["detail"][0]["loc"][-1] in ("injection_id", "check_id")


def test_the_largest_id_is_simply_not_found(client: TestClient) -> None:
    assert client.get("/api/v1/injections/2147483647").status_code == 404


@pytest.mark.parametrize(
    "at",
    [
        "0001-01-01T00:00:00",
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59",
        "9999-12-31T23:59:59-12:00",
        "1899-12-31T23:59:00Z",
        "2200-01-01T00:00:00Z",
    ],
)
def test_implausible_times_answer_422_naming_the_field(client: TestClient, at: str) -> None:
    r = client.post("/api/v1/injections", json={"region": "forearm_left", "at": at})
    assert r.status_code == 422, r.text
    detail = r.json()["detail"][0]
    assert detail["loc"][-1] == "at" and "plausible" in detail["msg"]
    for path, param in (("/api/v1/suggestion", "at"), ("/api/v1/injections", "since")):
        r = client.get(path, params={param: at})
        assert r.status_code == 422, (path, r.text)
        assert r.json()["detail"][0]["loc"][-1] == param
    assert client.get("/api/v1/injections").json() == []


def test_a_time_a_few_months_ahead_is_stored_with_a_warning(client: TestClient) -> None:
    from datetime import datetime, timedelta

    soon = (datetime.now().astimezone() + timedelta(days=90)).isoformat()
    r = client.post("/api/v1/injections", json={"region": "forearm_left", "at": soon})
    assert r.status_code == 201
    assert any("future" in w for w in r.json()["warnings"])


@pytest.mark.parametrize(
    "field,value",
    [
        ("note", "before\x00after"),
        ("note", "red \x1b[31malert\x1b[0m"),
        ("note", "bell\x07"),
        ("note", "c1 \x9b control"),
        ("medicine", "insulin\x1b]0;title\x07"),
        ("medicine", "two\nlines"),
        ("medicine", "nul\x00"),
    ],
)
def test_control_characters_are_refused_naming_the_field(
    client: TestClient, field: str, value: str
) -> None:
    r = client.post("/api/v1/injections", json={"region": "forearm_left", field: value})
    assert r.status_code == 422, r.text
    assert r.json()["detail"][0]["loc"][-1] == field
    assert client.get("/api/v1/injections").json() == []


def test_a_note_keeps_its_line_breaks_and_tabs(client: TestClient) -> None:
    note = "first line\nsecond\tline"
    r = client.post("/api/v1/injections", json={"region": "forearm_left", "note": note})
    assert r.status_code == 201 and r.json()["note"] == note


def test_control_characters_in_a_check_note_and_query_are_refused(client: TestClient) -> None:
    r = client.post("/api/v1/checks", params={"note": "x\x1by"}, json={"findings": []})
    assert r.status_code == 422
    r = client.get("/api/v1/suggestion", params={"medicine": "a\x00b"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"][-1] == "medicine"


def test_deeply_nested_json_is_a_clear_error(client: TestClient) -> None:
    deep = "[" * 50_000 + "]" * 50_000
    r = client.post("/api/v1/checks", content=deep, headers={"content-type": "application/json"})
    assert r.status_code in (400, 422), r.text
    assert r.json()["detail"][0]["msg"]
    r = client.post(
        "/api/v1/injections", content=deep, headers={"content-type": "application/json"}
    )
    assert r.status_code in (400, 422), r.text
    obj = '{"a":' * 50_000 + "1" + "}" * 50_000
    r = client.post("/api/v1/checks", content=obj, headers={"content-type": "application/json"})
    assert r.status_code in (400, 422), r.text


def test_error_messages_never_show_the_database_address(tmp_path: Path) -> None:
    """A database that cannot be used answers 503 in plain words, without its URL or path."""
    from sitecare.web.app import create_app

    secret_dir = tmp_path / "private-folder-name"
    secret_dir.mkdir()
    (secret_dir / "db.sqlite3").write_bytes(b"this is not a database at all" * 100)
    url = f"sqlite:///{secret_dir / 'db.sqlite3'}"
    app = create_app(Settings(database_url=url, data_dir=tmp_path))
    # (without its start-up, which refuses the file: the pages and the API answer alone)
    c = TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False)
    r = c.get("/api/v1/injections")
    assert r.status_code == 503
    text = json.dumps(r.json())
    assert "private-folder-name" not in text and "sqlite" not in text.lower()
    page = c.get("/history", headers={"accept": "text/html"})
    assert "private-folder-name" not in page.text


@pytest.mark.postgres
def test_postgres_errors_do_not_show_the_server_address(tmp_path: Path) -> None:
    from sitecare.web.app import create_app

    url = "postgresql://sitecare-user@127.0.0.1:1/secret_db_name"
    app = create_app(Settings(database_url=url, data_dir=tmp_path))
    c = TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False)
    r = c.get("/api/v1/injections")
    assert r.status_code == 503
    for leak in ("secret_db_name", "sitecare-user", "127.0.0.1", "5432", ":1"):
        assert leak not in r.text


def test_a_405_names_every_method_the_path_allows(client: TestClient) -> None:
    for path, refused in (("/api/v1/injections", "DELETE"), ("/api/v1/injections/1", "PUT")):
        r = client.request(refused, path, json={})
        assert r.status_code == 405 and r.json()["detail"][0]["msg"]
        allowed = r.headers["allow"].split(", ")
        for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"):
            answered = client.request(method, path, json={"region": "forearm_left"}).status_code
            assert (answered != 405) == (method in allowed), (path, method, allowed)
    assert client.delete("/api/v1/injections").headers["allow"] == "GET, POST"


def test_every_operation_declares_its_error_answers_in_one_shape(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    for path, item in doc["paths"].items():
        for method, op in item.items():
            declared = set(op["responses"])
            assert {"400", "401", "403", "404", "422", "503"} <= declared, (method, path)
            schema = op["responses"]["422"]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Problem"}, (method, path)
    # and what a 422 sends fits that shape
    sent = client.post("/api/v1/injections", json={"region": 5}).json()
    assert set(sent) == {"detail"} and all("msg" in d and "loc" in d for d in sent["detail"])
