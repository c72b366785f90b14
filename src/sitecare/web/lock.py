"""The lock screen of a personal database locked with a passphrase (issue 10, items 2 and 9).

The server starts locked: it cannot read the database until someone types the passphrase. Then
it keeps the key in memory, and *each browser* must still unlock once: unlocking gives that
browser a signed cookie (an API client a bearer token) made with a random secret that lives only
in this process. So when ``sitecare serve --host`` lets other devices in, the passphrase is the
sign-in. "Lock now" forgets the key and ends every browser's unlock at once; so does a quiet
spell of ``IDLE`` without requests, and stopping the server.

Wrong passphrases are tried one at a time, each answer waiting longer (a second per failure,
up to 30 s), so guessing over the network is slow; argon2id makes each try costly as well.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
import threading
import time
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.datastructures import URL

from sitecare.domain.errors import InvalidInput, NotFound
from sitecare.domain.messages import Msg, gettext_for
from sitecare.services.passphrase import Lock
from sitecare.web.api.problems import COMMON
from sitecare.web.cookies import safe_next, set_cookie
from sitecare.web.language import language_of
from sitecare.web.pages.render import render

COOKIE = "sitecare_unlocked"
#: an unlock lasts this long in a browser (then the lock screen again)
LIFETIME_S = 12 * 3600
#: the key is forgotten after this long without a request
IDLE_S = 30 * 60
MAX_DELAY_S = 30.0
#: open while locked: the lock screen, help pages, static files and the API description
OPEN_WHEN_LOCKED = ("/unlock", "/language", "/help", "/static/", "/api/v1/unlock", "/favicon.ico")
OPEN_EXACT = ("/openapi.json", "/api/docs")

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["lock"], responses=COMMON)


class LockedHere(Exception):
    """This browser (or API client) has not unlocked sitecare."""


class LockState:
    """The process's lock: the secret unlocks are signed with, the epoch, failures."""

    def __init__(self) -> None:
        self.secret = secrets.token_bytes(32)
        self.epoch = 0
        self.failures = 0
        self.last_seen = time.monotonic()
        self.attempts = threading.Lock()  # one passphrase check at a time

    def token(self) -> str:
        expires = int(time.time()) + LIFETIME_S
        body = f"{self.epoch}.{expires}.{secrets.token_urlsafe(12)}"
        return f"{body}.{self._mac(body)}"

    def valid(self, token: str | None) -> bool:
        if not token or token.count(".") != 3 or len(token) > 200:
            return False
        body, _, mac = token.rpartition(".")
        if not hmac.compare_digest(self._mac(body).encode(), mac.encode("utf-8", "replace")):
            return False
        epoch, expires, _nonce = body.split(".")
        return epoch == str(self.epoch) and expires.isdigit() and int(expires) > time.time()

    def _mac(self, body: str) -> str:
        return hmac.new(self.secret, body.encode(), hashlib.sha256).hexdigest()


def state(request: Request) -> LockState:
    found = getattr(request.app.state, "lock", None)
    if found is None:
        found = request.app.state.lock = LockState()
    assert isinstance(found, LockState)
    return found


def applies(request: Request) -> bool:
    """This app serves a personal database locked with a passphrase."""
    return bool(request.app.state.db.encrypted and request.app.state.settings.mode != "server")


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


def check(request: Request, path: str) -> None:
    """The guard's part for a locked database: raise LockedHere unless this client unlocked."""
    lock = state(request)
    db = request.app.state.db
    if not db.locked and time.monotonic() - lock.last_seen > IDLE_S:
        forget(request)  # nobody used it for a while: lock again
    if path in OPEN_EXACT or any(
        path == p.rstrip("/") or path.startswith(p.rstrip("/") + "/") for p in OPEN_WHEN_LOCKED
    ):
        return
    if db.locked or not (lock.valid(request.cookies.get(COOKIE)) or lock.valid(_bearer(request))):
        raise LockedHere()
    lock.last_seen = time.monotonic()


def forget(request: Request) -> None:
    lock = state(request)
    lock.epoch += 1
    request.app.state.db.lock()


def _try(request: Request, passphrase: str) -> str:
    """Check a passphrase (one try at a time); a token for this client, or InvalidInput."""
    lock = state(request)
    settings = request.app.state.settings
    with lock.attempts:
        locker = Lock(settings)
        db = request.app.state.db
        if db.locked:
            locker.unlock(db, passphrase)  # derives the key, unwraps it, opens the database
        else:
            locker.check(passphrase)
        lock.failures = 0
        lock.last_seen = time.monotonic()
        return lock.token()


async def attempt(request: Request, passphrase: str) -> tuple[str | None, str]:
    """(token, "") after the right passphrase, (None, message) after a wrong one."""
    lock = state(request)
    try:
        token = await run_in_threadpool(_try, request, passphrase[:1024])
    except InvalidInput as exc:
        lock.failures += 1
        await asyncio.sleep(min(MAX_DELAY_S, float(lock.failures)))  # before answering
        return None, exc.message
    return token, ""


def _set_cookie(response: Response, request: Request, token: str) -> None:
    set_cookie(response, request, COOKIE, token, max_age=LIFETIME_S, samesite="strict")


# -- pages ---------------------------------------------------------------------------------------


def _page(request: Request, *, next_url: str, message: str = "", status: int = 200) -> Response:
    unlocked = not request.app.state.db.locked and state(request).valid(request.cookies.get(COOKIE))
    return render(
        request,
        "lock_screen.html",
        {"active": None, "next_url": next_url, "message": message, "unlocked": unlocked},
        status_code=status,
    )


#: what the pages and the API say (in the request's language)
NO_PASSPHRASE = Msg("This sitecare has no passphrase.")
SET_ONE = "sitecare passphrase set"
LOCKED = Msg(
    "sitecare is locked with a passphrase. Unlock it with %(unlock)s and send the token as a "
    "bearer token.",
    unlock="POST /api/v1/unlock",
)


def _said(request: Request, words: str) -> str:
    """``words`` (a Msg, or text) in the request's language, for an API answer."""
    return gettext_for(language_of(request))(words)


def _require(request: Request) -> None:
    if not applies(request):
        raise NotFound(NO_PASSPHRASE, hint=Msg("Set one: %(command)s", command=SET_ONE))


@router.get("/unlock", response_class=HTMLResponse)
def unlock_form(request: Request, next: str | None = None) -> Response:
    _require(request)
    return _page(request, next_url=safe_next(next, default="/"))


@router.post("/unlock", response_class=HTMLResponse)
async def unlock(
    request: Request,
    passphrase: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str | None, Form()] = None,
) -> Response:
    _require(request)
    target = safe_next(next, default="/")
    token, message = await attempt(request, passphrase)
    if token is None:
        return _page(request, next_url=target, message=message, status=401)
    response = RedirectResponse(target, status_code=303)
    _set_cookie(response, request, token)
    return response


@router.post("/lock")
def lock_now(request: Request) -> Response:
    _require(request)
    forget(request)
    response = RedirectResponse("/unlock", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


# -- API -----------------------------------------------------------------------------------------


class UnlockIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    passphrase: str = Field(min_length=1, max_length=1024)


@api.post(
    "/unlock",
    summary="Unlock a personal database locked with a passphrase: a bearer token out",
)
async def api_unlock(request: Request, body: UnlockIn) -> Response:
    if not applies(request):
        return JSONResponse({"detail": [{"msg": _said(request, NO_PASSPHRASE)}]}, 404)
    token, message = await attempt(request, body.passphrase)
    if token is None:
        return JSONResponse(
            {"detail": [{"msg": _said(request, message), "loc": ["body", "passphrase"]}]},
            status_code=401,
            headers={"WWW-Authenticate": "Bearer"},
        )
    response = JSONResponse({"access_token": token, "token_type": "bearer"})
    _set_cookie(response, request, token)
    return response


@api.post("/lock", summary="Lock now: forget the key; every browser must unlock again")
def api_lock(request: Request) -> dict[str, Any]:
    if applies(request):
        forget(request)
    return {"locked": bool(request.app.state.db.encrypted)}


def add_handlers(app: Any) -> None:
    async def locked_here(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse(
                {"detail": [{"msg": _said(request, LOCKED)}]},
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(
            str(URL("/unlock").include_query_params(next=target)), status_code=303
        )

    app.add_exception_handler(LockedHere, locked_here)
