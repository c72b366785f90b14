"""The personal app's history, site, log (spot picker), body map and photo pages in Spanish:
Accept-Language es gives <html lang="es">, the pages' own lines in Spanish, and none of their
templates' English left (tests/server/spanish.py reads the page as a person does)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from tests.measure.conftest import photo as synthetic
from tests.photos.test_pages import _form_upload
from tests.server.spanish import ES, english_left, lang, visible
from typer.testing import CliRunner

from sitecare.cli.app import app as cli
from sitecare.config import Settings
from sitecare.web.app import create_app

HISTORY = ("history.html", "_bodymap.html", "_report_form.html", "base.html")
PASS = "correct horse battery"
SITE = ("site.html", "_course.html", "_site_photos.html", "_photo_form.html", "_area_chart.html")


def _records(client: TestClient) -> int:
    for region in ("forearm_left", "forearm_left", "abdomen_lower_left", "thigh_front_right"):
        assert client.post("/api/v1/injections", json={"region": region}).status_code == 201
    r = client.post("/api/v1/checks", json={"findings": ["bruise"], "region": "forearm_left"})
    assert r.status_code == 201, r.text
    return int(r.json()["check_id"])


def test_the_history_in_spanish(client: TestClient) -> None:
    _records(client)
    page = client.get("/history?days=30", headers=ES).text
    assert lang(page) == "es"
    text = visible(page)
    for line in (
        "Inyecciones por día, últimos 30 días",
        "Escala a la izquierda: inyecciones por día. 4 en total",
        "Dónde: cuántas veces se usó cada lugar",
        "Mapa de calor de las inyecciones de los últimos 30 días",
        "Cuerpo: De frente (mirando hacia usted)",
        "De espaldas",
        "Inyecciones por lugar, últimos 30 días",
        "Antebrazo izquierdo",
        "Estado de los sitios",
        "Línea de tiempo",
        "1 a 4 de 4, las más recientes primero.",
        "Informe para una clínica (PDF)",
        "Elegir de una lista",
        "más oscuro: más inyecciones",
        "4 inyecciones en los últimos 30 días, como máximo 4 por día",
        "Debajo de la piel",
    ):
        assert line in text, line
    assert english_left(page, *HISTORY) == []
    assert "Injections per" not in text and "Timeline" not in text


def test_a_zoomed_part_and_the_spot_picker_in_spanish(client: TestClient) -> None:
    _records(client)
    zoomed = client.get("/history?part=arm_left", headers=ES).text
    assert "Todo el cuerpo" in visible(zoomed) and "Brazo izquierdo" in visible(zoomed)
    assert english_left(zoomed, *HISTORY) == []
    belly = client.get("/log?region=abdomen_lower_left", headers=ES).text
    text = visible(belly)
    for line in ("¿Qué punto?", "ombligo", "No sé qué punto", "su elección", "Punto 1"):
        assert line in text, line
    assert "a la altura del ombligo" in text and "hacia el hueso de la cadera" in text
    assert english_left(belly, "log.html", "_spots.html") == []
    vein = client.get("/log?region=forearm_left", headers=ES).text
    assert "Los puntos van a lo largo de la vena" in visible(vein)
    assert english_left(vein, "log.html", "_spots.html") == []


def test_a_site_with_its_check_and_photos_in_spanish(client: TestClient) -> None:
    check = _records(client)
    page = client.get("/sites/forearm_left", headers=ES).text
    assert lang(page) == "es"
    text = visible(page)
    for line in ("Antebrazo izquierdo", "Registrar una inyección aquí", "Revisiones de este sitio"):
        assert line in text, line
    assert "Inyecciones aquí" in text and "Añadir una foto" in text and "En una vena" in text
    assert "Uno de los sitios de vena más seguros. Empiece cerca de la muñeca" in text
    assert english_left(page, *SITE) == []
    r = _form_upload(client, f"/checks/{check}/photos", synthetic().jpeg)
    assert r.status_code == 303, r.text
    measure = client.get(r.headers["location"], headers=ES).text
    text = visible(measure)
    assert lang(measure) == "es"
    for line in ("Medir la marca", "Foto añadida.", "Guardar este contorno", "O escriba el tamaño"):
        assert line in text, line
    assert english_left(measure, "photo_measure.html") == []
    # what the outline editor (static/outline.js) says comes with the page, in Spanish
    assert 'data-drag="Arrastre un punto para mover la línea, o trace la marca con el dedo."' in (
        measure
    )
    kept = client.post(r.headers["location"].split("?")[0], data={"kind": "auto"}, headers=ES).text
    text = visible(kept)
    assert "La medida quedó guardada con la foto." in text and "Cambiar la medida" in text
    assert "Foto de Antebrazo izquierdo, tomada para la revisión del" in text
    assert english_left(kept, *SITE) == []


def test_the_lock_screen_in_spanish(tmp_path: Path) -> None:
    db = tmp_path / "me.sqlite3"
    env = {"SITECARE_DATABASE_URL": f"sqlite:///{db}"}
    assert CliRunner().invoke(cli, ["log", "forearm_left"], env=env).exit_code == 0
    locked = CliRunner().invoke(
        cli, ["passphrase", "set", "--passphrase-stdin"], input=f"{PASS}\n", env=env
    )
    assert locked.exit_code == 0, locked.output
    app = create_app(Settings(database_url=f"sqlite:///{db}", data_dir=tmp_path))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        page = c.get("/unlock", headers=ES).text
        assert lang(page) == "es"
        text = visible(page)
        assert "Desbloquear sitecare" in text and "Frase de contraseña" in text
        assert "¿Olvidó la frase de contraseña?" in text
        assert english_left(page, "lock_screen.html") == []
        r = c.post("/unlock", data={"passphrase": PASS, "next": "/history"}, headers=ES)
        assert r.status_code == 200 and "Historial" in visible(r.text)
        page = c.get("/unlock", headers=ES).text
        assert "Bloquear sitecare" in visible(page) and "Bloquear ahora" in visible(page)
        assert english_left(page, "lock_screen.html") == []
