"""What the guard (``web.auth``) and the routes share: the refusals the guard raises and the
audit table of client-scoped API routes. It imports nothing of the web app, so any module of
it can use these without an import cycle."""

from __future__ import annotations

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

#: what each client-scoped API route writes to the audit log: (method, path) -> (action, type)
CLIENT_ACTIONS: dict[tuple[str, str], tuple[str, str]] = {}


class SignInNeeded(Exception):
    """Raised by the guard; answered with a redirect (pages) or 401 (API)."""


class ClosedInThisMode(Exception):
    """A route of the other mode: 404 for the API, the start page for pages."""


class CsrfRefused(Exception):
    """An unsafe browser request without the session's CSRF token."""
