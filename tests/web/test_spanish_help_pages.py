"""The help, home, privacy, settings and measuring-card pages in Spanish (Accept-Language: es):
each says <html lang="es">, shows known Spanish lines, and none of its template's English
messages (nor the help topics' titles, nor the shipped services' words) is left on it.

The English messages of a template are read from the template itself with Babel (as
scripts/i18n.py extract does), so a line added in English and not marked fails here too once it
is marked, and a marked line with no Spanish fails tests/unit/test_messages.py.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

babel = pytest.importorskip("babel")

ES = {"Accept-Language": "es-MX,es;q=0.9,en;q=0.5", "accept": "text/html"}
TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "sitecare" / "web" / "templates"
TOPICS = ("marks", "why", "prevent", "care", "when", "someone", "services")

#: page -> (the templates whose words it shows, Spanish lines it must show)
PAGES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "/help": (
        ("help_index.html",),
        (
            "Respuestas claras sobre las marcas de inyección",
            'Llame al <a href="tel:911">911</a> ahora si un brazo o una pierna',
            "Cuándo buscar ayuda",
            "La tarjeta para medir</a>: imprímala",
        ),
    ),
    "/help/marks": (
        ("help/marks.html", "help/_layout.html"),
        ("Las «marcas de aguja»", "Señales de que es más que una marca", "Todos los temas"),
    ),
    "/help/why": (("help/why.html", "help/_layout.html"), ("no son una falla de la persona",)),
    "/help/prevent": (
        ("help/prevent.html", "help/_layout.html"),
        ("Nunca comparta agujas", '(vea <a href="/help/services">servicios</a>)'),
    ),
    "/help/care": (
        ("help/care.html", "help/_layout.html"),
        ("Deje descansar el sitio.", "Nunca corte un bulto en la ingle"),
    ),
    "/help/when": (
        ("help/when.html", "help/_layout.html"),
        (
            "Llame al 911 ahora</h2>",
            "Un bulto que late o palpita al ritmo del corazón.",
            "Vea a un profesional de salud hoy</h2>",
            '¿Tiene dudas? <a href="/check">Revisar un sitio</a>:',
        ),
    ),
    "/help/someone": (
        ("help/someone.html", "help/_layout.html"),
        (
            "Llame al 911. Si alguien no se despierta",
            "si usted tiene naloxona, désela a la persona",
        ),
    ),
    "/help/services": (
        ("help/services.html", "help/_layout.html"),
        ("Llame al 1-800-662-4357", "Estados Unidos", "reducción de daños"),
    ),
    "/card": (("card.html",), ("Tarjeta para medir", "Descargar para imprimir (PDF)")),
    "/card/screen": (("card_screen.html",), ("Más pequeña", "Más grande", "Pantalla completa")),
    "/privacy": (("privacy.html",), ("Llévese sus registros", "Borrar todo")),
    "/": (("home.html",), ("Sus sitios de inyección", "Últimas inyecciones", "Listo: me inyecté")),
    "/settings": (
        ("settings.html",),
        ("Ajustes de rotación", "Su forma habitual de inyectarse", "Nunca se sugieren"),
    ),
}


def english_messages(template: str) -> list[str]:
    """The messages a template marks with ``_()``, as Babel extracts them."""
    from babel.messages.extract import extract_from_file

    found = extract_from_file(
        "jinja2.ext:babel_extract", str(TEMPLATES / template), keywords={"_": None}
    )
    return [msgid for _line, msgid, _comments, _ctx in found if isinstance(msgid, str)]


def data_words() -> list[str]:
    """The words these pages take from data: topic titles and the shipped services' words."""
    from sitecare.domain.yamlload import load_data
    from sitecare.views.page_words import TOPICS as TITLES

    services = load_data("resources.yaml")
    return [*TITLES.values(), *(r[k] for r in services for k in ("what", "where") if r.get(k))]


def leftovers(page: str, english: list[str]) -> list[str]:
    """English messages still on a page: a message of three words or more, with its
    placeholders as gaps, found in the page's text."""
    from sitecare.domain.messages import messages

    spanish = messages("es")
    left = []
    for msgid in english:
        if len(msgid.split()) < 3 or spanish.get(msgid) == msgid:
            continue
        pieces = [html.escape(p, quote=False) for p in re.split(r"%\(\w+\)s", msgid)]
        if all(len(p.strip()) < 12 or p in page for p in pieces) and any(
            len(p.strip()) >= 12 for p in pieces
        ):
            left.append(msgid)
    return left


@pytest.fixture
def lived_in(client: TestClient) -> TestClient:
    """Records on the home page (a suggestion, last injections) and a medicine in settings."""
    client.post("/log", data={"region": "forearm_left", "spot": "2", "route": "intravenous"})
    client.post("/settings/presets/bolus")
    return client


@pytest.mark.parametrize("path", list(PAGES))
def test_each_page_is_spanish_with_no_english_left(lived_in: TestClient, path: str) -> None:
    answer = lived_in.get(path, headers=ES)
    assert answer.status_code == 200, path
    page = answer.text
    assert '<html lang="es">' in page
    templates, lines = PAGES[path]
    for line in lines:
        assert line in page, line
    english = [m for t in templates for m in english_messages(t)] + data_words()
    assert leftovers(page, english) == []


def test_the_checks_find_english_when_the_page_is_english(lived_in: TestClient) -> None:
    """The leftover check is not empty by construction: the English page fails it."""
    page = lived_in.get("/help/when", headers={"Accept-Language": "en"}).text
    assert '<html lang="en">' in page
    english = english_messages("help/when.html")
    assert len(leftovers(page, english)) >= 15


def test_the_help_pages_keep_english_words_out_of_the_reading_text(client: TestClient) -> None:
    """Beyond the marked messages: the text of <main> on every help page has none of the most
    common English words (only the services' own names, web addresses and 'tranq' stay)."""
    from sitecare.domain.yamlload import load_data

    names = [html.escape(r["name"], quote=False) for r in load_data("resources.yaml")]
    for path in ("/help", *(f"/help/{t}" for t in TOPICS), "/card", "/card/screen"):
        page = client.get(path, headers=ES).text
        main = page.split("<main", 1)[1].split("</main>", 1)[0]
        for name in names:
            main = main.replace(name, " ")
        text = re.sub(r"<[^>]+>", " ", main)
        words = set(re.findall(r"[A-Za-z']+", text.lower()))
        assert words & {"the", "you", "your", "and", "if", "is", "it", "not", "with"} == set(), path


def test_the_emergency_number_is_unchanged_in_spanish(db_url: str, tmp_path: Path) -> None:
    from sitecare.config import Settings
    from sitecare.web.app import create_app

    app = create_app(Settings(database_url=db_url, data_dir=tmp_path, emergency_number="112"))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        when = c.get("/help/when", headers=ES).text
        assert "Llame al 112 ahora</h2>" in when and "911" not in when
        index = c.get("/help", headers=ES).text
        assert 'Llame al <a href="tel:112">112</a> ahora si' in index
        assert "Llame al 112. Si alguien no se despierta" in c.get("/help/someone", headers=ES).text


def test_saved_words_on_the_settings_page_are_spanish(client: TestClient) -> None:
    """What was saved travels in the address in English; the page says it in Spanish."""
    for saved, words in (
        ("your usual way of injecting", "Guardado: su forma habitual de inyectarse."),
        ("into a vein", "Guardado: en una vena."),
        ("bolus insulin removed", "Guardado: se quitó insulina de bolo (de las comidas)."),
        ("semaglutide", "Guardado: semaglutide."),
    ):
        page = client.get("/settings", params={"saved": saved}, headers=ES).text
        assert words in page, saved


def test_saved_words_stay_english_in_english_and_are_escaped(client: TestClient) -> None:
    en = {"Accept-Language": "en", "accept": "text/html"}
    page = client.get("/settings", params={"saved": "into a vein"}, headers=en).text
    assert "Saved: into a vein." in page
    page = client.get("/settings", params={"saved": "<b>x</b> removed"}, headers=ES).text
    assert "Guardado: se quitó &lt;b&gt;x&lt;/b&gt;." in page and "<b>x</b>" not in page
