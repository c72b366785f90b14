"""What the guard (``web.auth``) and the routes share: the refusals the guard raises and the
audit table of client-scoped API routes. It imports nothing of the web app, so any module of
it can use these without an import cycle."""

from __future__ import annotations

import re
from typing import Any

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

#: what each client-scoped API route writes to the audit log: (method, path) -> (action, type)
CLIENT_ACTIONS: dict[tuple[str, str], tuple[str, str]] = {}


class SignInNeeded(Exception):
    """Raised by the guard; answered with a redirect (pages) or 401 (API)."""


class ClosedInThisMode(Exception):
    """A route of the other mode: 404 for the API, the start page for pages."""


class CsrfRefused(Exception):
    """An unsafe browser request without the session's CSRF token."""


def url_path(request: Any) -> str:
    """``request.url.path`` without building the whole URL: Starlette's URL parses the Host
    header and joins and splits the address again, about a seventh of the CPU of recording an
    injection when the guard asked for the path. A plain path is the scope's path as it is;
    any other (``?``, ``#``, ``\\``, spaces or control characters, a leading ``//``) gets
    Starlette's own answer, so it is always the same string (tests/web/test_url_path.py)."""
    path: str = request.scope["path"]
    if _PLAIN.fullmatch(path):
        return path
    return str(request.url.path)


#: printable ASCII but space, '"', "#", "?" and "\\"; not starting "//"
_PLAIN = re.compile(r"/(?!/)[!$->@-\[\]-~]*")
