"""The web app in Spanish: Accept-Language, the switch remembered in a cookie, <html lang>."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

ES = {"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}


def _lang(html: str) -> str:
    found = re.search(r'<html lang="([a-z]+)">', html)
    assert found, html[:200]
    return found.group(1)


def test_accept_language_es_gives_spanish_navigation(client: TestClient) -> None:
    page = client.get("/", headers=ES)
    assert page.status_code == 200
    assert _lang(page.text) == "es"
    nav = page.text.split('<nav class="main"', 1)[1].split("</nav>", 1)[0]
    for word in ("Inicio", "Registrar", "Revisar", "Historial", "Ayuda"):
        assert f">{word}</a>" in nav
    assert "¿Emergencia? Llame al 911" in page.text
    assert 'href="/language/en?next=/"' in page.text and ">English</a>" in page.text


def test_english_by_default_with_a_switch_to_spanish(client: TestClient) -> None:
    page = client.get("/check")
    assert _lang(page.text) == "en"
    assert ">Home</a>" in page.text
    assert 'href="/language/es?next=/check"' in page.text and ">Español</a>" in page.text


def test_the_switch_is_remembered_and_goes_back(client: TestClient) -> None:
    answer = client.get("/language/es?next=/check", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/check"
    assert "sitecare_language=es" in answer.headers["set-cookie"]
    page = client.get("/check", headers={"Accept-Language": "en"})
    assert _lang(page.text) == "es"
    assert "Revisar un sitio" in page.text and "¿Qué se inyectó en este sitio?" in page.text
    client.get("/language/en?next=/", follow_redirects=False)
    assert _lang(client.get("/", headers=ES).text) == "en"


def test_the_switch_goes_back_only_to_this_site(client: TestClient) -> None:
    answer = client.get("/language/es?next=//evil.example/", follow_redirects=False)
    assert answer.headers["location"] == "/"
    bad = client.get("/language/fr", follow_redirects=False)
    assert bad.status_code in (400, 404, 422)


def test_the_emergency_check_result_in_spanish(client: TestClient) -> None:
    form = {
        "answers": "{}",
        "asked": "what_injected,danger_now",
        "what_injected": "drugs",
        "danger_now": "slow_breathing",
        "region": "",
    }
    page = client.post("/check", data=form, headers=ES)
    assert page.status_code == 200, page.text[:300]
    assert _lang(page.text) == "es"
    assert "Emergencia: llame ahora" in page.text
    assert "Llame al 911 ahora" in page.text and 'href="tel:911"' in page.text
    assert "Haga esto ahora" in page.text and "Mientras espera" in page.text
    assert "naloxona" in page.text
    assert "Do this now" not in page.text


def test_the_api_answers_in_the_browsers_language_with_english_ids(client: TestClient) -> None:
    case = {"findings": ["slow_breathing"]}
    a = client.post("/api/v1/checks", json=case, headers=ES).json()
    assert a["level"] == "emergency" and a["conditions"][0]["id"] == "opioid_overdose"
    assert a["do_now"][0].startswith("Llame al 911 ahora")
    en = client.post("/api/v1/checks", json=case).json()
    assert en["do_now"][0].startswith("Call 911 now")
