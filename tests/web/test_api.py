"""Every API endpoint, including bad input, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def test_sites_lists_the_atlas(client: TestClient) -> None:
    sites = client.get("/api/v1/sites").json()
    assert any(s["id"] == "antecubital_fossa_left" for s in sites)
    assert all(s["spots"] for s in sites)
    iv = client.get("/api/v1/sites", params={"route": "subcutaneous"}).json()
    assert {s["id"] for s in iv} >= {"abdomen_lower_left"}
    bad = client.get("/api/v1/sites", params={"route": "oral"})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["query", "route"]


def test_create_list_get_delete_injection(client: TestClient) -> None:
    created = client.post(
        "/api/v1/injections",
        json={
            "region": "forearm_left",
            "spot": "2",
            "at": "2026-11-20T08:30:00+01:00",
            "note": "ok",
        },
    )
    assert created.status_code == 201
    body = created.json()
    assert body["id"] > 0 and body["region"] == "forearm_left" and body["route"] == "intravenous"
    assert body["at"].startswith("2026-11-20T08:30:00+01:00")
    client.post("/api/v1/injections", json={"region": "thigh_front_right", "route": "subcutaneous"})

    listed = client.get("/api/v1/injections").json()
    assert [i["region"] for i in listed] == ["forearm_left", "thigh_front_right"]
    only = client.get("/api/v1/injections", params={"region": "forearm_left"}).json()
    assert len(only) == 1
    since = client.get("/api/v1/injections", params={"since": "2026-11-21T00:00:00Z"}).json()
    assert [i["region"] for i in since] == ["thigh_front_right"]
    assert client.get(f"/api/v1/injections/{body['id']}").json()["note"] == "ok"

    assert client.delete(f"/api/v1/injections/{body['id']}").status_code == 204
    assert client.delete(f"/api/v1/injections/{body['id']}").status_code == 404
    assert client.get(f"/api/v1/injections/{body['id']}").status_code == 404


def test_risky_sites_are_stored_with_warnings(client: TestClient) -> None:
    res = client.post("/api/v1/injections", json={"region": "groin_left"})
    assert res.status_code == 201
    assert any("avoid" in w for w in res.json()["warnings"])


def test_bad_input_names_the_field(client: TestClient) -> None:
    typo = client.post("/api/v1/injections", json={"region": "antecubital_fosa_left"})
    assert typo.status_code == 422
    detail = typo.json()["detail"][0]
    assert detail["loc"] == ["body", "region"]
    assert "antecubital_fossa_left" in detail["suggestions"]

    cases = [
        ({"region": "forearm_left", "spot": "42"}, "spot"),
        ({"region": "forearm_left", "route": "oral"}, "route"),
        ({"region": "forearm_left", "at": "yesterday-ish"}, "at"),
        ({"region": "forearm_left", "note": "x" * 3000}, "note"),
        ({"spot": "1"}, "region"),
        ({"region": "forearm_left", "colour": "blue"}, "colour"),
    ]
    for body, field in cases:
        res = client.post("/api/v1/injections", json=body)
        assert res.status_code == 422, body
        assert field in str(res.json()["detail"][0]["loc"]), res.json()
    assert (
        client.post(
            "/api/v1/injections", content=b"{not json", headers={"content-type": "application/json"}
        ).status_code
        == 422
    )
    assert client.get("/api/v1/injections", params={"region": "nowhere"}).status_code == 422
    assert client.get("/api/v1/injections", params={"limit": 0}).status_code == 422
    assert client.get("/api/v1/injections").json() == []


def test_openapi_describes_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    assert "/api/v1/injections" in paths and "/api/v1/sites" in paths
    assert client.get("/api/docs").status_code == 200


def test_cross_site_form_posts_are_refused(client: TestClient) -> None:
    res = client.post(
        "/log", data={"region": "forearm_left"}, headers={"origin": "https://elsewhere.example"}
    )
    assert res.status_code == 403
    res = client.post(
        "/log", data={"region": "forearm_left"}, headers={"sec-fetch-site": "cross-site"}
    )
    assert res.status_code == 403
    assert client.get("/api/v1/injections").json() == []


def test_security_headers_on_every_answer(client: TestClient) -> None:
    for path in ("/", "/api/v1/sites", "/static/app.css"):
        headers = client.get(path).headers
        assert "default-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"


def test_checks_are_assessed_and_stored_against_the_site(client: TestClient) -> None:
    case = {"findings": ["fluctuant_lump", "redness", "warmth"], "lump_diameter_cm": 7}
    unstored = client.post("/api/v1/checks", json=case)
    assert unstored.status_code == 200
    assert unstored.json()["level"] == "urgent" and unstored.json()["stored"] is False

    stored = client.post(
        "/api/v1/checks", json={**case, "region": "forearm_left"}, params={"note": "left arm"}
    )
    assert stored.status_code == 201
    body = stored.json()
    assert body["stored"] is True and body["region"] == "forearm_left"

    listed = client.get("/api/v1/checks", params={"region": "forearm_left"}).json()
    assert [c["id"] for c in listed] == [body["check_id"]]
    assert listed[0]["blocked"] is True and listed[0]["note"] == "left arm"
    assert client.get(f"/api/v1/checks/{body['check_id']}").json()["level"] == "urgent"

    status = client.get("/api/v1/sites/forearm_left/status").json()
    assert status["state"] == "blocked" and status["what_to_do"]

    assert client.delete(f"/api/v1/checks/{body['check_id']}").status_code == 204
    assert client.get(f"/api/v1/checks/{body['check_id']}").status_code == 404
    assert client.get("/api/v1/sites/forearm_left/status").json()["state"] == "ready"


def test_bad_checks_name_the_field(client: TestClient) -> None:
    res = client.post("/api/v1/checks", json={"findings": ["pulsing_lump"]})
    assert res.status_code == 422
    assert res.json()["detail"][0]["suggestions"] == ["pulsating_lump"]
    res = client.post("/api/v1/checks", json={"findings": [], "vitals": {"heart_rate": 999}})
    assert res.status_code == 422 and "vitals.heart_rate" in str(res.json())
    res = client.post("/api/v1/checks", json={"findings": [], "region": "elbow"})
    assert res.status_code == 422 and res.json()["detail"][0]["loc"] == ["body", "region"]
    res = client.post(
        "/api/v1/checks", content=b"[1, 2", headers={"content-type": "application/json"}
    )
    assert res.status_code == 422
    assert client.get("/api/v1/checks").json() == []


def test_suggestion_moves_on_after_logging(client: TestClient) -> None:
    first = client.get("/api/v1/suggestion", params={"route": "intravenous"}).json()
    assert {"region", "spot", "route", "reasons"} <= first.keys()
    assert first["tier"] == "preferred"
    client.post("/api/v1/injections", json={"region": first["region"], "spot": first["spot"]})
    second = client.get("/api/v1/suggestion", params={"route": "intravenous"}).json()
    assert (second["region"], second["spot"]) != (first["region"], first["spot"])
    assert client.get("/api/v1/suggestion", params={"route": "oral"}).status_code == 422


def test_site_status_of_an_unknown_region_is_404(client: TestClient) -> None:
    res = client.get("/api/v1/sites/forarm_left/status")
    assert res.status_code == 404
    assert "forearm_left" in str(res.json())


def test_export_and_erase_through_the_api(client: TestClient) -> None:
    client.post("/api/v1/injections", json={"region": "forearm_left"})
    assert client.get("/api/v1/export").json()["format"] == "sitecare-export"
    assert client.post("/api/v1/erase", json={}).status_code == 422
    assert client.post("/api/v1/erase", json={"confirm": False}).status_code == 422
    erased = client.post("/api/v1/erase", json={"confirm": True})
    assert erased.status_code == 200 and erased.json()["erased"]["injections"] == 1
    assert client.get("/api/v1/injections").json() == []


def test_a_foreign_host_name_is_refused_before_any_route(client: TestClient) -> None:
    """DNS rebinding: a page on evil.example pointed at 127.0.0.1 reads and writes nothing."""
    client.post("/api/v1/injections", json={"region": "forearm_left"})
    evil = {"host": "evil.example:8765", "sec-fetch-site": "same-origin"}
    for method, path, body in (
        ("GET", "/api/v1/export", None),
        ("GET", "/", None),
        ("POST", "/api/v1/injections", {"region": "forearm_left"}),
        ("POST", "/api/v1/erase", {"confirm": True}),
    ):
        r = client.request(
            method, path, json=body, headers={**evil, "origin": "http://evil.example:8765"}
        )
        assert r.status_code == 400, (method, path)
        assert "SITECARE_ALLOWED_HOSTS" in r.text and "forearm" not in r.text
    assert len(client.get("/api/v1/injections").json()) == 1


@pytest.mark.parametrize(
    "host", ["127.0.0.1:8765", "localhost:8765", "[::1]:8765", "192.168.1.20:8765", "app.localhost"]
)
def test_addresses_and_localhost_are_answered(client: TestClient, host: str) -> None:
    assert client.get("/api/v1/sites", headers={"host": host}).status_code == 200


def test_the_host_answers_are_the_same_asked_again_and_past_the_kept_ones() -> None:
    """The host guard keeps its answer per Host header: the same answer every time, and every
    header past the ones it keeps still judged (an attacker's many names fill nothing)."""
    from sitecare.web.hosts import HostPolicy

    policy = HostPolicy(["care.example"])
    names = [f"evil{i}.example" for i in range(200)] + ["care.example:443", "127.0.0.1:8765"]
    first = [policy.allows(n) for n in names]
    assert first == [False] * 200 + [True, True]
    assert [policy.allows(n) for n in reversed(names)] == first[::-1]
    assert policy.allows("CARE.example") and not policy.allows("care.example.evil")


def test_a_plain_form_post_from_our_own_page_is_accepted(client: TestClient) -> None:
    """What Chromium sends for a form on our page with JavaScript off (fetch metadata)."""
    same = {"sec-fetch-site": "same-origin", "origin": "http://127.0.0.1"}
    r = client.post("/api/v1/injections", json={"region": "forearm_left"}, headers=same)
    assert r.status_code == 201
    opaque = {"sec-fetch-site": "same-origin", "origin": "null"}
    r = client.post("/api/v1/injections", json={"region": "forearm_left"}, headers=opaque)
    assert r.status_code == 201


@pytest.mark.parametrize(
    "headers",
    [
        {"sec-fetch-site": "cross-site", "origin": "http://127.0.0.1"},
        {"sec-fetch-site": "same-site"},
        {"origin": "null"},
        {"origin": "http://evil.example"},
    ],
)
def test_cross_site_writes_are_refused(client: TestClient, headers: dict[str, str]) -> None:
    r = client.post("/api/v1/injections", json={"region": "forearm_left"}, headers=headers)
    assert r.status_code == 403
    assert client.get("/api/v1/injections").json() == []
