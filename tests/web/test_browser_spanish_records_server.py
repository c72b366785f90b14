"""The history, site, photo, measure and lock pages and the program server's pages in Spanish,
in a real browser at 390x844 with JavaScript on and off: axe-core clean, 44px targets, nothing
wider than the screen and no text overflowing its box. The browser asks for Spanish as a phone
set to Spanish does (Accept-Language, from the context's locale); a worker on the program
server switches with the link instead. Screenshots: tests/artifacts/es-*.png."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect
from tests.measure.conftest import photo as synthetic
from tests.server.conftest import PASSWORD, seed, server_settings
from tests.web.test_browser_spanish import OVERFLOWING as ANY_OVERFLOWING
from typer.testing import CliRunner

from sitecare.cli.app import app as cli
from sitecare.config import Settings

pytestmark = pytest.mark.browser
PASS = "correct horse battery"
Check = Callable[..., list[Any]]
#: the same check, except inside a table that scrolls sideways on purpose (``.table-wrap``)
OVERFLOWING = ANY_OVERFLOWING.replace(
    ".filter(e => e.offsetParent !== null &&",
    ".filter(e => !e.closest('.table-wrap')).filter(e => e.offsetParent !== null &&",
)
assert OVERFLOWING != ANY_OVERFLOWING


def _look(page: Page, check_page: Check, name: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert check_page(page, name) == []
    assert page.evaluate(OVERFLOWING) == []


def _records(base: str) -> int:
    """Four injections and a check of the left forearm with a photo; the photo's id."""
    with httpx.Client(base_url=base) as api:
        for region in ("forearm_left", "forearm_left", "abdomen_lower_left", "thigh_front_right"):
            assert api.post("/api/v1/injections", json={"region": region}).status_code == 201
        r = api.post("/api/v1/checks", json={"findings": ["bruise"], "region": "forearm_left"})
        photo = api.post(
            f"/api/v1/checks/{r.json()['check_id']}/photos",
            files={"file": ("IMG.JPG", synthetic().jpeg)},
        )
        assert photo.status_code == 201, photo.text
        return int(photo.json()["id"])


def test_the_personal_pages_in_spanish(
    phone_es: tuple[Page, str], live_server: str, check_page: Check
) -> None:
    page, mode = phone_es
    photo = _records(live_server)
    page.goto(live_server + "/history")
    expect(page.get_by_role("heading", level=1)).to_have_text("Historial")
    _look(page, check_page, f"es-history-{mode}")
    page.goto(live_server + "/history?part=arm_left")
    expect(page.get_by_role("link", name="Todo el cuerpo")).to_be_visible()
    _look(page, check_page, f"es-history-arm-{mode}")
    page.goto(live_server + "/log?region=abdomen_lower_left")
    expect(page.get_by_text("¿Qué punto?")).to_be_visible()
    _look(page, check_page, f"es-log-spots-{mode}")
    page.goto(live_server + "/sites/forearm_left")
    expect(page.get_by_role("heading", level=1)).to_have_text("Antebrazo izquierdo")
    _look(page, check_page, f"es-site-{mode}")
    page.goto(live_server + f"/photos/{photo}/measure")
    expect(page.get_by_role("heading", level=1)).to_have_text("Medir la marca")
    trace = page.get_by_role("button", name="Trazar con el dedo")
    if mode == "js":  # the outline editor speaks the page's language
        expect(page.locator("#editor-help")).to_contain_text("Arrastre un punto")
        expect(trace).to_be_visible()
    else:  # without JavaScript it could do nothing, so it is not shown
        expect(trace).to_be_hidden()
    _look(page, check_page, f"es-measure-{mode}")


@pytest.fixture
def locked_server(tmp_path: Path, serve_in_thread: Callable[[Any], Any]) -> Iterator[str]:
    db = tmp_path / "me.sqlite3"
    env = {"SITECARE_DATABASE_URL": f"sqlite:///{db}"}
    assert CliRunner().invoke(cli, ["log", "forearm_left"], env=env).exit_code == 0
    locked = CliRunner().invoke(
        cli, ["passphrase", "set", "--passphrase-stdin"], input=f"{PASS}\n", env=env
    )
    assert locked.exit_code == 0, locked.output
    with serve_in_thread(Settings(database_url=f"sqlite:///{db}", data_dir=tmp_path)) as url:
        yield url


def test_the_lock_screen_in_spanish(
    phone_es: tuple[Page, str], locked_server: str, check_page: Check
) -> None:
    page, mode = phone_es
    page.goto(locked_server + "/history")
    expect(page.get_by_role("heading", level=1)).to_have_text("Desbloquear sitecare")
    _look(page, check_page, f"es-unlock-{mode}")
    page.get_by_label("Frase de contraseña").fill(PASS)
    page.get_by_role("button", name="Desbloquear").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Historial")
    page.goto(locked_server + "/unlock")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bloquear sitecare")
    _look(page, check_page, f"es-lock-{mode}")


@pytest.fixture
def program_server(tmp_path: Path, serve_in_thread: Callable[..., Any]) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'program.sqlite3'}"
    seed(url, tmp_path)
    with serve_in_thread(server_settings(url, tmp_path)) as base:
        yield base


def test_a_worker_and_an_admin_in_spanish(
    browser: Browser,
    browser_context_args: dict[str, Any],
    program_server: str,
    check_page: Check,
    request: pytest.FixtureRequest,
) -> None:
    for mode in ("js", "nojs"):
        context = browser.new_context(**browser_context_args, java_script_enabled=mode == "js")
        context.sitecare_no_js = mode == "nojs"
        try:
            _worker_and_admin(context.new_page(), program_server, check_page, mode)
        finally:
            context.close()


def _sign_in(page: Page, base: str, who: str) -> None:
    page.goto(base + "/signin")
    page.get_by_label(re.compile("Username|Nombre de usuario")).fill(who)
    page.get_by_label(re.compile("Password|Contraseña")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("^(Sign in|Entrar)$")).click()
    expect(page.get_by_role("button", name=re.compile("Sign out|Salir"))).to_be_visible()


def _worker_and_admin(page: Page, base: str, check_page: Check, mode: str) -> None:
    page.goto(base + "/signin")
    page.get_by_role("link", name="Español").click()
    _look(page, check_page, f"es-server-signin-{mode}")
    page.get_by_role("link", name="English").click()  # the worker starts in English
    _sign_in(page, base, "bob")
    code = f"ES-{mode.upper()}"
    page.get_by_label("Find a client by code").fill(code)
    page.get_by_role("button", name="Find").click()
    page.get_by_role("button", name=f"Add client {code}").click()
    page.get_by_role("link", name="Record a visit").click()
    # on the visit page before its switch is clicked (a busy machine is slow to get there)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Visit:")
    # the switch on the visit page: the visit, and everything after it, in Spanish
    page.get_by_role("link", name="Español").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Visita:")
    page.locator("#region-0").select_option("forearm_left")
    page.get_by_label("Jeringas y agujas estériles").check()
    page.get_by_label("Clínica de curación de heridas").check()
    _look(page, check_page, f"es-server-visit-{mode}")
    page.get_by_role("button", name="Guardar la visita").click()
    expect(page.get_by_text("Visita guardada.")).to_be_visible()
    page.get_by_role("link", name="Revisar un sitio", exact=True).click()
    page.get_by_label("Una droga que no me recetaron").check()
    page.get_by_label("Mucho sueño, se queda dormido sin querer o cuesta despertarlo").check()
    page.get_by_role("button", name="Siguiente").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Emergencia: llame ahora")
    expect(page.get_by_role("link", name=f"Volver a {code}")).to_be_visible()
    _look(page, check_page, f"es-server-check-result-{mode}")
    page.get_by_role("link", name=f"Volver a {code}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    _look(page, check_page, f"es-server-client-{mode}")
    page.goto(base + "/clients")
    _look(page, check_page, f"es-server-clients-{mode}")
    page.get_by_role("button", name="Salir").click()
    # wait for the signed-out page: a page.goto() right after the click would cancel it
    expect(page.get_by_role("button", name="Salir")).to_have_count(0)
    _sign_in(page, base, "alice")  # the switch is this browser's: Alice gets Spanish too
    for path, heading, name in (
        ("/program", "Riverside SSP: los últimos 30 días", "program"),
        ("/admin/users", "Usuarios de Riverside SSP", "users"),
        ("/admin/audit", "Registro de auditoría", "audit"),
    ):
        page.goto(base + path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        _look(page, check_page, f"es-server-{name}-{mode}")
