"""``--help`` speaks the command's language (issue 17): the installed console script, run as a
person runs it, with SITECARE_LANGUAGE, ``--language`` or a Spanish locale."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXE = Path(sys.executable).with_name("sitecare")


def _help(*args: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SITECARE_", "LC_", "LANG"))}
    done = subprocess.run(
        [str(EXE), *args], env={**clean, **env}, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return " ".join(done.stdout.split())  # one line: wrapping does not matter


def test_sitecare_help_is_spanish_with_sitecare_language_es() -> None:
    said = _help("--help", SITECARE_LANGUAGE="es")
    assert said.startswith("Uso: sitecare [OPCIONES] COMANDO [ARGUMENTOS]...")
    assert "Mantenga sanos los sitios de inyección" in said
    assert "llame a su número de emergencias" in said
    assert "Opciones:" in said and "Comandos:" in said
    assert "log Registra una inyección" in said  # the commands' short help, said
    assert "Muestra esta ayuda y termina." in said  # the framework's own words
    assert "Keep injection sites healthy" not in said and "Options:" not in said


def test_sitecare_log_help_is_spanish() -> None:
    said = _help("log", "--help", SITECARE_LANGUAGE="es")
    assert said.startswith("Uso: sitecare log [OPCIONES] {region}")
    assert "Registra una inyección" in said and "Argumentos:" in said
    assert "[obligatorio]" in said and "[variable de entorno: SITECARE_DATABASE_URL]" in said
    assert "Una nota opcional." in said
    assert "Optional note" not in said and "[required]" not in said


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("--language", "es", "--help"), {}),
        (("--language=es", "photos", "--help"), {}),
        (("settings", "--help"), {"LANG": "es_MX.UTF-8"}),
    ],
)
def test_the_flag_and_the_locale_choose_spanish_too(
    args: tuple[str, ...], env: dict[str, str]
) -> None:
    assert _help(*args, **env).startswith("Uso: sitecare")


def test_english_help_is_unchanged() -> None:
    said = _help("log", "--help", SITECARE_LANGUAGE="en")
    assert said.startswith("Usage: sitecare log") and "Optional note." in said
    assert "[required]" in said
    assert _help("--language", "en", "--help", SITECARE_LANGUAGE="es").startswith("Usage:")
