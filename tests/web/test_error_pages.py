"""A page asked for by a browser with a wrong address or value answers with a page (the
navigation, the error in plain words, the emergency line), in the page's language, never raw
JSON; the API keeps answering JSON. (A new-user review found /history?days=abc as JSON.)"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

HTML = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
ES = {**HTML, "Accept-Language": "es"}


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/nope", 404),
        ("/sites/nope", 404),
        ("/log?region=nope", 422),
        ("/history?days=abc", 422),
        ("/photos/2/measure", 404),
    ],
)
def test_a_browser_gets_a_page_not_json(client: TestClient, path: str, status: int) -> None:
    r = client.get(path, headers=HTML)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("text/html")
    assert '<html lang="en">' in r.text and 'role="alert"' in r.text
    assert 'href="tel:' in r.text  # the emergency line is on every page, error pages too


def test_a_wrong_value_in_the_address_is_named_in_plain_words(client: TestClient) -> None:
    r = client.get("/history?days=abc", headers=HTML)
    assert "a value in its address or form is not one sitecare can read (days)" in r.text
    assert '"detail"' not in r.text


def test_the_error_page_speaks_spanish(client: TestClient) -> None:
    assert "Esta página no existe." in client.get("/nope", headers=ES).text
    r = client.get("/history?days=abc", headers=ES)
    assert '<html lang="es">' in r.text and "No se puede mostrar esta página" in r.text


def test_the_api_still_answers_json(client: TestClient) -> None:
    r = client.get("/api/v1/injections?limit=abc", headers=HTML)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "limit"]
