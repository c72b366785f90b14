"""``sitecare passphrase ...``: lock the personal database with a passphrase (encryption at
rest), change the passphrase, or remove it. Every other command then asks for it."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from sitecare.cli.common import DatabaseUrl, JsonFlag, ask_passphrase, err, handle_errors, out
from sitecare.cli.common import print_json as print_json_
from sitecare.cli.helptext import Typer
from sitecare.cli.words import _
from sitecare.domain.errors import InvalidInput

app = Typer(
    name="passphrase",
    help="Lock your sitecare database with a passphrase (it is then encrypted on disk), "
    "change the passphrase, or remove it. Stop 'sitecare serve' first.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

FromStdin = Annotated[
    bool,
    typer.Option(
        "--passphrase-stdin",
        help="Read the passphrase(s) from standard input, one a line (never as an argument).",
    ),
]


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="passphrase")


def _lock(database_url: str | None) -> Any:
    from sitecare.config import Settings
    from sitecare.services.passphrase import Lock

    return Lock(Settings.from_env(database_url=database_url))


def _read(from_stdin: bool, prompt: str, *, twice: bool = False) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise InvalidInput(_("Standard input ended before the passphrase."), field="passphrase")
        return line.rstrip("\r\n")
    first = ask_passphrase(prompt)
    if twice and ask_passphrase(_("The same again: ")) != first:
        raise InvalidInput(_("The two passphrases are not the same."), field="passphrase")
    return first


@app.command("set")
@handle_errors
def set_(passphrase_stdin: FromStdin = False, database_url: DatabaseUrl = None) -> None:
    """Lock the database with a new passphrase: it is encrypted (SQLCipher, argon2id)."""
    lock = _lock(database_url)
    new = _read(passphrase_stdin, _("New passphrase: "), twice=True)
    lock.set(new)
    out.print(
        _(
            "Locked. sitecare now asks for this passphrase; keep it safe: without it (or "
            "without the key file %(key)s next to the database) nobody, not even you, can "
            "read the records."
        )
        % {"key": f"{lock.path.name}.key"}
    )
    err.print(
        _("The old unencrypted file was replaced; copies of it on other disks or backups are not.")
    )


@app.command("change")
@handle_errors
def change(passphrase_stdin: FromStdin = False, database_url: DatabaseUrl = None) -> None:
    """Change the passphrase (asks for the current one first)."""
    lock = _lock(database_url)
    old = _read(passphrase_stdin, _("Current passphrase: "))
    new = _read(passphrase_stdin, _("New passphrase: "), twice=True)
    lock.change(old, new)
    out.print(_("The passphrase is changed."))


@app.command("remove")
@handle_errors
def remove(passphrase_stdin: FromStdin = False, database_url: DatabaseUrl = None) -> None:
    """Remove the passphrase: the database is decrypted and stored unencrypted again."""
    lock = _lock(database_url)
    old = _read(passphrase_stdin, _("Current passphrase: "))
    lock.remove(old)
    out.print(_("The passphrase is removed; the database is no longer encrypted."))


@app.command("status")
@handle_errors
def status(json_: JsonFlag = False, database_url: DatabaseUrl = None) -> None:
    """Whether the database is locked with a passphrase, and whether encryption is available."""
    st = _lock(database_url).status()
    if json_:
        print_json_(st.to_dict())
        return
    out.print(_("Locked with a passphrase (encrypted).") if st.locked else _("No passphrase."))
    if not st.available:
        out.print(_("Encryption is not available: install the sqlcipher3 package."))
