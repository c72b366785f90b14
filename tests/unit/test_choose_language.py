"""Choosing the language: the CLI's flag, SITECARE_LANGUAGE and locale; the web's cookie and
Accept-Language; English when nothing sitecare ships is asked for."""

from __future__ import annotations

import pytest

from sitecare.domain.language import for_cli, for_web, parse_accept_language, shipped


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("es", "es"),
        ("es-MX", "es"),
        ("es_ES.UTF-8", "es"),
        ("EN", "en"),
        ("fr", None),
        ("C", None),
        ("", None),
        (None, None),
        ("C.UTF-8", None),
    ],
)
def test_shipped(value: str | None, expected: str | None) -> None:
    assert shipped(value) == expected


def test_the_cli_takes_the_flag_then_the_setting_then_the_locale() -> None:
    assert for_cli("en", "es", ["es_MX.UTF-8"]) == "en"
    assert for_cli(None, "es", ["en_US.UTF-8"]) == "es"
    assert for_cli(None, None, ["fr_FR.UTF-8", "es_MX.UTF-8"]) == "es"
    assert for_cli(None, None, ["C.UTF-8"]) == "en"
    assert for_cli(None, None) == "en"


def test_accept_language_is_ranked_by_q() -> None:
    assert parse_accept_language("fr;q=0.9, es-MX, en;q=0.8, de;q=0") == ["es-MX", "fr", "en"]
    assert parse_accept_language(None) == []
    assert parse_accept_language("es;q=oops") == []


def test_the_web_takes_the_cookie_then_the_browser_then_the_default() -> None:
    assert for_web("en", "es-MX,es;q=0.9") == "en"
    assert for_web(None, "fr-FR, es;q=0.5, en;q=0.4") == "es"
    assert for_web("xx", "de") == "en"
    assert for_web(None, None, "es") == "es"
