"""The domain's words on the pages in Spanish: a blocked site's reason and what to do, the
planner's reasons, warnings and dates (Accept-Language: es); English is unchanged."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient
from tests.spanish_dates import this_month_es

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


def test_home_reasons_log_warnings_and_dates_in_spanish(client: TestClient) -> None:
    client.post("/api/v1/checks", json={"findings": ["pus"], "region": "forearm_right"})
    made = client.post(
        "/api/v1/injections", json={"region": "forearm_left", "spot": "1", "route": "intravenous"}
    )
    assert made.status_code == 201
    home = _text(client.get("/", headers=ES).text)
    assert "Siguiente:" in home and "Antebrazo derecho: sitio bloqueado." in home
    assert "is blocked" not in home
    log = _text(client.get("/log?region=forearm_right", headers=ES).text)
    assert "sitio bloqueado" in log
    site = _text(client.get("/sites/forearm_left", headers=ES).text)
    assert any(f" {m}, " in site for m in this_month_es())  # "mar 1 dic, 18:32"
    english = _text(client.get("/", headers=EN).text)
    assert "Right forearm is blocked: a check today found" in english
    # the JSON API keeps the English words (ids and machine-read text)
    api = client.get("/api/v1/sites/forearm_right/status", headers=ES).json()
    assert api["why"].startswith("A check today found")


def test_a_bad_case_is_explained_in_the_requests_language(client: TestClient) -> None:
    case = {"findings": ["redess"]}
    es = client.post("/api/v1/checks", json=case, headers={"Accept-Language": "es"})
    assert es.status_code == 422
    (detail,) = es.json()["detail"]
    assert detail["msg"] == "findings[0]: sitecare no conoce el valor 'redess' (hallazgo)."
    assert detail["hint"] == "¿Quiso decir redness o tenderness?"
    assert detail["loc"] == ["body", "findings[0]"]  # names and ids stay English
    assert detail["suggestions"] == ["redness", "tenderness"]
    en = client.post("/api/v1/checks", json=case, headers={"Accept-Language": "en"})
    assert en.json()["detail"][0]["msg"] == "findings[0]: unknown finding 'redess'."
    hot = {"findings": ["redness"], "vitals": {"temperature_c": 60.5}}
    said = client.post("/api/v1/checks", json=hot, headers={"Accept-Language": "es"}).json()
    msg = "El campo «vitals.temperature_c» debe ser de 25 a 45 (se recibió 60,5)."
    assert said["detail"][0]["msg"] == msg


def _screen_asking(client: TestClient, qid: str, headers: dict[str, str]) -> tuple[str, str]:
    """Walk the guided check (empty answers) to the screen that asks ``qid``: answers, asked."""
    answers, page = "{}", client.get("/check", headers=headers).text
    for _ in range(20):
        asked = re.search(r'name="asked" value="([^"]*)"', page)
        assert asked is not None, "the check ended before asking " + qid
        answers = html.unescape(re.search(r'name="answers" value="([^"]*)"', page).group(1))  # type: ignore[union-attr]
        if qid in asked.group(1).split(","):
            return answers, asked.group(1)
        page = client.post(
            "/check", data={"answers": answers, "asked": asked.group(1)}, headers=headers
        ).text
    raise AssertionError(qid + " was never asked")


def test_a_wrong_number_in_the_guided_check_is_said_in_spanish(client: TestClient) -> None:
    for headers, said in (
        (ES, "Por favor, escriba un número del 25 al 45, o déjelo vacío: "),
        (EN, "Please type a number from 25 to 45, or leave it empty: "),
    ):
        answers, asked = _screen_asking(client, "temperature_c", headers)
        form = {"answers": answers, "asked": asked, "temperature_c": "caliente"}
        page = _text(client.post("/check", data=form, headers=headers).text)
        assert said in page, page
    assert "Please type a number" not in _text(client.post("/check", data=form, headers=ES).text)


def test_a_wrong_rotation_setting_on_the_settings_page_is_said_in_spanish(
    client: TestClient,
) -> None:
    for data, spanish, english in (
        (
            {"rest": "-3", "regions": ["thigh_front_left"]},
            "Los días de descanso deben ser un número mayor que 0 y de 365 como máximo, como 28"
            " (no '-3'). Déjelo vacío para usar el valor normal.",
            "Rest days must be a number",
        ),
        ({"rest": "", "regions": []}, "Marque al menos un lugar, o márquelos todos", "Tick at"),
        (
            {"rest": "", "regions": ["neck_left"]},
            "Lado izquierdo del cuello no es un lugar para la inyección subcutánea.",
            "is not a place for",
        ),
    ):
        bad = client.post("/settings/routes/subcutaneous", data=data, headers=ES)
        page = _text(bad.text)
        assert bad.status_code == 422 and spanish in page, page
        assert english not in page
        en = client.post("/settings/routes/subcutaneous", data=data, headers=EN)
        assert english in _text(en.text)
