"""``sitecare passphrase ...``: lock the personal database with a passphrase (encryption at
rest), change the passphrase, or remove it. Every other command then asks for it."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from sitecare.cli.common import DatabaseUrl, JsonFlag, ask_passphrase, err, handle_errors, out
from sitecare.cli.common import print_json as print_json_
from sitecare.domain.errors import InvalidInput

app = typer.Typer(
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
            raise InvalidInput("Standard input ended before the passphrase.", field="passphrase")
        return line.rstrip("\r\n")
    first = ask_passphrase(prompt)
    if twice and ask_passphrase("The same again: ") != first:
        raise InvalidInput("The two passphrases are not the same.", field="passphrase")
    return first


@app.command("set")
@handle_errors
def set_(passphrase_stdin: FromStdin = False, database_url: DatabaseUrl = None) -> None:
    """Lock the database with a new passphrase: it is encrypted (SQLCipher, argon2id)."""
    lock = _lock(database_url)
    new = _read(passphrase_stdin, "New passphrase: ", twice=True)
    lock.set(new)
    out.print("Locked. sitecare now asks for this passphrase; keep it safe: without it (or")
    out.print(f"without the key file {lock.path.name}.key next to the database) nobody,")
    out.print("not even you, can read the records.")
    err.print(
        "The old unencrypted file was replaced; copies of it on other disks or backups are not."
    )


@app.command("change")
@handle_errors
def change(passphrase_stdin: FromStdin = False, database_url: DatabaseUrl = None) -> None:
    """Change the passphrase (asks for the current one first)."""
    lock = _lock(database_url)
    old = _read(passphrase_stdin, "Current passphrase: ")
    new = _read(passphrase_stdin, "New passphrase: ", twice=True)
    lock.change(old, new)
    out.print("The passphrase is changed.")


@app.command("remove")
@handle_errors
def remove(passphrase_stdin: FromStdin = False, database_url: DatabaseUrl = None) -> None:
    """Remove the passphrase: the database is decrypted and stored unencrypted again."""
    lock = _lock(database_url)
    old = _read(passphrase_stdin, "Current passphrase: ")
    lock.remove(old)
    out.print("The passphrase is removed; the database is no longer encrypted.")


@app.command("status")
@handle_errors
def status(json_: JsonFlag = False, database_url: DatabaseUrl = None) -> None:
    """Whether the database is locked with a passphrase, and whether encryption is available."""
    st = _lock(database_url).status()
    if json_:
        print_json_(st.to_dict())
        return
    out.print("Locked with a passphrase (encrypted)." if st.locked else "No passphrase.")
    if not st.available:
        out.print("Encryption is not available: install the sqlcipher3 package.")
