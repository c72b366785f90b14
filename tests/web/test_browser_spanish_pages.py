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
