"""Server mode at the web edge: which mode, who is signed in, and the guard on every route.

Personal mode (no program users) works as before: no sign-in, and the server routes answer
404. In server mode every route needs a signed-in user except sign-in, help, privacy, static
files and the API description; the personal routes are closed (pages go to the client list,
the API answers 404). Sessions are signed cookies and API tokens signed bearer tokens
(``services/credentials.py``); the user row is read on every request, so a disabled user or a
changed password ends every session and token at once. Unsafe requests from a browser session
must carry the form's CSRF token (besides the same-origin check in ``web/app.py``).
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.datastructures import URL

from sitecare.config import server_secret
from sitecare.domain.errors import InvalidInput, StorageError
from sitecare.domain.programs import Actor
from sitecare.services import credentials, passwords
from sitecare.services.accounts import Accounts
from sitecare.web import lock
from sitecare.web.access import (
    CLIENT_ACTIONS,
    SAFE_METHODS,
    ClosedInThisMode,
    CsrfRefused,
    SignInNeeded,
    url_path,
)
from sitecare.web.cookies import LOOPBACK, clear_cookie, cookie_secure, safe_next, set_cookie
from sitecare.web.facade import (
    check_pending,
    current_actor,
    prepare_services,
    services_for,
    signed_in_as,
    uses_services,
)

__all__ = [  # the refusals and cookie helpers live in web.access and web.cookies
    "CLIENT_ACTIONS",
    "LOOPBACK",
    "SAFE_METHODS",
    "ClosedInThisMode",
    "CsrfRefused",
    "SignInNeeded",
    "clear_cookie",
    "cookie_secure",
    "safe_next",
    "set_cookie",
]

SESSION_COOKIE = "sitecare_session"
PRE_COOKIE = "sitecare_signin"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"

#: open to anyone in server mode
PUBLIC_PREFIXES = ("/signin", "/language", "/help", "/privacy", "/static/", "/api/v1/auth/token")
PUBLIC_EXACT = ("/openapi.json", "/api/docs", "/docs/oauth2-redirect", "/favicon.ico")
#: routes that exist only in server mode (personal mode answers 404)
SERVER_PREFIXES = (
    "/signin",
    "/signout",
    "/clients",
    "/admin",
    "/program",
    "/api/v1/auth",
    "/api/v1/clients",
    "/api/v1/audit",
    "/api/v1/program",
    "/api/v1/users",
)
#: personal routes a signed-in program user may still use (no personal data in them)
SHARED_IN_SERVER = ("/api/v1/sites",)


def now_utc() -> datetime:
    return datetime.now(UTC)


def _starts(path: str, prefixes: tuple[str, ...]) -> bool:
    return any(path == p.rstrip("/") or path.startswith(p.rstrip("/") + "/") for p in prefixes)


def is_api(path: str) -> bool:
    return path.startswith("/api/")


def server_mode(request: Request) -> bool:
    """Server or personal, for this request. ``auto`` turns to server at the first user."""
    state = request.app.state
    mode = state.settings.mode
    if mode != "auto":
        return bool(mode == "server")
    if getattr(state, "server_mode", False):
        return True
    if Accounts(state.db).has_users():
        try:
            server_secret(state.settings)  # refuse to serve users without a secret
        except InvalidInput as exc:
            raise StorageError(exc.message, hint=exc.hint) from None
        state.server_mode = True  # a cache only: it never goes back, and every instance agrees
        # the made-up hash a sign-in of nobody checks against: made aside (one argon2 hash),
        # since this request may run on the event loop (web.deps.run_once)
        hasher = passwords.for_settings(state.settings)
        threading.Thread(target=hasher.prepare, name="sitecare-prepare", daemon=True).start()
        return True
    return False


def secret(request: Request) -> bytes:
    return server_secret(request.app.state.settings)


def accounts(request: Request) -> Accounts:
    settings = request.app.state.settings
    return Accounts(
        request.app.state.db,
        signin_delay_s=settings.signin_delay_s,
        passwords=passwords.for_settings(settings),
    )


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _credential(request: Request) -> credentials.Credential | None:
    """The credential the request carries (bearer token first, then the session cookie), if
    its signature and age are good; the database is not read."""
    key = secret(request)
    token = _bearer(request)
    now = now_utc()
    if token is not None:
        request.state.via_bearer = True
        return credentials.read(key, "api", token, now=now)
    request.state.via_bearer = False
    return credentials.read(key, "session", request.cookies.get(SESSION_COOKIE), now=now)


def authenticate(request: Request) -> Actor | None:
    """The signed-in user (bearer token first, then the session cookie), or None."""
    check_pending(request)
    if hasattr(request.state, "actor"):
        return request.state.actor  # type: ignore[no-any-return]
    cred = _credential(request)
    if cred is None:
        request.state.actor = None
        return None
    signed_in_as(request, accounts(request).actor(cred.user_id, cred.version), cred)
    return request.state.actor  # type: ignore[no-any-return]


def _check_with_client(request: Request, path: str) -> bool:
    """A client API request with a bearer token on PostgreSQL: its user is checked in the
    same statement as the client lookup (``facade.client_services``, one round trip instead
    of two). Whatever needs the user before that checks it as usual (``authenticate``).

    Only for a route whose services are made in the guard's own trip, before its endpoint
    runs (a one-trip route, or one that asks for them: ``facade.prepare_services``), so the
    user is always checked before anything of the route is done."""
    route = request.scope.get("route")
    return (
        "client_id" in request.path_params
        and path.startswith("/api/v1/clients/")
        and _bearer(request) is not None
        and not request.app.state.db.is_sqlite
        and route is not None
        and (_is_one_trip(request) or uses_services(route))
    )


async def _csrf_ok(request: Request) -> bool:
    expected = getattr(request.state, "csrf_token", None)
    if expected is None:
        return False
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()  # cached on the request: the route reads the same form
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    return sent is not None and credentials.hmac_equal(expected, sent)


async def guard(request: Request) -> None:
    """Runs before every route (an app-wide dependency); its database reads run in a worker
    thread, in the request's one transaction, so the event loop never waits on the database.
    When no CSRF check is left to do, the same trip also makes the route's service facade.

    On a one-trip route (``web.deps.one_trip``: recording an injection) the guard's work is
    left to the route's own worker thread, which does it first: one trip per request. Should
    the route refuse its input before that, ``settle_deferred`` does it before that answer, so
    the order of answers stays the one this guard gives."""
    if _is_one_trip(request):
        request.state.guard_deferred = True
        return
    if await run_in_threadpool(_decide_and_prepare, request) and not await _csrf_ok(request):
        raise CsrfRefused()


def _csrf_due(request: Request) -> bool:
    """A signed-in request that must carry the form's CSRF token: a browser session's unsafe
    request (a bearer token is not sent by a browser on its own)."""
    return request.method not in SAFE_METHODS and not request.state.via_bearer


def _is_one_trip(request: Request) -> bool:
    route = request.scope.get("route")
    return bool(getattr(getattr(route, "endpoint", None), "sitecare_one_trip", False))


def run_deferred_guard(request: Request) -> bool:
    """In a one-trip route's worker thread: the guard's decision, if it was left to it; True
    when a CSRF check must come next (the route's work then waits for it)."""
    if not getattr(request.state, "guard_deferred", False):
        return False
    request.state.guard_deferred = False
    if _decide(request):
        return _csrf_due(request)
    return False


async def check_csrf(request: Request) -> None:
    if not await _csrf_ok(request):
        raise CsrfRefused()


async def settle_deferred(request: Request) -> Response | None:
    """Before a route answers that its input is wrong (422, 400): the checks that came first
    until then; the answer of the first that refuses, or None when all pass.

    On a one-trip route they are the guard and the client lookup (with its audit row). A body
    that is not JSON at all is refused before any dependency runs, the guard too: then the
    guard's own decision comes first on every route (sign-in, CSRF, the mode), so a caller
    who may not use the route hears that, not what was wrong with the body."""
    if _guard_not_run(request):
        if not _is_one_trip(request):
            return await _answer_first(request, lambda: _guard_only(request))
        request.state.guard_deferred = True
    if not getattr(request.state, "guard_deferred", False):
        return None

    def first_checks() -> bool:
        if run_deferred_guard(request):
            return True
        services_for(request)
        return False

    async def checks() -> None:
        if await run_in_threadpool(first_checks):
            await check_csrf(request)
            await run_in_threadpool(services_for, request)

    return await _answer_first(request, checks)


def _guard_not_run(request: Request) -> bool:
    """The request's route (path and method) was found but its input refused before any
    dependency ran (the guard sets ``server_mode`` in every case, and a one-trip route's
    ``guard_deferred``). A method the path does not take is answered 405 as it is."""
    route = request.scope.get("route")
    return (
        route is not None
        and request.method in (getattr(route, "methods", None) or ())
        and getattr(request.state, "guard_deferred", None) is None
        and not hasattr(request.state, "server_mode")
    )


async def _guard_only(request: Request) -> None:
    """The guard's decision (a user it left to the client lookup is checked now), and the
    CSRF check when it asks for one; no services are made."""

    def decide() -> bool:
        if not _decide(request):
            return False
        current_actor(request)  # a user left to the client lookup: checked now
        return _csrf_due(request)

    if await run_in_threadpool(decide):
        await check_csrf(request)


async def _answer_first(request: Request, checks: Callable[[], Awaitable[None]]) -> Response | None:
    """Run ``checks``; the answer to the first refusal, or None when all pass."""
    try:
        await checks()
    except Exception as exc:
        handler = _handler_for(request, exc)
        if handler is None:
            raise
        response = await handler(request, exc)
        assert isinstance(response, Response)
        return response
    return None


def _handler_for(request: Request, exc: Exception) -> Any:
    handlers = request.app.exception_handlers
    return next((handlers[c] for c in type(exc).__mro__ if c in handlers), None)


def _decide_and_prepare(request: Request) -> bool:
    """``_decide``; then, unless a CSRF check must come first, the route's services. True when
    the CSRF check is still to do (the services are then made after it, as a dependency)."""
    if _decide(request) and _csrf_due(request):
        return True
    prepare_services(request)
    return False


def _decide(request: Request) -> bool:
    """Mode, lock and sign-in for this request; True when a CSRF check is still needed."""
    path = url_path(request)
    if lock.applies(request):  # a personal database locked with a passphrase
        request.state.server_mode = False
        if _starts(path, SERVER_PREFIXES):
            raise ClosedInThisMode()
        lock.check(request, path)
        return False
    if not server_mode(request):
        request.state.server_mode = False
        if _starts(path, SERVER_PREFIXES):
            raise ClosedInThisMode()
        return False
    request.state.server_mode = True
    secret(request)
    public = _starts(path, PUBLIC_PREFIXES) or path in PUBLIC_EXACT
    if not public and _check_with_client(request, path):
        cred = _credential(request)
        if cred is None:
            request.state.actor = None
            raise SignInNeeded()
        request.state.pending_credential = cred  # checked with the client lookup
        return True
    actor = authenticate(request)
    if public:
        return False
    if actor is None:
        raise SignInNeeded()
    if not _starts(path, SERVER_PREFIXES) and not _starts(path, SHARED_IN_SERVER):
        raise ClosedInThisMode()
    return True


def add_handlers(app: Any) -> None:
    async def sign_in_needed(request: Request, exc: Exception) -> Response:
        if is_api(request.url.path):
            return JSONResponse(
                {
                    "detail": [
                        {"msg": "Sign in first: send a bearer token from /api/v1/auth/token."}
                    ]
                },
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        url = URL("/signin").include_query_params(next=target)
        return RedirectResponse(str(url), status_code=303)

    async def closed(request: Request, exc: Exception) -> Response:
        if is_api(request.url.path) or not getattr(request.state, "server_mode", False):
            return JSONResponse({"detail": [{"msg": "Not found."}]}, status_code=404)
        return RedirectResponse("/clients", status_code=303)

    async def csrf_refused(request: Request, exc: Exception) -> Response:
        return JSONResponse(
            {
                "detail": [
                    {
                        "msg": "This form has expired or was not sent from sitecare. "
                        "Go back, reload the page and try again."
                    }
                ]
            },
            status_code=403,
        )

    app.add_exception_handler(SignInNeeded, sign_in_needed)
    app.add_exception_handler(ClosedInThisMode, closed)
    app.add_exception_handler(CsrfRefused, csrf_refused)
