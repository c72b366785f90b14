"""The CLI in Spanish: SITECARE_LANGUAGE, --language, then the locale; ids stay English."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from sitecare.cli.app import app

ABSCESS = {
    "route": "skin_popping",
    "findings": ["fluctuant_lump", "redness", "warmth"],
    "lump_diameter_cm": 7,
    "context": ["injects_drugs"],
}
OVERDOSE = {"findings": ["slow_breathing", "hard_to_wake"], "route": "intravenous"}


def run(url: str, *args: str, input: str = "", **env: str):  # type: ignore[no-untyped-def]
    base = {"SITECARE_DATABASE_URL": url, "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}
    return CliRunner().invoke(app, list(args), input=input, env={**base, **env})


def test_sitecare_language_es_gives_spanish_text_with_english_ids(sqlite_url: str) -> None:
    res = run(
        sqlite_url,
        "check",
        "--input",
        "-",
        "--json",
        input=json.dumps(OVERDOSE),
        SITECARE_LANGUAGE="es",
    )
    assert res.exit_code == 0, res.output
    a = json.loads(res.stdout)
    assert a["level"] == "emergency" and a["emergency_number"] == "911"
    assert a["conditions"][0]["id"] == "opioid_overdose"
    assert a["do_now"][0] == "Llame al 911 ahora o vaya a la sala de emergencias más cercana."
    assert any(line.startswith("Dele naloxona") for line in a["do_now"])
    assert any("naloxona" in line for line in a["safety_net"])
    assert "sobredosis de opioides" in a["headline"]
    english = json.loads(
        run(sqlite_url, "check", "--input", "-", "--json", input=json.dumps(OVERDOSE)).stdout
    )
    assert set(a) == set(english) and a["rule_ids"] == english["rule_ids"]


def test_the_human_output_is_spanish_and_the_number_unchanged(sqlite_url: str) -> None:
    res = run(
        sqlite_url,
        "--language",
        "es",
        "check",
        "--input",
        "-",
        input=json.dumps(OVERDOSE),
        SITECARE_EMERGENCY_NUMBER="112",
    )
    assert res.exit_code == 0, res.output
    assert "LLAME AHORA" in res.stdout and "Llame al 112 ahora" in res.stdout
    assert "Mientras espera" in res.stdout
    assert "No se guardó" in res.stdout
    assert "Do this now" not in res.stdout and "While you wait" not in res.stdout


def test_the_flag_beats_the_setting_and_the_setting_beats_the_locale(sqlite_url: str) -> None:
    case = json.dumps(ABSCESS)
    es = run(sqlite_url, "check", "--input", "-", input=case, LANG="es_MX.UTF-8")
    assert "Vea a un profesional de salud hoy" in es.stdout
    en = run(
        sqlite_url, "--language", "en", "check", "--input", "-", input=case, SITECARE_LANGUAGE="es"
    )
    assert "See a clinician today" in en.stdout
    env_en = run(
        sqlite_url, "check", "--input", "-", input=case, SITECARE_LANGUAGE="en", LANG="es_MX.UTF-8"
    )
    assert "See a clinician today" in env_en.stdout


def test_an_unknown_language_is_refused_naming_the_option(sqlite_url: str) -> None:
    res = run(sqlite_url, "--language", "fr", "check", "--input", "-", input="{}")
    assert res.exit_code == 2
    assert "--language" in res.output and "es" in res.output


def test_errors_speak_spanish(sqlite_url: str) -> None:
    res = run(sqlite_url, "--language", "es", "check", input="")
    assert res.exit_code == 2
    assert "Error:" in res.output
    assert "No se dio ninguna respuesta" in res.output


def test_the_guided_check_asks_in_spanish(sqlite_url: str) -> None:
    res = run(sqlite_url, "--language", "es", "check", input="\n1\n")
    assert res.exit_code == 0, res.output
    assert "¿Qué se inyectó en este sitio?" in res.stdout
    assert "LLAME AHORA" in res.stdout
    assert "Paso 1 de unos" in res.stdout


def test_log_history_and_next_frame_their_answers_in_spanish(sqlite_url: str) -> None:
    logged = run(
        sqlite_url, "--language", "es", "log", "thigh_front_left", "--route", "subcutaneous"
    )
    assert logged.exit_code == 0, logged.output
    assert "Inyección 1 registrada" in logged.stdout
    history = run(sqlite_url, "--language", "es", "history")
    assert "Inyecciones (1)" in history.stdout
    empty = run(
        sqlite_url.replace("sitecare.sqlite3", "other.sqlite3"), "--language", "es", "history"
    )
    assert "Todavía no hay inyecciones registradas." in empty.stdout
    suggested = run(sqlite_url, "--language", "es", "next", "--route", "subcutaneous")
    assert suggested.exit_code == 0, suggested.output
    assert "descansado" in suggested.stdout or "Siguientes mejores:" in suggested.stdout
