"""``SITECARE_LANGUAGE=es sitecare <command>`` answers in Spanish for every command whose words
are marked (the domain's reasons and warnings too), and the same commands in English are
unchanged; ids, JSON and command names stay English."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from typer.testing import CliRunner

from sitecare.cli.app import app

PUS = {"findings": ["pus"], "region": "forearm_right", "route": "intravenous"}


def run(url: str, *args: str, input: str = "", lang: str = "es"):  # type: ignore[no-untyped-def]
    env = {"SITECARE_DATABASE_URL": url, "SITECARE_LANGUAGE": lang, "LC_ALL": "", "LANG": "C"}
    return CliRunner().invoke(app, list(args), input=input, env=env)


def _ok(res) -> str:  # type: ignore[no-untyped-def]
    assert res.exit_code == 0, res.output
    return " ".join(str(res.output).split())  # rich wraps long lines


def test_log_warns_and_next_explains_in_spanish(sqlite_url: str) -> None:
    first = run(sqlite_url, "log", "forearm_left", "--spot", "1", "--route", "intravenous")
    assert "Inyección 1 registrada: Antebrazo izquierdo, punto 1, intravenosa," in _ok(first)
    again = _ok(run(sqlite_url, "log", "forearm_left", "--spot", "1", "--route", "intravenous"))
    assert "Aviso:" in again and "todavía está descansando" in again
    assert "los puntos de la inyección intravenosa descansan 2 días" in again
    assert "is still resting" not in again
    suggested = _ok(run(sqlite_url, "next", "--route", "intravenous"))
    assert "Siguiente: " in suggested and "no se ha usado antes" in suggested
    assert "not used before" not in suggested
    english = _ok(run(sqlite_url, "next", "--route", "intravenous", lang="en"))
    assert "Next: " in english and "not used before" in english


def test_a_blocked_site_is_explained_in_spanish(sqlite_url: str) -> None:
    _ok(run(sqlite_url, "check", "--input", "-", input=json.dumps(PUS)))
    warned = _ok(run(sqlite_url, "log", "forearm_right", "--spot", "1", "--route", "intravenous"))
    assert "Antebrazo derecho: sitio bloqueado. Una revisión hecha hoy encontró:" in warned
    assert "No se inyecte ahí." in warned
    suggested = _ok(run(sqlite_url, "next", "--route", "intravenous"))
    assert "sitio bloqueado" in suggested


def test_history_delete_undo_and_erase_in_spanish(sqlite_url: str) -> None:
    for hour in (8, 12, 16):  # a fixed day: the answer names it ("5 mar")
        at = f"2026-03-05T{hour:02d}:00"
        _ok(run(sqlite_url, "log", "thigh_front_left", "--route", "subcutaneous", "--at", at))
    history = _ok(run(sqlite_url, "history"))
    assert "Inyecciones (3)" in history and "cuándo" in history and "subcutánea" in history
    assert "Se borró la inyección 1: Parte de adelante del muslo izquierdo, 5 mar" in _ok(
        run(sqlite_url, "delete", "1")
    )
    assert "Se quitó la última entrada, la inyección 3" in _ok(run(sqlite_url, "undo"))
    refused = run(sqlite_url, "erase")
    assert refused.exit_code == 2
    assert "Borrarlo todo no se puede deshacer" in refused.output
    assert "Se borraron 1 inyección, 0 revisiones y 0 ajustes." in _ok(
        run(sqlite_url, "erase", "--yes")
    )


def test_due_export_import_backup_restore_in_spanish(sqlite_url: str, tmp_path: Path) -> None:
    assert "Ningún sitio tiene pendiente" in _ok(run(sqlite_url, "due"))
    _ok(run(sqlite_url, "check", "--input", "-", input=json.dumps(PUS)))
    later = (datetime.now(UTC) + timedelta(days=3)).isoformat(timespec="minutes")
    due = _ok(run(sqlite_url, "due", "--at", later))
    assert "pendiente desde" in due or "atrasado desde" in due
    assert "Revíselo otra vez: sitecare check --region forearm_right" in due
    out = tmp_path / "export.json"
    assert "Se exportó a" in _ok(run(sqlite_url, "export", "--output", str(out)))
    imported = _ok(run(sqlite_url, "import", str(out)))
    assert "Se importaron 0 inyecciones y 0 revisiones." in imported
    assert "Se omitió 1 registro que ya estaba guardado." in imported
    backup = tmp_path / "b.zip"
    assert "Se hizo una copia de seguridad de" in _ok(run(sqlite_url, "backup", str(backup)))
    restored = _ok(run(sqlite_url, "restore", str(backup), "--yes"))
    assert "Se restauró: 0 inyecciones y 1 revisión." in restored
    bad = run(sqlite_url, "export", "--format", "xml")
    assert bad.exit_code == 2 and "No se conoce el formato 'xml'" in bad.output


def test_errors_and_their_hints_in_spanish(sqlite_url: str) -> None:
    res = run(sqlite_url, "log", "nowhere")
    assert res.exit_code == 2
    assert "Error: No se conoce la zona 'nowhere'." in res.output
    spot = run(sqlite_url, "log", "forearm_left", "--spot", "9")
    assert spot.exit_code == 2 and "no tiene el punto '9'" in spot.output
    when = run(sqlite_url, "log", "forearm_left", "--at", "someday")
    assert when.exit_code == 2 and "No se puede leer la hora 'someday'." in when.output
    assert "Use ISO 8601, como" in when.output
    report = run(sqlite_url, "report", "--output", "r.txt")
    assert report.exit_code == 2 and "El informe es un PDF" in report.output
    english = run(sqlite_url, "log", "nowhere", lang="en")
    assert "Error: Unknown region 'nowhere'." in english.output


def test_photos_card_measure_rules_and_simulate_in_spanish(sqlite_url: str, tmp_path: Path) -> None:
    assert "Todavía no hay fotos." in _ok(run(sqlite_url, "photos"))
    card = tmp_path / "card.png"
    assert "Imprímala al 100 % (tamaño real)" in _ok(run(sqlite_url, "card", "--output", str(card)))
    blank = tmp_path / "blank.png"
    from PIL import Image

    Image.new("RGB", (640, 480), "white").save(blank)
    measured = run(sqlite_url, "measure", str(blank))
    assert "No se encontró la tarjeta" in measured.output
    assert "reglas, 0 errores" in _ok(run(sqlite_url, "rules", "lint"))
    sim = _ok(
        run(sqlite_url, "simulate", "--route", "subcutaneous", "--per-day", "40", "--days", "10")
    )
    assert "400 inyecciones en 10 días" in sim and "Descanso más corto de un punto:" in sim
    assert "," in sim.split("Descanso más corto de un punto:")[1].split("días")[0]  # 2,50


def test_serve_refuses_in_spanish(sqlite_url: str) -> None:
    res = run(sqlite_url, "serve", "--host", "0.0.0.0")
    assert res.exit_code == 2
    assert "El modo personal no pide iniciar sesión" in res.output


def test_the_spot_picture_in_spanish_and_english(sqlite_url: str) -> None:
    es = _ok(run(sqlite_url, "log", "abdomen_lower_right", "--spot", "help"))
    assert "Parte de abajo a la derecha de la barriga: 31 puntos, a 2 cm uno de otro" in es
    assert "arriba: a la altura del ombligo" in es and "[1] sugerido" in es
    en = _ok(run(sqlite_url, "log", "abdomen_lower_right", "--spot", "help", lang="en"))
    assert "Lower right belly: 31 spots, 2 cm apart" in en and "[1] suggested" in en
