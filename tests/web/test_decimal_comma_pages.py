"""Numbers a person reads on a Spanish page have a decimal comma ("0,5 días", "2,5 cm"); the
form values (``value=``) and the JSON API keep a dot; English pages are unchanged."""

from __future__ import annotations

import html

from fastapi.testclient import TestClient

ES = {"Accept-Language": "es-MX,es;q=0.9,en;q=0.5", "Accept": "text/html"}
EN = {"Accept-Language": "en", "Accept": "text/html"}


def _text(page: str) -> str:
    return " ".join(html.unescape(page).split())


def test_a_half_day_rest_has_a_decimal_comma_in_spanish(client: TestClient) -> None:
    saved = client.post(
        "/settings/routes/subcutaneous",
        data={"rest": "0.5", "regions": ["abdomen_upper_left", "abdomen_upper_right"]},
        headers=EN,
    )
    assert saved.status_code in (200, 303), saved.text
    es = _text(client.get("/settings", headers=ES).text)
    assert "0,5 días de descanso" in es, es[:3000]
    assert 'value="0.5"' in es  # what the browser sends back
    en = _text(client.get("/settings", headers=EN).text)
    assert "0.5 days' rest" in en and "0,5" not in en


def test_spot_spacing_has_a_decimal_comma_in_spanish(client: TestClient) -> None:
    es = _text(client.get("/log?region=deltoid_left", headers=ES).text)
    assert "a 2,5 cm uno de otro" in es
    en = _text(client.get("/log?region=deltoid_left", headers=EN).text)
    assert "2.5 cm apart" in en
