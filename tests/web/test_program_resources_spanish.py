"""A program's own resources file in Spanish: each entry's ``translations.es`` is shown on the
services page when the page is Spanish; an entry without Spanish is still shown, in English and
marked (a missing translation never hides where to get help). The file is checked with plain
messages, and the CLI (``sitecare resources``) says the same list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from sitecare.cli.app import app as cli_app
from sitecare.config import Settings
from sitecare.domain.errors import InvalidInput
from sitecare.domain.help_resources import check_resources, resources_in
from sitecare.web.app import create_app

ES = {"Accept-Language": "es-MX,es;q=0.9", "accept": "text/html"}
EN = {"Accept-Language": "en", "accept": "text/html"}
OWN = """\
- name: Riverside Outreach
  what: Wound care on Tuesdays.
  where: Riverside
  phone: '555 0100'
  translations:
    es:
      what: Curación de heridas los martes.
- name: Night Van
  what: Clean supplies and naloxone, 8 pm to midnight.
  where: Downtown
"""


def _page(
    db_url: str, tmp_path: Path, text: str, headers: dict[str, str], status: int = 200
) -> str:
    own = tmp_path / "resources.yaml"
    own.write_text(text, encoding="utf-8")
    app = create_app(Settings(database_url=db_url, data_dir=tmp_path, resources_file=str(own)))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        res = c.get("/help/services", headers=headers)
    assert res.status_code == status
    return res.text


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_services_page_shows_a_programs_spanish_and_marks_the_english(
    db_url: str, tmp_path: Path
) -> None:
    page = _page(db_url, tmp_path, OWN, ES)
    assert '<html lang="es">' in page
    assert "<span>Curación de heridas los martes.</span>" in page
    assert "Wound care on Tuesdays." not in page
    # the entry with no Spanish is kept, in English, marked, with lang="en" for screen readers
    assert page.count("Solo en inglés:") == 1
    assert '<span lang="en">Clean supplies and naloxone, 8 pm to midnight.</span>' in page
    assert 'href="tel:5550100">Llame al 555 0100</a>' in page
    assert '<strong lang="en">Night Van</strong>' in page


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_services_page_in_english_is_unchanged(db_url: str, tmp_path: Path) -> None:
    page = _page(db_url, tmp_path, OWN, EN)
    assert "Wound care on Tuesdays." in page and "Curación" not in page
    assert "Only in English" not in page and 'lang="en">' not in page.split("<main", 1)[1]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_shipped_list_is_all_spanish_and_marks_nothing(client: TestClient) -> None:
    page = client.get("/help/services", headers=ES).text
    assert "Solo en inglés" not in page
    assert "Llame antes de consumir." in page and '<strong lang="en">FRANK</strong>' in page


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_mistaken_file_is_named_in_plain_words(db_url: str, tmp_path: Path) -> None:
    bad = OWN.replace("    es:\n", "    sp:\n")
    page = _page(db_url, tmp_path, bad, EN, status=422)
    assert "translations has &#39;sp&#39;; sitecare can show es" in page


def test_every_problem_is_said_at_once() -> None:
    data = [
        {"name": "A", "what": "B", "translations": {"fr": {"what": "c"}}},
        {"name": "C", "what": "D", "translations": {"es": {"phone": "1", "what": " "}}},
        {"name": "E"},
        {"name": "F", "what": "G", "translations": ["es"]},
        {"name": "H", "what": "I", "translations": {"en": {"what": "J"}}},
    ]
    with pytest.raises(InvalidInput) as caught:
        check_resources(data)
    said = caught.value.message
    assert said.startswith("The resources file has mistakes. Entry 1 (A): translations has 'fr'")
    assert "Entry 2 (C): translations.es can give name, what and where, not 'phone'." in said
    assert "Entry 2 (C): translations.es.what must be words." in said
    assert "Entry 3 needs a name and what it offers." in said
    assert "Entry 4 (F): translations must be a language code with its words" in said
    assert "Entry 5 (H): translations has 'en'" in said
    for bad in ([], {"name": "A"}, "text"):
        with pytest.raises(InvalidInput, match="must be a list of entries"):
            check_resources(bad)


def test_a_file_without_translations_stays_valid_and_nothing_is_dropped() -> None:
    old = [{"name": "A", "what": "Help.", "phone": "1"}, {"name": "B", "what": "More."}]
    entries = check_resources(old)
    shown = resources_in(entries, "es", lambda text: text)
    assert [e["name"] for e in shown] == ["A", "B"]
    assert all(e["in_english"] and e["english"] == ["name", "what"] for e in shown)
    english = resources_in(entries, "en", lambda text: text)
    assert [e["what"] for e in english] == ["Help.", "More."]
    assert not any(e["in_english"] or e["english"] for e in english)


def _cli(tmp_path: Path, text: str, *args: str, lang: str = "es"):  # type: ignore[no-untyped-def]
    own = tmp_path / "resources.json"
    own.write_text(text, encoding="utf-8")
    env = {
        "SITECARE_RESOURCES_FILE": str(own),
        "SITECARE_LANGUAGE": lang,
        "LC_ALL": "",
        "LANG": "C",
    }
    return CliRunner().invoke(cli_app, ["resources", *args], env=env)


def _as_json(text: str) -> str:
    from sitecare.domain.yamlload import safe_load

    return json.dumps(safe_load(text))


def test_the_cli_says_the_list_in_spanish_and_json_keeps_english_keys(tmp_path: Path) -> None:
    res = _cli(tmp_path, _as_json(OWN))
    assert res.exit_code == 0, res.output
    said = " ".join(res.output.split())
    assert said.startswith("Dónde encontrar ayuda")
    assert (
        "Riverside Outreach (Riverside) Curación de heridas los martes. Llame al 555 0100" in said
    )
    assert "Night Van (Downtown) Solo en inglés: Clean supplies and naloxone" in said
    rows = json.loads(_cli(tmp_path, _as_json(OWN), "--json").output)
    assert [r["name"] for r in rows] == ["Riverside Outreach", "Night Van"]
    assert rows[0]["what"] == "Curación de heridas los martes." and not rows[0]["in_english"]
    assert rows[1]["in_english"] and rows[1]["english"] == ["name", "what", "where"]
    assert set(rows[0]) == {"name", "what", "where", "phone", "english", "in_english"}
    english = " ".join(_cli(tmp_path, _as_json(OWN), lang="en").output.split())
    assert "Wound care on Tuesdays." in english and "Only in English" not in english


def test_the_cli_refuses_a_mistaken_file_in_spanish(tmp_path: Path) -> None:
    res = _cli(tmp_path, json.dumps([{"name": "A", "what": "B", "translations": {"es": {}}}]))
    assert res.exit_code == 2
    said = " ".join(res.output.split())
    assert "El archivo de servicios tiene errores. Entrada 1 (A): translations debe ser" in said
    broken = _cli(tmp_path, "[{")
    assert broken.exit_code == 2 and "no es JSON válido" in broken.output
