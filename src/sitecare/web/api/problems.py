"""The error answers every API operation can give, declared once for the OpenAPI document.

Every error body has one shape, whatever sent it (a route, validation, the host guard, the
sign-in guard): ``{"detail": [{"msg": ..., "loc"?: [...], "type"?, "suggestions"?, "hint"?}]}``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class ProblemItem(BaseModel):
    msg: str
    loc: list[str | int] | None = None
    type: str | None = None
    suggestions: list[str] | None = None
    hint: str | None = None


class Problem(BaseModel):
    """What went wrong, in plain words, naming the field where there is one."""

    detail: list[ProblemItem]


def _answer(description: str) -> dict[str, Any]:
    return {"model": Problem, "description": description}


#: the answers any API operation may give besides its own success
COMMON: dict[int | str, dict[str, Any]] = {
    400: _answer("A Host this server does not answer for, or a body that cannot be read"),
    401: _answer("Sign in first (server mode: a bearer token), or unlock sitecare (a passphrase)"),
    403: _answer("Not allowed: a cross-site request, a missing CSRF token, or the user's role"),
    404: _answer("No such record, or a route of the other mode (personal or server)"),
    422: _answer("A field is not valid: detail[].loc names it, with suggestions for ids"),
    503: _answer("The database cannot be used right now (nothing was changed)"),
}
