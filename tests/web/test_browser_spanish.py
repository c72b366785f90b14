"""The emergency check in Spanish in a real browser at 390x844, JavaScript on and off:
axe-core clean, 44px targets, nothing wider than the screen and no text overflowing its box.

The browser asks for Spanish the way a phone set to Spanish does (Accept-Language, from the
context's locale); the switch link then brings English back. Screenshots: tests/artifacts/
check-es-*.png.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from tests.steps import press

pytestmark = pytest.mark.browser

#: elements whose text is wider than their box (cut off or spilling out)
OVERFLOWING = """() => [...document.querySelectorAll(
    'h1, h2, p, li, label, legend, a, button, span.words, option')]
  .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1
               && getComputedStyle(e).overflowX !== 'visible' || (e.offsetParent !== null
               && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1))
  .map(e => e.tagName + ': ' + e.textContent.trim().slice(0, 40))"""


def _next(page: Page) -> None:
    press(page, "Siguiente")


def test_the_emergency_check_in_spanish(
    phone_es: tuple[Page, str], live_server: str, check_page: Callable[..., list[Any]]
) -> None:
    page, mode = phone_es
    page.goto(live_server + "/check")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_text("Paso 1 de unos")).to_be_visible()
    switch = page.get_by_role("link", name="English")
    box = switch.bounding_box()
    assert box is not None and box["width"] >= 44 and box["height"] >= 44
    assert check_page(page, f"check-es-start-{mode}") == []
    assert page.evaluate(OVERFLOWING) == []
    page.get_by_label("Una droga que no me recetaron").check()
    page.get_by_label("Mucho sueño, se queda dormido sin querer o cuesta despertarlo").check()
    _next(page)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Emergencia: llame ahora")
    expect(page.get_by_role("link", name="Llame al 911 ahora")).to_be_visible()
    do_now = page.locator("ol.do-now")
    expect(do_now).to_contain_text("naloxona")
    expect(do_now).to_contain_text("respiraciones de rescate")
    expect(page.locator(".safety-net")).to_contain_text("El efecto de la naloxona se pasa")
    assert check_page(page, f"check-es-result-overdose-{mode}") == []
    assert page.evaluate(OVERFLOWING) == []


def test_the_switch_brings_english_back_without_javascript(
    phone_es: tuple[Page, str], live_server: str
) -> None:
    page, _mode = phone_es
    page.goto(live_server + "/check")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check a site")
    page.get_by_role("link", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page).to_have_url(live_server + "/check")


def test_logging_an_injection_in_spanish(
    phone_es: tuple[Page, str], live_server: str, check_page: Callable[..., list[Any]]
) -> None:
    page, mode = phone_es
    page.goto(live_server + "/log")
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrar una inyección")
    assert check_page(page, f"log-es-map-{mode}") == []
    page.goto(live_server + "/log?region=thigh_front_left")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_text("Cuándo")).to_be_visible()
    assert check_page(page, f"log-es-form-{mode}") == []
    assert page.evaluate(OVERFLOWING) == []
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrado")
    expect(page.get_by_role("button", name="Deshacer")).to_be_visible()
    assert check_page(page, f"log-es-logged-{mode}") == []
    assert page.evaluate(OVERFLOWING) == []
