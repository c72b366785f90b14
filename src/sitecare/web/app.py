"""The web app factory: pages (Jinja2 + htmx) and the JSON API, over the CLI's services."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sitecare import __version__
from sitecare.config import Settings, default_cache_dir, server_secret
from sitecare.domain.atlas import load_atlas
from sitecare.domain.errors import (
    InvalidInput,
    NotAllowed,
    NotFound,
    SitecareError,
    StorageError,
    TooLarge,
)
from sitecare.domain.field_errors import field_problem
from sitecare.domain.messages import N_, Msg, gettext_for, localise, worded
from sitecare.services import passwords
from sitecare.services.accounts import Accounts
from sitecare.services.app import open_database
from sitecare.storage.engine import Database
from sitecare.web import auth, language, lock, pocket
from sitecare.web.api import clients as clients_api
from sitecare.web.api import routes as personal_api
from sitecare.web.api import server as server_api
from sitecare.web.hosts import HostGuard, HostPolicy
from sitecare.web.pages import card as card_pages
from sitecare.web.pages import server as server_pages
from sitecare.web.pages import site as personal_pages
from sitecare.web.pages.render import error_page
from sitecare.web.unit import OneTransaction

STATIC_DIR = Path(str(files("sitecare.web").joinpath("static")))

SECURITY_HEADERS = {
    # Everything is served by the app itself: no CDN, no third party learns who visits.
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" on a plain
    # form post, and the same-origin check could not tell our own forms from a foreign page's
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "geolocation=(), microphone=(), camera=(self)",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cache-Control": "no-store",
}


#: every router, the busiest first (recording an injection, personal and per client)
ROUTERS = (
    personal_api.router,
    clients_api.router,
    personal_pages.router,
    server_api.router,
    server_pages.router,
    lock.api,
    lock.router,
    server_api.admin,
    card_pages.router,
    language.router,
)


#: every router behind the guard (it runs before every route), included once per process and
#: shared by every app the process makes: FastAPI builds an included router's routes (their
#: dependencies, their pydantic validators) on the first request that reaches them, for each
#: inclusion, so each new app built them all again (about 0.1 s of CPU an app, most of the
#: time of a test with its own app). They hold nothing of one app (each request brings its
#: app); an app's own inclusion would add only its ``dependency_overrides``, which sitecare
#: never sets
SITE = APIRouter(dependencies=[Depends(auth.guard)])
for _router in ROUTERS:
    SITE.include_router(_router)


def create_app(settings: Settings, *, db: Database | None = None) -> FastAPI:
    """Build the app. Nothing of one app in a global: it all hangs off ``app.state``."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if not app.state.db.locked:  # a database locked with a passphrase waits for it
            app.state.db.ensure_schema()  # migrate once, before the first request
        load_atlas()  # parsed once, before the first request too
        if (
            settings.mode == "auto"
            and not app.state.db.encrypted
            and Accounts(app.state.db).has_users()
        ):
            server_secret(settings)  # a program database never starts without its secret
            app.state.server_mode = True
        if app.state.server_mode:
            _clients_first(app)
            # the made-up hash unknown usernames are checked against
            await run_in_threadpool(passwords.for_settings(settings).prepare)
        if getattr(app.state, "served", False):  # app_from_env: the process serves this app
            _keep_what_start_loaded()
        yield
        app.state.db.dispose()

    app = FastAPI(
        title="sitecare",
        version=__version__,
        summary="Keep injection sites healthy. Guidance, not a diagnosis.",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    if settings.mode == "server":
        server_secret(settings)  # refuse to start server mode without a real secret
    app.state.settings = settings
    app.state.db = db or open_database(settings)
    app.state.server_mode = settings.mode == "server"
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.mount(
        pocket.PREFIX,
        pocket.PocketFiles(
            settings.pocket_dir,
            cache_dir=default_cache_dir(),
            emergency_number=settings.emergency_number,
            language=settings.language,
        ),
        name="pocket",
    )
    # No two routes answer the same method and path (tests/web/test_routing.py), so the order
    # only decides how soon a request finds its route: the busiest first
    app.router.routes.extend(SITE.routes)
    _add_error_handlers(app)
    auth.add_handlers(app)
    lock.add_handlers(app)
    _add_case_schema(app)
    app.add_middleware(OneTransaction)  # innermost: sees the final answer of every request
    app.add_middleware(HostGuard, policy=HostPolicy(settings.allowed_hosts))
    app.add_middleware(Security)  # outermost
    return app


def _clients_first(app: FastAPI) -> None:
    """On a program server the busiest routes are a client's: their router goes first."""
    routes = app.router.routes
    first = [r for r in routes if getattr(r, "original_router", None) is clients_api.router]
    app.router.routes[:] = first + [r for r in routes if all(r is not f for f in first)]


class Security:
    """ASGI middleware: refuse cross-site writes, and add the security headers to every answer
    (plain ASGI: no extra task or buffering per request, unlike ``@app.middleware``)."""

    _CROSS_SITE = JSONResponse(
        {"detail": [{"msg": "Cross-site requests are refused."}]}, status_code=403
    )

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
        self.static_headers = [h for h in self.headers if h[0] != b"cache-control"]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if request.method not in ("GET", "HEAD", "OPTIONS") and not _same_origin(request):
            await self._with_headers(self._CROSS_SITE, scope, receive, send)
            return
        await self._with_headers(self.app, scope, receive, send)

    async def _with_headers(self, app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope["path"]
        static = path.startswith(("/static/", f"{pocket.PREFIX}/"))
        extra = self.static_headers if static else self.headers

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                headers = list(message.get("headers", []))
                headers += [(k, v) for k, v in extra if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        await app(scope, receive, send_with_headers)


def _add_case_schema(app: FastAPI) -> None:
    """Publish the triage case schema (the one truth for checks) in the OpenAPI document."""
    from sitecare.services.triage_input import case_schema

    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            case = {k: v for k, v in case_schema().items() if not k.startswith("$")}
            schema.setdefault("components", {}).setdefault("schemas", {})["Case"] = case
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def app_from_env() -> FastAPI:
    """The app as ``sitecare serve`` and its workers build it (settings from the environment)."""
    app = create_app(Settings.from_env())
    app.state.served = True
    return app


def _keep_what_start_loaded() -> None:
    """Put what the process loaded to start (modules, the atlas, the rule base, the routes)
    out of the garbage collector's reach: it lives as long as the process. Each full
    collection walked all of it, a pause of tens of milliseconds that every request waiting
    behind it shared: recording's p99 at 8 connections went from 50-64 ms to 20-24 ms
    (benchmarks/server_load.py). Only in a served process: a test process makes many apps,
    and what one leaves must stay collectable."""
    gc.collect()
    gc.freeze()


def _same_origin(request: Request) -> bool:
    """Refuse writes that a browser sends from another site (CSRF), whatever the form holds.

    ``Sec-Fetch-Site`` is set by the browser and no page can change it: when present it decides
    (``same-origin``, or ``none`` for a request the person started). Older browsers send only
    ``Origin``, which must name this host (the host itself is checked by ``HostGuard``). An
    opaque ``Origin: null`` without fetch metadata is refused. Scripts and the CLI send neither
    header and are allowed: they are not a browser acting for another site.
    """
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return True
    if origin == "null":
        return False
    host = request.headers.get("host", "")
    return origin.split("://", 1)[-1] == host


def _unreadable(errors: list[dict[str, Any]]) -> InvalidInput:
    """A page's wrong value (its address or form), in words for the error page."""
    field = str(errors[0]["msg"]).split(":", 1)[0] if errors else "body"
    words = Msg(
        "This page cannot be shown: a value in its address or form is not one sitecare can "
        "read (%(field)s).",
        field=field,
    )
    return InvalidInput(words, field=field)


def _described(errors: Sequence[Any], lang: str) -> list[dict[str, Any]]:
    """pydantic's errors as the API answers them: each ``loc`` and ``type`` as they are, the
    ``msg`` as "field: why" in ``lang`` (English: pydantic's own words, as always)."""
    described = []
    for e in errors:
        loc = list(e.get("loc", ()))
        field = ".".join(str(p) for p in loc[1:]) or "body"
        english = str(e.get("msg"))
        problem = field_problem(str(e.get("type")), english, e.get("ctx"))
        said = Msg("%(where)s: %(problem)s", where=field, problem=problem)
        described.append({"loc": loc, "msg": str(localise(said, lang)), "type": e.get("type")})
    return described


def wants_html(request: Request) -> bool:
    """A page for a browser, not the JSON API: errors answer with the error page."""
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get(
        "accept", ""
    )


def _add_error_handlers(app: FastAPI) -> None:
    async def sitecare_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, SitecareError)
        status = 500
        if isinstance(exc, TooLarge):
            status = 413
        elif isinstance(exc, InvalidInput):
            status = 422
        elif isinstance(exc, NotFound):
            status = 404
        elif isinstance(exc, StorageError):
            status = 503
        elif isinstance(exc, NotAllowed):
            status = 403
        if wants_html(request):
            return error_page(request, exc, status)
        # the words in the request's language, as the CLI's _() says them (a Msg whole, marked
        # words from the catalog); loc, suggestions and ids stay English
        say = gettext_for(language.language_of(request))
        detail: dict[str, object] = {"msg": say(exc.message)}
        if isinstance(exc, InvalidInput):
            detail["loc"] = ["body", exc.field] if exc.field else ["body"]
            if exc.suggestions:
                detail["suggestions"] = list(exc.suggestions)
        if exc.hint:
            detail["hint"] = say(exc.hint)
        return JSONResponse({"detail": [detail]}, status_code=status)

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        first = await auth.settle_deferred(request)  # a one-trip route's guard answers first
        if first is not None:
            return first
        errors = _described(exc.errors(), language.language_of(request))
        if wants_html(request):  # a page asked for with a wrong value in its address or form
            return error_page(request, _unreadable(errors), 422)
        return JSONResponse({"detail": errors}, status_code=422)

    async def http_error(request: Request, exc: Exception) -> Response:
        """Starlette's own answers (404 for unknown paths, 405, a body that cannot be parsed)
        in the same shape as every other error; a 405 names every method the path allows."""
        assert isinstance(exc, StarletteHTTPException)
        first = await auth.settle_deferred(request)  # a one-trip route's guard answers first
        if first is not None:
            return first
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(_allowed_methods(request))
        if exc.status_code == 404 and wants_html(request):
            return error_page(request, NotFound(N_("There is no such page.")), 404)
        said = localise(_framework_words(exc), language.language_of(request))
        return JSONResponse({"detail": [{"msg": said}]}, exc.status_code, headers=headers)

    app.add_exception_handler(SitecareError, sitecare_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)


#: the framework's own answers (Starlette's English kept as the English), in other languages
_FRAMEWORK_WORDS = {
    400: N_("The request cannot be read."),
    404: N_("Not found."),
    405: N_("This address does not take that method."),
    413: N_("The request is too large."),
    415: N_("The request's content type is not one this address takes."),
}


def _framework_words(exc: StarletteHTTPException) -> Msg:
    """What Starlette said (404 for an unknown path, 405, a body it cannot parse), as a Msg."""
    if not isinstance(exc.detail, str):
        return Msg("The request cannot be served.")
    template = _FRAMEWORK_WORDS.get(exc.status_code)
    return worded(template, exc.detail) if template else worded(exc.detail, exc.detail)


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path (Starlette names only the first route's)."""
    order = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
    return [
        method
        for method in order
        if any(
            route.matches({**request.scope, "method": method})[0] == Match.FULL
            for route in request.app.router.routes
        )
    ]
