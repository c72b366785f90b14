"""The users page's refusals in the page's language (issue 17): an admin disabling herself,
a user of another program, an unknown action, a taken username; the services' ``Msg`` words
said in Spanish, and the English unchanged. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from .conftest import ProgramServer, csrf_of
from .spanish import english_left, lang, visible

CASES = [
    (
        "/admin/users/alice/disable",
        None,
        "You cannot disable yourself.",
        "Usted no puede desactivarse a sí mismo.",
    ),
    (
        "/admin/users/dave/disable",
        None,
        "There is no user 'dave' in your program.",
        "No hay ningún usuario 'dave' en su programa.",
    ),
    (
        "/admin/users/bob/promote",
        None,
        "There is no action 'promote'.",
        "No existe la acción 'promote'.",
    ),
    (
        "/admin/users",
        {"username": "Bob", "password": "long enough pw", "role": "worker"},
        "The username 'bob' is taken.",
        "El nombre de usuario 'bob' ya está en uso.",
    ),
]


@pytest.mark.parametrize(("path", "form", "english", "spanish"), CASES)
def test_a_users_page_refusal_in_spanish_and_english(
    server: ProgramServer, path: str, form: dict[str, str] | None, english: str, spanish: str
) -> None:
    alice = server.browser("alice")
    token = csrf_of(alice.get("/admin/users").text)
    r = alice.post(path, data={"csrf_token": token, **(form or {})})
    assert r.status_code == 422 and lang(r.text) == "en"
    assert english in visible(r.text)
    alice.get("/language/es?next=/admin/users")
    r = alice.post(path, data={"csrf_token": token, **(form or {})})
    assert r.status_code == 422 and lang(r.text) == "es"
    text = visible(r.text)
    assert spanish in text and english not in text
    assert english_left(r.text, "admin_users.html") == []
