"""The clinic report in Spanish: every word a person reads (headings, table headers, the summary,
the chart's key, the page footer) in plain Spanish, with Spanish dates and numbers; the rule
base's findings and conditions in its own Spanish text. Read back with pdftotext."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from tests.exports.conftest import load_sample, load_sample_with_photos
from tests.exports.test_report import NOW, Open, pdf_text
from typer.testing import CliRunner

from sitecare.cli.app import app
from sitecare.config import Settings
from sitecare.domain.triage.i18n import catalog
from sitecare.exports.report import css_pages, css_string
from sitecare.web.app import create_app

SINCE = NOW - timedelta(days=10)

#: what the Spanish report says (the sample: 6 injections on 3 days, a blocked elbow, 2 checks)
SPANISH = (
    "Informe de sitecare de me",
    "Periodo: del 13 nov 2026 al 23 nov 2026. Creado el 23 nov 2026, 12:00.",
    "Resumen",
    "6 inyecciones en 3 días (por vía: subcutánea 2, intravenosa 2,",
    "Los sitios más usados: parte de abajo a la izquierda de la barriga (1)",
    "El sitio «parte de adentro del codo izquierdo» está bloqueado desde el 22 nov, tras una "
    "revisión que encontró",
    "3 sitios descansan ahora:",
    "2 revisiones en este periodo. La más urgente: parte de adentro del codo izquierdo, el 22 nov, "
    "emergencia",
    "sitecare da orientación, no un diagnóstico.",
    "Dónde se pusieron las inyecciones",
    "Inyecciones por día, por zona",
    "Leyenda, con las inyecciones del periodo: Parte de abajo a la izquierda de la barriga: 1;",
    "Mapa del cuerpo: más oscuro quiere decir más inyecciones",
    "de frente",
    "de espaldas",
    "Todos los sitios ahora",
    "sitio vía estado por qué",
    "bloqueado desde el 22 nov",
    "descansando hasta el",
    "usado por última vez el 20 nov",
    "Listos, aún sin usar: Antebrazo izquierdo, Cara,",
    "Revisiones del periodo",
    "cuándo sitio nivel hallazgos probable medidas descanso nota",
    "22 nov, 09:00",
    "lo rojo: 4 cm, el bulto: 2,5 cm, 3 días, 38,2 °C, pulso 96/min, lo rojo se extiende",
    "bloqueado hasta que un profesional de salud o una revisión posterior lo libere",
    "descanso de 14 días",
    "marca normal",
    "Informe de sitecare de me, del 13 nov 2026 al 23 nov 2026",
    "página 1 de 2",
)
#: the English the report used to keep; none may be left in the Spanish one (the person's own
#: note, "looked at by the nurse", stays as written)
ENGLISH = (
    "sitecare report",
    "Period:",
    "Made ",
    "Summary",
    "injection(s)",
    "injections on",
    "Most used",
    "has been blocked",
    "are resting now",
    "in this period",
    "The most urgent",
    "guidance, not a diagnosis",
    "Where the injections went",
    "Injections per day",
    "Key, with",
    "hatching",
    "Body map",
    "front",
    "back",
    "Every site now",
    "resting until",
    "blocked since",
    "last used",
    "Ready, not used yet",
    "Checks in the period",
    " found ",
    "likely",
    "measured",
    "redness",
    "lump",
    "pulse",
    "get care today",
    "ordinary mark",
    "emergency",
    "Other places",
    "page 1 of",
    " Nov ",
    "subcutaneous",
    "intravenous",
    "Left ",
    "Right ",
)


def _leftover(text: str) -> list[str]:
    return [w for w in ENGLISH if w in text]


def test_the_report_speaks_spanish(open_services: Open, sqlite_url: str, tmp_path: Path) -> None:
    sc = open_services(sqlite_url)
    load_sample(sc)
    text = pdf_text(sc.report.pdf(now=NOW, since=SINCE, language="es"), tmp_path)
    assert [s for s in SPANISH if s not in text] == []
    assert _leftover(text) == []
    # the rule base's own Spanish for the findings and the likely conditions
    es = catalog("es")
    assert es["Sepsis (the body's severe reaction to infection)"] in text
    assert es["pus coming out"] in text
    # the English report is the same as before: the default is English
    english = pdf_text(sc.report.pdf(now=NOW, since=SINCE, language="en"), tmp_path)
    assert english == pdf_text(sc.report.pdf(now=NOW, since=SINCE), tmp_path)
    assert "Where the injections went" in english and "6 injections on 3 days" in english
    assert "Resumen" not in english and "2.5 cm" in english


def test_an_empty_period_says_so_in_spanish(
    open_services: Open, sqlite_url: str, tmp_path: Path
) -> None:
    text = pdf_text(open_services(sqlite_url).report.pdf(now=NOW, language="es"), tmp_path)
    assert "No se registraron inyecciones en este periodo." in text
    assert "No se registraron revisiones de sitios en este periodo." in text
    assert _leftover(text) == []


def test_the_photo_captions_speak_spanish(open_services: Open, tmp_path: Path) -> None:
    sc = load_sample_with_photos(open_services(f"sqlite:///{tmp_path / 'p.sqlite3'}"))
    pdf = sc.report.pdf(now=NOW, since=SINCE, with_photos=True, language="es")
    text = pdf_text(pdf, tmp_path)
    assert "de esta revisión." in text and "photo" not in text.lower()
    assert "scale" not in text


def test_the_cli_report_follows_the_language(open_services: Open, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    sc = open_services(url)
    current = datetime.now().astimezone()
    sc.records.log_injection(now=current, at=current, region="forearm_left", route="intravenous")
    runner = CliRunner()
    flag, setting = tmp_path / "flag.pdf", tmp_path / "setting.pdf"
    env = {"SITECARE_DATABASE_URL": url}
    done = runner.invoke(app, ["--language", "es", "report", "--output", str(flag)], env=env)
    assert done.exit_code == 0, done.output
    assert "Antebrazo izquierdo" in pdf_text(flag.read_bytes(), tmp_path)
    env["SITECARE_LANGUAGE"] = "es"
    done = runner.invoke(app, ["report", "--output", str(setting)], env=env)
    assert done.exit_code == 0, done.output
    text = pdf_text(setting.read_bytes(), tmp_path)
    assert "Resumen" in text and "1 inyección en 1 día" in text and _leftover(text) == []
    backwards = runner.invoke(
        app,
        ["report", "--since", "2026-11-20", "--until", "2026-11-10", "--output", str(flag)],
        env=env,
    )
    assert backwards.exit_code == 2
    assert "'since' (desde) debe ser anterior a la de 'until' (hasta)" in backwards.stderr


def test_the_web_report_follows_the_page_language(sqlite_url: str, tmp_path: Path) -> None:
    settings = Settings(database_url=sqlite_url, data_dir=tmp_path)
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as client:
        client.post("/api/v1/injections", json={"region": "forearm_left", "route": "intravenous"})
        spanish = {"Accept-Language": "es-MX,es;q=0.9"}
        page = client.get("/history?days=7", headers=spanish)
        assert 'name="language" value="es"' in page.text
        by_header = client.get("/report.pdf?days=7", headers=spanish)
        asked = client.get("/report.pdf?days=7&language=es")
        english = client.get("/report.pdf?days=7&language=en", headers=spanish)
        wrong = client.get("/report.pdf?days=7&language=fr")
    assert by_header.status_code == 200 and "Accept-Language" in by_header.headers["vary"]
    assert "vary" not in asked.headers
    for answer in (by_header, asked):
        text = pdf_text(answer.content, tmp_path)
        assert "Antebrazo izquierdo" in text and "Resumen" in text and _leftover(text) == []
    assert "Left forearm" in pdf_text(english.content, tmp_path)
    assert wrong.status_code == 422


def test_the_page_footer_is_a_css_string() -> None:
    assert css_string('a "b" \\ <c>') == '"a \\"b\\" \\\\ \\3c c>"'
    assert css_pages("page %(page)s of %(pages)s") == '"page " counter(page) " of " counter(pages)'
    assert css_pages("%(page)s/%(pages)s") == 'counter(page) "/" counter(pages)'
