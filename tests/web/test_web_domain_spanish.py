"""The domain's words on the pages in Spanish: a blocked site's reason and what to do, the
planner's reasons, warnings and dates (Accept-Language: es); English is unchanged."""

from __future__ import annotations

import html

from fastapi.testclient import TestClient

ES = {"Accept-Language": "es-MX,es;q=0.9,en;q=0.5", "Accept": "text/html"}
EN = {"Accept-Language": "en", "Accept": "text/html"}


def _text(page: str) -> str:
    return html.unescape(page)


def test_a_blocked_sites_reason_and_what_to_do_in_spanish(client: TestClient) -> None:
    made = client.post("/api/v1/checks", json={"findings": ["pus"], "region": "forearm_right"})
    assert made.status_code == 201
    es = _text(client.get("/sites/forearm_right", headers=ES).text)
    assert "Una revisión hecha hoy encontró:" in es
    assert "No se inyecte ahí." in es
    assert "A check today found" not in es and "Do not inject there" not in es
    en = _text(client.get("/sites/forearm_right", headers=EN).text)
    assert "A check today found" in en and "Do not inject there." in en
