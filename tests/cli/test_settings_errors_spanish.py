"""A rotation setting's errors (``sitecare settings set``) in the person's language: the
domain's ``Msg`` words (domain.rotation_settings) said in Spanish with ``SITECARE_LANGUAGE=es``;
keys, region ids and commands stay English, and the English words are unchanged."""

from __future__ import annotations

import pytest
from tests.cli.test_cli_spanish_commands import run

CASES = [
    (
        ("rest.intravenous", "500"),
        "rest.intravenous must be a number of days more than 0 and at most 365, like 28;"
        " '500' is not.",
        "rest.intravenous debe ser un número de días mayor que 0 y de 365 como máximo, como 28;"
        " '500' no lo es.",
    ),
    (
        ("regions.intravenous", "nosuch"),
        "Unknown region 'nosuch' in regions.intravenous. Run 'sitecare sites' to see them.",
        "No se conoce la zona 'nosuch' en regions.intravenous."
        " Ejecute 'sitecare sites' para verlas.",
    ),
    (
        ("rest.iv", "3"),
        "Unknown route 'iv' in the setting 'rest.iv'.",
        "No se conoce la vía 'iv' en el ajuste 'rest.iv'.",
    ),
    (
        ("bogus", "3"),
        "Unknown setting 'bogus'. Settings are: route, rest.intravenous,",
        "No se conoce el ajuste 'bogus'. Los ajustes son: route, rest.intravenous,",
    ),
    (
        ("regions.intravenous", "abdomen_upper_left"),
        "abdomen_upper_left is not used for intravenous injections, so it cannot be allowed in"
        " regions.intravenous. Run 'sitecare sites --route intravenous' to see the regions for"
        " intravenous.",
        "abdomen_upper_left no se usa para la inyección intravenosa, así que no se puede permitir"
        " en regions.intravenous. Ejecute 'sitecare sites --route intravenous' para ver las zonas"
        " de intravenous.",
    ),
]


def _error(url: str, args: tuple[str, str], lang: str) -> str:
    res = run(url, "settings", "set", *args, lang=lang)
    assert res.exit_code == 2, res.output
    return " ".join(str(res.output).split())  # rich wraps long lines


@pytest.mark.parametrize(("args", "english", "spanish"), CASES)
def test_a_wrong_setting_is_explained_in_each_language(
    sqlite_url: str, args: tuple[str, str], english: str, spanish: str
) -> None:
    assert english in _error(sqlite_url, args, "en")
    said = _error(sqlite_url, args, "es")
    assert spanish in said
    assert english not in said and " must be " not in said and "Unknown " not in said


def test_the_reason_for_the_allowed_regions_is_said_in_spanish(sqlite_url: str) -> None:
    assert run(sqlite_url, "settings", "set", "regions.intravenous", "forearm").exit_code == 0
    es = run(sqlite_url, "next", "--route", "intravenous")
    said = " ".join(es.output.split())
    assert "Solo se sugieren las zonas que permite el ajuste de la vía intravenosa." in said
    assert "your settings" not in said
    en = " ".join(run(sqlite_url, "next", "--route", "intravenous", lang="en").output.split())
    assert "Only the regions your settings for intravenous allow are suggested." in en


def test_a_simulation_with_a_wrong_rest_is_said_in_spanish(sqlite_url: str) -> None:
    args = ("simulate", "--route", "intravenous", "--per-day", "2", "--days", "7", "--rest", "500")
    res = run(sqlite_url, *args)
    assert res.exit_code == 2
    assert "--rest debe ser mayor que 0 y de 365 días como máximo." in res.output
