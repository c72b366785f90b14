"""The ``sitecare`` command line: parse, call a service, format the answer."""

from __future__ import annotations

import typer

from sitecare import __version__
from sitecare.cli import (
    admin,
    check,
    exchange,
    follow,
    measure,
    passphrase,
    photos,
    planning,
    pocket,
    records,
    resources,
    rules,
    serve,
    transfer,
    words,
)
from sitecare.cli.helptext import Typer
from sitecare.cli.words import _
from sitecare.domain.language import LANGUAGES, shipped

app = Typer(
    name="sitecare",
    help="Keep injection sites healthy: log injections, rotate sites, check a mark, "
    "know when to get care. "
    "Guidance, not a diagnosis: if you think it is an emergency, call your emergency number.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sitecare {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
    language: str | None = typer.Option(
        None,
        "--language",
        help="The language of the output: en or es (default: SITECARE_LANGUAGE, then the "
        "locale, then English). Ids and JSON keys stay English.",
    ),
) -> None:
    """sitecare: keep injection sites healthy."""
    if language is not None and shipped(language) != language.strip().lower():
        raise typer.BadParameter(
            _("sitecare speaks %(languages)s, not %(language)s.")
            % {"languages": ", ".join(LANGUAGES), "language": repr(language)},
            param_hint="--language",
        )
    words.set_flag(language)


records.register(app)
transfer.register(app)
check.register(app)
photos.register(app)
follow.register(app)
rules.register(app)
planning.register(app)
serve.register(app)
pocket.register(app)
passphrase.register(app)
admin.register(app)
exchange.register(app)
measure.register(app)
resources.register(app)


def main() -> None:
    app()
