"""The program server in Spanish (issue 17 item 2): a worker signs in, opens a client's visit
page and switches to Español there; the visit page, the client's page, the guided check and
its result are Spanish from then on (the switch is kept for that browser), and English comes
back with the other link. The admin pages and the sign-in page speak Spanish too. On SQLite
and PostgreSQL, as the other server tests."""

from __future__ import annotations

import re

from .conftest import ProgramServer, csrf_of, open_client
from .spanish import ES, english_left, lang, visible

CLIENT_PAGE = ("client.html", "_due.html", "_course.html", "_bodymap.html", "_report_form.html")


def _switch(html: str, code: str) -> str:
    found = re.search(rf'class="language-switch" href="(/language/{code}\?next=[^"]+)"', html)
    assert found, "no language switch on the page"
    return found.group(1).replace("&amp;", "&")


def test_the_sign_in_page_in_spanish(server: ProgramServer) -> None:
    page = server.browser().get("/signin", headers=ES).text
    assert lang(page) == "es"
    text = visible(page)
    assert "Nombre de usuario" in text and "Contraseña" in text and "¿Olvidó su contraseña?" in text
    assert english_left(page, "signin.html", "base.html") == []


def test_a_worker_switches_to_spanish_on_a_visit_and_the_check_answers_in_spanish(
    server: ProgramServer,
) -> None:
    bob = server.browser("bob")
    client_url = open_client(bob, "rx 9")
    visit = bob.get(client_url + "/visit").text
    assert lang(visit) == "en" and "Injections the client reports" in visit
    # the switch on the visit page goes back to the visit page, now in Spanish
    switched = bob.get(_switch(visit, "es"))
    assert switched.url.path == client_url + "/visit"
    visit = switched.text
    assert lang(visit) == "es"
    text = visible(visit)
    for line in (
        "Visita: RX 9",
        "Inyecciones que cuenta el cliente",
        "Insumos entregados",
        "Jeringas y agujas estériles",
        "Derivaciones hechas",
        "Clínica de curación de heridas",
        "Guardar la visita",
        "Antebrazo izquierdo",
        "En una vena",
    ):
        assert line in text, line
    assert english_left(visit, "visit.html", "base.html") == []
    r = bob.post(
        client_url + "/visit",
        data={
            "csrf_token": csrf_of(visit),
            "region-0": "forearm_left",
            "spot-0": "2",
            "supplies": ["syringes", "naloxone"],
            "referrals": ["wound_clinic"],
        },
    )
    assert r.status_code == 200 and lang(r.text) == "es"
    text = visible(r.text)
    for line in ("Visita guardada.", "Insumos: Jeringas y agujas estériles, Naloxona"):
        assert line in text, line
    assert "Derivado a: Clínica de curación de heridas" in text
    assert "Antebrazo izquierdo, punto 2" in text and "Mapa del cuerpo de RX 9" in text
    assert english_left(r.text, *CLIENT_PAGE) == []
    # the guided check, and its result, in Spanish: an emergency
    start = bob.get(client_url + "/check?region=forearm_left").text
    assert lang(start) == "es" and "Revisar un sitio" in start
    result = bob.post(
        client_url + "/check",
        data={
            "csrf_token": csrf_of(start),
            "answers": "{}",
            "asked": "what_injected,danger_now",
            "what_injected": "drugs",
            "danger_now": "slow_breathing",
            "region": "forearm_left",
        },
    )
    assert result.status_code == 200, result.text[:300]
    html = result.text
    assert lang(html) == "es"
    text = visible(html)
    for line in (
        "Cliente RX 9",
        "Emergencia: llame ahora",
        "Llame al 911 ahora",
        "Haga esto ahora",
        "naloxona",
        "Guardado como una revisión de Antebrazo izquierdo para RX 9",
        "Volver a RX 9",
        "Registrar la visita",
    ):
        assert line in text, line
    assert english_left(html, "client_check_result.html", "check_result.html") == []
    assert "Do this now" not in text and "Back to RX 9" not in text
    client_page = bob.get(client_url).text
    assert "Revisiones" in client_page and "Emergencia: llame ahora" in visible(client_page)
    assert english_left(client_page, *CLIENT_PAGE) == []
    # English comes back with the other link, on the same page
    back = bob.get(_switch(client_page, "en"))
    assert back.url.path == client_url and lang(back.text) == "en"
    assert "Record a visit" in back.text


def test_the_admin_pages_in_spanish(server: ProgramServer) -> None:
    alice = server.browser("alice")
    alice.get("/language/es?next=/program")
    page = alice.get("/clients?code=rx 7").text
    r = alice.post("/clients", data={"code": "rx 7", "csrf_token": csrf_of(page)})
    start = alice.get(r.url.path + "/check?region=forearm_left").text
    alice.post(
        r.url.path + "/check",
        data={
            "csrf_token": csrf_of(start),
            "answers": "{}",
            "asked": "what_injected,danger_now",
            "what_injected": "drugs",
            "danger_now": "slow_breathing",
            "region": "forearm_left",
        },
    )
    program = alice.get("/program?days=30").text
    assert lang(program) == "es"
    text = visible(program)
    assert "Riverside SSP: los últimos 30 días" in text and "Descargar CSV" in text
    assert "Revisiones: Emergencia: llame ahora" in text and "Clientes atendidos" in text
    assert "Afección: Sobredosis de opioides" in text  # the condition's name, in Spanish
    assert english_left(program, "program.html") == []
    users = alice.get("/admin/users").text
    text = visible(users)
    assert "Usuarios de Riverside SSP" in text and "trabajador(a)" in text
    assert "Añadir un usuario" in text and "Cambiar la contraseña (también desbloquea)" in text
    assert english_left(users, "admin_users.html") == []
    audit = alice.get("/admin/audit").text
    assert "Registro de auditoría" in visible(audit) and "Cuándo (UTC)" in visible(audit)
    assert english_left(audit, "admin_audit.html") == []
    clients = alice.get("/clients").text
    assert "Buscar un cliente por su código" in visible(clients)
    assert english_left(clients, "clients.html") == []
