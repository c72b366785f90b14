"""The API reads the same region words as the command line (placewords); its route stays an id."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_the_api_reads_the_same_words(client: TestClient) -> None:
    res = client.post("/api/v1/injections", json={"region": "left forearm", "route": "intravenous"})
    assert res.status_code == 201, res.text
    assert res.json()["region"] == "forearm_left"
    res = client.get("/api/v1/sites/left inner elbow/status")
    assert res.status_code == 200, res.text
    res = client.post("/api/v1/injections", json={"region": "belly"})
    assert res.status_code == 422
    assert len(res.json()["detail"][0]["suggestions"]) == 4
