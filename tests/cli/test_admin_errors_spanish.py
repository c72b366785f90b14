"""``sitecare admin`` and ``sitecare passphrase`` refusals in the person's language (issue 17):
the services' and the storage's ``Msg`` words, message and hint, said in Spanish with
``--language es``; names and commands stay as typed, and the English is unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sitecare.cli.app import app

PASS = "correct horse battery"


def _cli(url: str, *args: str, lang: str = "en", input: str | None = None) -> Any:
    env = {"SITECARE_DATABASE_URL": url, "LC_ALL": "", "LANG": "C"}
    return CliRunner().invoke(app, ["--language", lang, *args], input=input, env=env)


def _err(url: str, code: int, *args: str, lang: str, input: str | None = None) -> str:
    res = _cli(url, *args, lang=lang, input=input)
    assert res.exit_code == code, res.output
    return " ".join(str(res.stderr).split())  # rich wraps long lines


ADMIN = [
    (
        ("admin", "disable-user", "nobody"),
        None,
        3,
        "Error: There is no user 'nobody'.",
        "Error: No hay ningún usuario 'nobody'.",
    ),
    (
        ("admin", "users", "--program", "Nowhere"),
        None,
        3,
        "Error: There is no program called 'Nowhere'.",
        "Error: No hay ningún programa llamado 'Nowhere'.",
    ),
    (
        ("admin", "add-user", "bob", "--program", "Nowhere", "--password-stdin"),
        "long enough password\n",
        3,
        "Error: There is no program called 'Nowhere'. "
        "Create it first: sitecare admin create-program NAME",
        "Error: No hay ningún programa llamado 'Nowhere'. "
        "Créelo primero: sitecare admin create-program NOMBRE",
    ),
    (
        ("admin", "create-program", "Riverside SSP"),
        None,
        2,
        "Error: There is already a program called 'Riverside SSP'.",
        "Error: Ya hay un programa llamado 'Riverside SSP'.",
    ),
    (
        ("admin", "create-program", "personal"),
        None,
        2,
        "Error: 'personal' is kept for the personal install; choose another program name.",
        "Error: 'personal' está reservado para la instalación personal. "
        "Elija otro nombre de programa.",
    ),
    (
        ("admin", "add-user", "bob", "--program", "Riverside SSP", "--role", "boss")
        + ("--password-stdin",),
        "long enough password\n",
        2,
        "Error: The role must be admin or worker.",
        "Error: El rol debe ser admin o worker.",
    ),
    (
        ("admin", "add-user", "ALICE", "--program", "Riverside SSP", "--password-stdin"),
        "long enough password\n",
        2,
        "Error: The username 'alice' is taken. "
        "Choose another username, or reset that user's password.",
        "Error: El nombre de usuario 'alice' ya está en uso. "
        "Elija otro nombre de usuario, o restablezca la contraseña de ese usuario.",
    ),
]


@pytest.fixture
def program_url(sqlite_url: str) -> str:
    assert _cli(sqlite_url, "admin", "create-program", "Riverside SSP").exit_code == 0
    added = _cli(
        sqlite_url,
        *("admin", "add-user", "alice", "--program", "Riverside SSP", "--password-stdin"),
        input="long enough password\n",
    )
    assert added.exit_code == 0, added.output
    return sqlite_url


@pytest.mark.parametrize(("args", "stdin", "code", "english", "spanish"), ADMIN)
def test_admin_refusals_in_spanish_and_english(
    program_url: str,
    args: tuple[str, ...],
    stdin: str | None,
    code: int,
    english: str,
    spanish: str,
) -> None:
    assert _err(program_url, code, *args, lang="en", input=stdin) == english
    assert _err(program_url, code, *args, lang="es", input=stdin) == spanish


def test_removing_a_passphrase_there_is_not_in_spanish(sqlite_url: str) -> None:
    args = ("passphrase", "remove", "--passphrase-stdin")
    english = _err(sqlite_url, 2, *args, lang="en", input=f"{PASS}\n")
    assert english == "Error: The database has no passphrase. Set one with: sitecare passphrase set"
    spanish = _err(sqlite_url, 2, *args, lang="es", input=f"{PASS}\n")
    assert spanish == (
        "Error: La base de datos no tiene frase de contraseña. "
        "Ponga una con: sitecare passphrase set"
    )


def test_a_wrong_or_second_passphrase_in_spanish(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'me.sqlite3'}"
    assert _cli(url, "log", "forearm_left").exit_code == 0
    locked = _cli(url, "passphrase", "set", "--passphrase-stdin", input=f"{PASS}\n")
    assert locked.exit_code == 0, locked.output
    again = ("passphrase", "set", "--passphrase-stdin")
    assert _err(url, 2, *again, lang="en", input=f"{PASS}\n") == (
        "Error: The database is already locked with a passphrase. "
        "Change it with: sitecare passphrase change"
    )
    assert _err(url, 2, *again, lang="es", input=f"{PASS}\n") == (
        "Error: La base de datos ya está bloqueada con una frase de contraseña. "
        "Cámbiela con: sitecare passphrase change"
    )
    wrong = ("passphrase", "remove", "--passphrase-stdin")
    assert _err(url, 2, *wrong, lang="en", input="nope nope nope\n") == (
        "Error: That passphrase is not right."
    )
    assert _err(url, 2, *wrong, lang="es", input="nope nope nope\n") == (
        "Error: Esa frase de contraseña no es correcta."
    )
    short = _err(
        url, 2, *("passphrase", "change", "--passphrase-stdin"), lang="es", input=f"{PASS}\nshort\n"
    )
    assert "La frase de contraseña necesita al menos 8 caracteres" in short
