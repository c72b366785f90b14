"""Cookies and redirect targets at the web edge (sign-in sessions and the passphrase lock)."""

from __future__ import annotations

from typing import Literal

from fastapi import Request
from fastapi.responses import Response

from sitecare.views.page_words import local_path

LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


def cookie_secure(request: Request) -> bool:
    """Secure cookies, except for plain HTTP on this machine (development and tests)."""
    return not (request.url.scheme == "http" and request.url.hostname in LOOPBACK)


def set_cookie(
    response: Response,
    request: Request,
    name: str,
    value: str,
    *,
    max_age: int,
    samesite: Literal["lax", "strict"] = "lax",
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        secure=cookie_secure(request),
        samesite=samesite,
    )


def clear_cookie(response: Response, request: Request, name: str) -> None:
    response.delete_cookie(
        name, path="/", secure=cookie_secure(request), httponly=True, samesite="lax"
    )


def safe_next(target: str | None, *, default: str = "/clients") -> str:
    """Only local paths to go on to (never another site); ``default`` for anything else."""
    return local_path(target, default)
