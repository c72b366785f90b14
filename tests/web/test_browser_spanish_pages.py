"""The help, home, privacy, settings and measuring-card pages in Spanish in a real browser at
390x844, JavaScript on and off: axe-core clean, 44px targets, nothing wider than the screen and
no text overflowing its box (Spanish runs about a fifth longer than English).
Screenshots: tests/artifacts/es-<page>-<js|nojs>.png.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from test_browser_spanish import OVERFLOWING

pytestmark = pytest.mark.browser

#: path -> (screenshot name, a Spanish heading the page shows)
PAGES = {
    "/help": ("help", "Ayuda"),
    "/help/marks": ("help-marks", "Cómo se ven las marcas, etapa por etapa"),
    "/help/why": ("help-why", "De dónde vienen las marcas y el daño"),
    "/help/prevent": ("help-prevent", "Cómo prevenir las marcas y las infecciones"),
    "/help/care": ("help-care", "Cómo cuidar una marca o una herida"),
    "/help/when": ("help-when", "Cuándo buscar ayuda"),
    "/help/someone": ("help-someone", "Cómo ayudar a alguien que le importa"),
    "/help/services": ("help-services", "Dónde encontrar ayuda"),
    "/card": ("card", "Tarjeta para medir"),
    "/card/screen": ("card-screen", "Tarjeta para medir en la pantalla"),
    "/privacy": ("privacy", "Privacidad y sus datos"),
    "/": ("home", "Sus sitios de inyección"),
    "/settings": ("settings", "Ajustes de rotación"),
}

#: links that stand alone (a help topic, "all help topics", "see all"), not inside a sentence:
#: tap targets too
LIST_LINKS = """() => [...document.querySelectorAll('main li > a, main p > a')]
  .filter(e => e.offsetParent !== null
               && e.parentElement.textContent.trim() === e.textContent.trim())
  .map(e => e.getBoundingClientRect())
  .filter(r => r.height < 44 || r.width < 44)
  .map(r => Math.round(r.width) + 'x' + Math.round(r.height))"""


@pytest.mark.parametrize("path", list(PAGES))
def test_each_page_in_spanish_fits_the_phone(
    phone_es: tuple[Page, str],
    live_server: str,
    check_page: Callable[..., list[Any]],
    path: str,
) -> None:
    page, mode = phone_es
    if path in ("/", "/settings"):  # a suggestion, last injections and a medicine to show
        page.request.post(
            live_server + "/log",
            form={"region": "forearm_left", "spot": "2", "route": "intravenous"},
        )
        page.request.post(live_server + "/settings/presets/bolus")
    name, heading = PAGES[path]
    page.goto(live_server + path)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("h1")).to_contain_text(heading.split(":")[0])
    if path == "/settings":  # every section open, so each one is measured
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert check_page(page, f"es-{name}-{mode}") == []
    assert page.evaluate(OVERFLOWING) == []
    assert page.evaluate(LIST_LINKS) == []


def test_a_programs_own_services_in_spanish_fit_the_phone(
    phone_es: tuple[Page, str],
    tmp_path: Any,
    serve_in_thread: Callable[[Any], Any],
    check_page: Callable[..., list[Any]],
) -> None:
    """A program's list with one entry in Spanish and one only in English: both are shown,
    the English one marked, and the page stays clean at 390 px."""
    from sitecare.config import Settings

    own = tmp_path / "resources.yaml"
    own.write_text(
        "- name: Riverside Outreach\n  what: Wound care and clean supplies, Tuesdays 2-6 pm.\n"
        "  where: 14 River Street\n  phone: '555 0100'\n  translations:\n    es:\n"
        "      what: Curación de heridas y material limpio, los martes de 2 a 6 pm.\n"
        "- name: Night Van\n  what: Naloxone and supplies, 8 pm to midnight.\n",
        encoding="utf-8",
    )
    page, mode = phone_es
    url = f"sqlite:///{tmp_path / 'web.sqlite3'}"
    settings = Settings(database_url=url, data_dir=tmp_path, resources_file=str(own))
    with serve_in_thread(settings) as live:
        page.goto(live + "/help/services")
        expect(page.locator("html")).to_have_attribute("lang", "es")
        expect(page.get_by_text("Curación de heridas y material limpio")).to_be_visible()
        expect(page.get_by_text("Solo en inglés:")).to_have_count(1)
        expect(page.locator('[lang="en"]', has_text="Naloxone and supplies")).to_be_visible()
        assert check_page(page, f"es-help-services-program-{mode}") == []
        assert page.evaluate(OVERFLOWING) == []


def test_the_card_picture_is_the_spanish_card(phone_es: tuple[Page, str], live_server: str) -> None:
    page, _mode = phone_es
    page.goto(live_server + "/card")
    picture = page.locator("img.measure-card")
    expect(picture).to_have_attribute("src", "/card.png?language=es")
    page.wait_for_function("document.querySelector('img.measure-card').naturalWidth > 0")
    assert page.evaluate("document.querySelector('img.measure-card').naturalWidth") == 1011
