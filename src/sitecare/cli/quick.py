"""The ``sitecare`` console script: a quick path for ``sitecare next``, then the Typer CLI.

``sitecare next`` is the command people run before every injection, so it must answer at once.
Building the full Typer command tree costs more than the whole command may take, so when the
arguments are plain ``next`` options and the database is a SQLite file already at the current
schema, this module answers with the standard library and the same service and printing code
as the Typer command. Anything else (help, unusual arguments, errors, another database, a file
that needs migrating) goes to the Typer CLI, which answers the same way, only slower.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any


def main() -> None:
    """Entry point of the ``sitecare`` console script."""
    if _quick_next(sys.argv[1:]):
        return
    from sitecare.cli.app import main as full

    full()


class _Refused(Exception):
    """The quick path does not apply; use the full CLI."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # never print or exit: the full CLI reports it
        raise _Refused(message)


def _parser() -> _Parser:
    p = _Parser(prog="sitecare next", add_help=False, allow_abbrev=False)
    p.add_argument("--route")
    p.add_argument("--medicine")
    p.add_argument("--at")
    p.add_argument("--database-url")
    p.add_argument("--json", action="store_true")
    return p


def _quick_next(argv: Sequence[str]) -> bool:
    """Answer ``sitecare next ...`` when it is safe to; False to hand over to the full CLI."""
    if not argv or argv[0] != "next" or any(a in ("--help", "-h") for a in argv):
        return False
    try:
        args = _parser().parse_args(list(argv[1:]))
    except _Refused:
        return False
    from datetime import datetime

    from sitecare.cli.suggestion_text import Plain, print_suggestion
    from sitecare.config import Settings, local_timezone
    from sitecare.domain.errors import SitecareError
    from sitecare.domain.timeparse import parse_when
    from sitecare.services.planning_core import suggest_on_sqlite_file

    try:
        tz = local_timezone()
        current = datetime.now(tz)
        when = current if args.at is None else parse_when(args.at, now=current, tz=tz)
        settings = Settings.from_env(database_url=args.database_url)
        suggestion = suggest_on_sqlite_file(
            settings, now=when, route=args.route, medicine=args.medicine
        )
    except SitecareError:
        return False  # the full CLI prints it in the usual words, with the usual exit code
    if suggestion is None:
        return False
    if args.json:
        sys.stdout.write(json.dumps(suggestion.to_dict(), indent=2, ensure_ascii=False) + "\n")
    elif sys.stdout.isatty():
        from rich.console import Console

        print_suggestion(suggestion, Console(highlight=False))
    else:
        print_suggestion(suggestion, Plain())  # piped: no colour, so no need to load rich
    return True
