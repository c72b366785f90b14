"""What a command changed, counted: "1 injection", "2 injections" (never "injection(s)"), in
English and in Spanish ("1 inyección", "2 inyecciones"), one plural entry per word."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import SimpleNamespace

import pytest
from tests.cli.test_cli_spanish_commands import run

from sitecare.cli import counts
from sitecare.cli import words as cli_words
from sitecare.cli.transfer import imported_words
from sitecare.domain.case_errors import more_problems
from sitecare.domain.messages import localise


@pytest.fixture
def speak() -> Iterator[Callable[[str], None]]:
    """The CLI's ``--language`` for one test (English again after it)."""
    yield cli_words.set_flag
    cli_words.set_flag(None)


def _es(value: object) -> str:
    return str(localise(value, "es"))


def test_one_and_more_in_english() -> None:
    assert counts.records(1, 1) == "1 injection and 1 check"
    assert counts.records(2, 3) == "2 injections and 3 checks"
    assert counts.records(0, 1, 1) == "0 injections, 1 check and 1 photo file"
    assert counts.records(5, 0, 2) == "5 injections, 0 checks and 2 photo files"
    assert counts.settings(1) == "1 setting" and counts.settings(4) == "4 settings"
    assert counts.photos(1) == "1 photo" and counts.photos(2) == "2 photos"


def test_one_and_more_in_spanish() -> None:
    assert _es(counts.records(1, 1)) == "1 inyección y 1 revisión"
    assert _es(counts.records(2, 3)) == "2 inyecciones y 3 revisiones"
    assert _es(counts.records(0, 1, 1)) == "0 inyecciones, 1 revisión y 1 archivo de foto"
    assert _es(counts.records(5, 0, 2)) == "5 inyecciones, 0 revisiones y 2 archivos de foto"
    assert _es(counts.settings(1)) == "1 ajuste" and _es(counts.settings(4)) == "4 ajustes"
    assert _es(counts.photos(1)) == "1 foto" and _es(counts.photos(2)) == "2 fotos"


@pytest.mark.parametrize(
    ("lang", "logged", "said"),
    [
        ("en", 1, "Erased 1 injection, 0 checks and 0 settings."),
        ("en", 2, "Erased 2 injections, 0 checks and 0 settings."),
        ("es", 1, "Se borraron 1 inyección, 0 revisiones y 0 ajustes."),
        ("es", 2, "Se borraron 2 inyecciones, 0 revisiones y 0 ajustes."),
    ],
)
def test_erase_counts_each_word(sqlite_url: str, lang: str, logged: int, said: str) -> None:
    for _ in range(logged):
        assert run(sqlite_url, "log", "thigh_front_left", "--route", "subcutaneous").exit_code == 0
    res = run(sqlite_url, "erase", "--yes", lang=lang)
    assert res.exit_code == 0, res.output
    assert said in " ".join(res.output.split())


@pytest.mark.parametrize(
    ("lang", "added", "photos", "skipped", "said"),
    [
        (
            "en",
            (1, 1),
            1,
            1,
            "Imported 1 injection and 1 check with 1 photo. Skipped 1 already stored.",
        ),
        (
            "en",
            (2, 3),
            4,
            2,
            "Imported 2 injections and 3 checks with 4 photos. Skipped 2 already stored.",
        ),
        ("en", (1, 0), 0, 0, "Imported 1 injection and 0 checks."),
        (
            "es",
            (1, 1),
            1,
            1,
            "Se importaron 1 inyección y 1 revisión con 1 foto. "
            "Se omitió 1 registro que ya estaba guardado.",
        ),
        (
            "es",
            (2, 3),
            4,
            2,
            "Se importaron 2 inyecciones y 3 revisiones con 4 fotos. "
            "Se omitieron 2 registros que ya estaban guardados.",
        ),
        ("es", (1, 0), 0, 0, "Se importaron 1 inyección y 0 revisiones."),
    ],
)
def test_imported_words(
    speak: Callable[[str], None],
    lang: str,
    added: tuple[int, int],
    photos: int,
    skipped: int,
    said: str,
) -> None:
    speak(lang)
    report = SimpleNamespace(
        injections_added=added[0],
        observations_added=added[1],
        photos_added=photos,
        skipped_existing=skipped,
    )
    assert imported_words(report) == said


def test_more_problems_is_counted() -> None:
    assert more_problems(1) == ""
    assert more_problems(2) == " (1 more problem after this one)"
    assert more_problems(4) == " (3 more problems after this one)"
    assert _es(more_problems(2)) == " (1 problema más después de este)"
    assert _es(more_problems(4)) == " (3 problemas más después de este)"


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Please type a number from 34.5 to 42.5, or press Enter to skip."),
        ("es", "Por favor, escriba un número del 34,5 al 42,5, o pulse Enter para saltarla."),
    ],
)
def test_the_number_help_has_the_languages_decimal_mark(
    speak: Callable[[str], None], lang: str, said: str
) -> None:
    from sitecare.cli.check import _number_help

    speak(lang)
    assert _number_help(34.5, 42.5, False) == said
