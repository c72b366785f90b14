"""``sitecare admin``: set up programs and users from the command line."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from sitecare.cli.app import app

runner = CliRunner()


def run(db_url: str, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["admin", *args, "--database-url", db_url], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_it_sets_up_a_program_with_users(db_url: str) -> None:
    assert run(db_url, "create-program", "Riverside SSP")[0] == 0
    code, out, _ = run(
        db_url,
        "add-user",
        "Alice",
        "--program",
        "Riverside SSP",
        "--role",
        "admin",
        "--password-stdin",
        stdin="correct horse battery\n",
    )
    assert code == 0 and "admin 'alice'" in out
    code, _, _ = run(
        db_url,
        "add-user",
        "bob",
        "--program",
        "Riverside SSP",
        "--password-stdin",
        stdin="another good passphrase\n",
    )
    assert code == 0
    code, out, _ = run(db_url, "users", "--program", "Riverside SSP", "--json")
    users = json.loads(out)
    assert [(u["username"], u["role"], u["disabled"]) for u in users] == [
        ("alice", "admin", False),
        ("bob", "worker", False),
    ]
    assert "password" not in out and "argon2" not in out
    code, out, _ = run(db_url, "users")
    assert code == 0 and "alice" in out and "active" in out

    assert run(db_url, "disable-user", "bob")[0] == 0
    users = json.loads(run(db_url, "users", "--json")[1])
    assert [u["disabled"] for u in users] == [False, True]

    code, out, _ = run(
        db_url, "reset-password", "alice", "--password-stdin", stdin="a whole new passphrase\n"
    )
    assert code == 0 and "alice" in out

    from datetime import UTC, datetime
    from pathlib import Path

    from sitecare.config import CHEAP_HASH_COST, Settings
    from sitecare.services.accounts import Accounts
    from sitecare.services.app import open_database
    from sitecare.services.passwords import hasher

    settings = Settings(database_url=db_url, data_dir=Path("."))
    acc = Accounts(open_database(settings), passwords=hasher(CHEAP_HASH_COST))
    try:
        now = datetime.now(UTC)
        assert acc.sign_in("alice", "a whole new passphrase", now=now).actor is not None
        assert acc.sign_in("alice", "correct horse battery", now=now).actor is None
        assert acc.sign_in("bob", "another good passphrase", now=now).actor is None
    finally:
        acc.db.dispose()


def test_it_refuses_bad_input_in_plain_words(db_url: str) -> None:
    assert run(db_url, "create-program", "Riverside SSP")[0] == 0
    code, _, err = run(db_url, "create-program", "Riverside  SSP")
    assert code == 2 and "already a program" in err
    code, _, err = run(db_url, "create-program", "personal")
    assert code == 2 and "personal install" in err
    code, _, err = run(
        db_url,
        "add-user",
        "bob",
        "--program",
        "Nowhere",
        "--password-stdin",
        stdin="long enough password\n",
    )
    assert code == 3 and "no program" in err
    code, _, err = run(
        db_url, "add-user", "bob", "--program", "Riverside SSP", "--password-stdin", stdin="short\n"
    )
    assert code == 2 and "at least 10" in err
    code, _, err = run(db_url, "add-user", "bob", "--program", "Riverside SSP")
    assert code == 2 and "--password-stdin" in err
    code, _, err = run(
        db_url,
        "add-user",
        "bob",
        "--program",
        "Riverside SSP",
        "--role",
        "boss",
        "--password-stdin",
        stdin="long enough password\n",
    )
    assert code == 2 and "admin or worker" in err
    assert (
        run(
            db_url,
            "add-user",
            "bob",
            "--program",
            "Riverside SSP",
            "--password-stdin",
            stdin="long enough password\n",
        )[0]
        == 0
    )
    code, _, err = run(
        db_url,
        "add-user",
        "BOB",
        "--program",
        "Riverside SSP",
        "--password-stdin",
        stdin="long enough password\n",
    )
    assert code == 2 and "taken" in err
    code, _, err = run(db_url, "disable-user", "nobody")
    assert code == 3 and "no user" in err
    code, _, err = run(db_url, "users", "--program", "Nowhere")
    assert code == 3
