"""A worker's client page says a check stored in English in Spanish (its headline said again
from its stored level and first condition); a client id that is not a number, in Spanish."""

from __future__ import annotations

from tests.server.spanish import ES, visible
from tests.web.test_stored_headline import CASE, EN, _heads

from .conftest import ProgramServer


def test_the_client_page_says_the_stored_headline_in_spanish(server: ProgramServer) -> None:
    h = server.as_("alice") | EN
    cid = server.client.post("/api/v1/clients", json={"code": "RX 7"}, headers=h).json()["id"]
    r = server.client.post(f"/api/v1/clients/{cid}/checks", json=CASE, headers=h)
    assert r.status_code == 201, r.text
    english, spanish = _heads()
    bob = server.browser("bob")
    text = visible(bob.get(f"/clients/{cid}", headers=ES).text)
    assert spanish in text and english not in text
    assert english in visible(bob.get(f"/clients/{cid}", headers=EN).text)


def test_a_client_id_that_is_not_a_number_in_spanish(server: ProgramServer) -> None:
    r = server.client.get("/api/v1/clients/x1/checks", headers=server.as_("alice") | ES)
    assert r.status_code == 422, r.text
    assert r.json()["detail"][0]["msg"] == "El client_id debe ser un número entero."
