"""Pocket's Python half in Spanish: the language comes from ``init`` (the phone's languages),
the pages say <html lang="es">, and a check answers in Spanish with English ids. Pocket reads the
same catalogs as the web app, from its bundle, without Babel."""

from __future__ import annotations

from typing import Any

from tests.spanish_dates import this_month_es

from sitecare.pocket.bundle import bundle_entries


def test_the_bundle_carries_both_catalogs_as_plain_data() -> None:
    entries = bundle_entries()
    assert "sitecare/locale/es/LC_MESSAGES/sitecare.po" in entries
    assert "sitecare/data/triage/i18n/es.json" in entries


def test_init_with_spanish_languages_gives_spanish_pages_and_results(ok: Any) -> None:
    assert ok("init", {"language": "es-MX,es;q=0.9,en;q=0.8"})["language"] == "es"
    page = ok("page", {"method": "GET", "path": "/check"})
    assert '<html lang="es">' in page["html"]
    assert "Revisar un sitio" in page["html"] and ">Inicio</a>" in page["html"]
    a = ok("assess", {"findings": ["slow_breathing"]})
    assert a["level"] == "emergency" and a["conditions"][0]["id"] == "opioid_overdose"
    assert a["do_now"][0].startswith("Llame al 911 ahora")


def test_without_a_language_pocket_speaks_english(ok: Any) -> None:
    assert ok("init", {})["language"] == "en"
    page = ok("page", {"method": "GET", "path": "/check"})
    assert '<html lang="en">' in page["html"]


def test_pocket_speaks_spanish_on_the_help_privacy_and_settings_pages(ok: Any) -> None:
    ok("init", {"language": "es"})
    for path, line in (
        ("/help", 'Llame al <a href="tel:911">911</a> ahora si un brazo o una pierna'),
        ("/help/when", "Llame al 911 ahora</h2>"),
        ("/help/care", "Nunca corte un bulto en la ingle"),
        ("/privacy", "Todo lo que registra se queda en este navegador, en este teléfono."),
        ("/settings", "Su forma habitual de inyectarse"),
        ("/", "Sus sitios de inyección"),
    ):
        html = ok("page", {"method": "GET", "path": path})["html"]
        assert '<html lang="es">' in html and line in html, path


def test_pocket_says_a_blocked_sites_reason_and_dates_in_spanish(ok: Any) -> None:
    import html

    from sitecare.pocket.bundle import bundle_entries

    assert "sitecare/domain/localdates.py" in bundle_entries()
    ok("init", {"language": "es"})
    ok("check", {"case": {"findings": ["pus"], "region": "forearm_right"}})
    page = html.unescape(ok("page", {"method": "GET", "path": "/sites/forearm_right"})["html"])
    assert "Una revisión hecha hoy encontró:" in page and "No se inyecte ahí." in page
    assert "A check today found" not in page
    assert any(f" {m}, " in page for m in this_month_es())  # the check's date: "mar 1 dic, 10:00"
    ok("log", {"region": "forearm_left", "spot": "1", "route": "intravenous"})
    home = html.unescape(ok("page", {"method": "GET", "path": "/"})["html"])
    assert "Antebrazo derecho: sitio bloqueado." in home and "Siguiente:" in home


def test_pocket_says_the_shipped_services_in_spanish_and_marks_nothing(ok: Any) -> None:
    ok("init", {"language": "es"})
    html = ok("page", {"method": "GET", "path": "/help/services"})["html"]
    assert '<html lang="es">' in html and "Llame antes de consumir." in html
    assert "Solo en inglés" not in html and '<strong lang="en">FRANK</strong>' in html
    assert "Call before you use." not in html
