"""Shared CLI plumbing: options, the service object, output and error handling."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console

from sitecare.cli.words import _, language
from sitecare.config import ENV_DATABASE_URL, ENV_PASSPHRASE_FILE, Settings, local_timezone
from sitecare.domain.errors import InvalidInput, SitecareError
from sitecare.domain.localdates import date_part
from sitecare.domain.messages import Msg

if TYPE_CHECKING:  # the facade is imported when a command runs (keeps --help fast)
    from sitecare.services.app import Sitecare

P = ParamSpec("P")
R = TypeVar("R")

out = Console(highlight=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        envvar=ENV_DATABASE_URL,
        help="Database to use (default: a SQLite file in your data folder). "
        "Also read from SITECARE_DATABASE_URL.",
        show_default=False,
    ),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON document instead of text.")]


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Print a SitecareError in plain words on stderr and exit with its code."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except SitecareError as exc:
            err.print("[bold red]" + _("Error:") + "[/] " + _(exc.message), markup=True)
            if exc.hint:
                err.print(_(exc.hint), markup=False)
            if exc.command_hint:
                err.print(_(exc.command_hint), markup=False)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            err.print(_("Stopped. Nothing more was changed."))
            raise typer.Exit(130) from None

    return wrapper


def local_tz() -> tzinfo:
    return local_timezone()


def now() -> datetime:
    """The current time in the local zone (the CLI is where the clock is read)."""
    return datetime.now(local_tz())


def cli_settings(database_url: str | None) -> Settings:
    """The settings for a command; a database locked with a passphrase asks for it on the
    terminal (or reads the file SITECARE_PASSPHRASE_FILE names)."""
    settings = Settings.from_env(database_url=database_url)
    if settings.passphrase is not None:
        return settings
    from sitecare.services.passphrase import is_locked

    if not is_locked(settings):
        return settings
    return replace(settings, passphrase=ask_passphrase("Passphrase to unlock sitecare: "))


def ask_passphrase(prompt: str) -> str:
    """Read a passphrase on the terminal, without echo."""
    import getpass

    if not sys.stdin.isatty():
        from sitecare.domain.errors import DatabaseLocked

        raise DatabaseLocked(
            "sitecare is locked with a passphrase, and there is no terminal to ask for it.",
            hint=f"Put the passphrase in a file only you can read and set "
            f"{ENV_PASSPHRASE_FILE} to its path.",
        )
    return getpass.getpass(prompt)


def services(database_url: str | None) -> Sitecare:
    """Build the service facade for this command (imported lazily to keep --help fast)."""
    from sitecare.services.app import Sitecare

    # A context manager: ``with services(url) as sc:`` releases connections at the end.
    return Sitecare(cli_settings(database_url), language=language())


def read_text_input(
    source: str, *, field: str, unreadable: type[InvalidInput] = InvalidInput
) -> str:
    """The text of a file argument, or of standard input for ``-``, with plain errors."""
    if source == "-":
        return sys.stdin.read()
    try:
        return Path(source).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput(
            Msg("There is no file %(source)s.", source=source), field=field
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        said = Msg("Cannot read %(source)s: %(why)s.", source=source, why=str(exc))
        raise unreadable(said, field=field) from None


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def fmt_time(at: datetime) -> str:
    """A short local-looking time: 2026-11-20 08:30 (+01:00); in Spanish with the month's
    name, 20 nov 2026, 08:30 (+01:00)."""
    offset = at.strftime("%z")
    zone = f"{offset[:3]}:{offset[3:]}" if offset else ""
    shown = f"{at:%Y-%m-%d %H:%M}"
    if language() != "en":
        shown = f"{at.day} {date_part(at, '%b', language())} {at.year}, {at:%H:%M}"
    return shown + (f" ({zone})" if zone else "")
