"""``sitecare admin ...``: programs and their users, for whoever runs the server."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from sitecare.cli.common import (
    DatabaseUrl,
    JsonFlag,
    cli_settings,
    err,
    handle_errors,
    now,
    out,
    print_json,
)
from sitecare.cli.helptext import Typer
from sitecare.cli.words import _
from sitecare.domain.errors import InvalidInput

if TYPE_CHECKING:
    from sitecare.services.accounts import Accounts

admin = Typer(
    name="admin",
    help="Set up a program server: programs, users, passwords. Needs the database URL.",
    no_args_is_help=True,
)

PasswordStdin = Annotated[
    bool,
    typer.Option(
        "--password-stdin", help="Read the password from standard input (never as an argument)."
    ),
]


def register(app: typer.Typer) -> None:
    app.add_typer(admin, name="admin")


@contextmanager
def _accounts(database_url: str | None) -> Iterator[Accounts]:
    """The account service on the configured database, closed at the end."""
    from sitecare.services import passwords
    from sitecare.services.accounts import Accounts
    from sitecare.services.app import open_database

    settings = cli_settings(database_url)
    accounts = Accounts(open_database(settings), passwords=passwords.for_settings(settings))
    try:
        yield accounts
    finally:
        accounts.db.dispose()


def _password(from_stdin: bool) -> str:
    if not from_stdin:
        raise InvalidInput(
            "Give the password on standard input with --password-stdin "
            "(so it never shows in the process list or the shell history).",
            field="password",
        )
    text = sys.stdin.readline()
    return text.rstrip("\r\n")


@admin.command("create-program")
@handle_errors
def create_program(
    name: Annotated[str, typer.Argument(help="The program's name, e.g. 'Riverside SSP'.")],
    database_url: DatabaseUrl = None,
) -> None:
    """Create a program (an organisation whose workers record for its clients)."""
    with _accounts(database_url) as accounts:
        created = accounts.create_program(name, now=now())
    out.print(_("Created the program %(name)s.") % {"name": repr(created)}, markup=False)


@admin.command("add-user")
@handle_errors
def add_user(
    username: Annotated[str, typer.Argument(help="Sign-in name (letters, digits, . _ @ -).")],
    program: Annotated[str, typer.Option("--program", help="The program's name.")],
    role: Annotated[str, typer.Option("--role", help="admin or worker.")] = "worker",
    password_stdin: PasswordStdin = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Add a user to a program, with the password read from standard input."""
    password = _password(password_stdin)
    with _accounts(database_url) as accounts:
        user = accounts.add_user(username, program=program, role=role, password=password, now=now())
    out.print(
        _("Added %(role)s %(user)s to %(program)s.")
        % {"role": _(user.role), "user": repr(user.username), "program": repr(user.program)},
        markup=False,
    )


@admin.command("users")
@handle_errors
def users(
    program: Annotated[str | None, typer.Option("--program", help="Only this program.")] = None,
    json_: JsonFlag = False,
    database_url: DatabaseUrl = None,
) -> None:
    """List users: program, role, and whether they are disabled or locked."""
    with _accounts(database_url) as accounts:
        found = accounts.users(program=program)
    if json_:
        print_json([u.to_dict() for u in found])
        return
    if not found:
        err.print(
            _("No users yet. Add one with: %(command)s")
            % {"command": "sitecare admin add-user NAME --program P ..."}
        )
        return
    for u in found:
        state = "disabled" if u.disabled else ("locked" if u.locked_until else "active")
        out.print(f"{u.username:<24} {u.role:<7} {state:<9} {u.program}", markup=False)


@admin.command("disable-user")
@handle_errors
def disable_user(
    username: Annotated[str, typer.Argument(help="The user to disable.")],
    database_url: DatabaseUrl = None,
) -> None:
    """Disable a user: their sessions and API tokens stop working at once."""
    with _accounts(database_url) as accounts:
        user = accounts.disable_user(username, now=now())
    out.print(
        _("Disabled %(user)s; their sessions and tokens have ended.")
        % {"user": repr(user.username)},
        markup=False,
    )


@admin.command("reset-password")
@handle_errors
def reset_password(
    username: Annotated[str, typer.Argument(help="The user whose password to set.")],
    password_stdin: PasswordStdin = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Set a new password (read from standard input); it also lifts a lock."""
    password = _password(password_stdin)
    with _accounts(database_url) as accounts:
        user = accounts.reset_password(username, password, now=now())
    out.print(
        _("New password set for %(user)s; older sessions have ended.")
        % {"user": repr(user.username)},
        markup=False,
    )
