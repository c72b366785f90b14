"""A check stored in English, read later in Spanish: its headline is said again in Spanish from
its stored level and first condition (the site page's healing course; a worker's client page:
tests/server/test_stored_headline.py);
the stored level is said, the case is never assessed again; the web app's own refusals (a
client id, a language, the lock) in the request's language."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from tests.server.spanish import ES, visible

from sitecare.domain.triage import assess

CASE: dict[str, Any] = {"findings": ["bruise"], "region": "forearm_left"}
EN = {"Accept-Language": "en"}


def _heads() -> tuple[str, str]:
    return assess(CASE)["headline"], assess(CASE, language="es")["headline"]


def test_the_site_page_says_an_english_check_in_spanish(client: TestClient) -> None:
    r = client.post("/api/v1/checks", json=CASE, headers=EN)
    assert r.status_code == 201, r.text
    english, spanish = _heads()
    assert r.json()["headline"] == english  # stored as the engine said it
    text = visible(client.get("/sites/forearm_left", headers=ES).text)
    assert spanish in text and english not in text
    assert english in visible(client.get("/sites/forearm_left", headers=EN).text)


def test_a_check_stored_in_spanish_reads_in_english(client: TestClient) -> None:
    assert client.post("/api/v1/checks", json=CASE, headers=ES).status_code == 201
    english, spanish = _heads()
    text = visible(client.get("/sites/forearm_left", headers=EN).text)
    assert english in text and spanish not in text


def test_the_web_apps_refusals_in_spanish(client: TestClient) -> None:
    r = client.get("/language/fr", headers=ES | {"Accept": "application/json"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["msg"] == "sitecare no está disponible en el idioma 'fr'."
    r = client.get("/language/fr", headers=EN | {"Accept": "application/json"})
    assert r.json()["detail"][0]["msg"] == "sitecare does not speak 'fr'."
    r = client.post("/api/v1/unlock", json={"passphrase": "x"}, headers=ES)
    assert r.status_code == 404
    assert r.json()["detail"][0]["msg"] == "Este sitecare no tiene frase de contraseña."
    page = client.get("/unlock", headers=ES | {"Accept": "text/html"})
    assert page.status_code == 404
    text = visible(page.text)
    assert "Este sitecare no tiene frase de contraseña." in text
    assert "Para poner una: sitecare passphrase set" in text


def test_a_recheck_summary_stored_in_english_reads_in_spanish(client: TestClient) -> None:
    """A re-check's course summary ("Worse than ...: the redness grew ...") is stored as English
    and as a message; the site page says it in the reader's language."""
    first = {"findings": ["redness"], "redness_diameter_cm": 2, "region": "forearm_left"}
    again = {"findings": ["redness"], "redness_diameter_cm": 6, "region": "forearm_left"}
    assert client.post("/api/v1/checks", json=first, headers=EN).status_code == 201
    r = client.post("/api/v1/checks", json=again, headers=EN)
    assert r.status_code == 201, r.text
    summary = r.json()["course"]["summary"]
    assert "2 cm" in summary and "6 cm" in summary and summary.isascii()
    english = visible(client.get("/sites/forearm_left", headers=EN).text)
    spanish = visible(client.get("/sites/forearm_left", headers=ES).text)
    assert summary in english
    assert summary not in spanish
    assert "lo rojo" in spanish.lower() and "6 cm" in spanish
