"""Server-mode pages: sign in and out, then the worker and admin pages (in their own modules)."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sitecare.services import credentials
from sitecare.web.auth import (
    PRE_COOKIE,
    SESSION_COOKIE,
    accounts,
    clear_cookie,
    now_utc,
    safe_next,
    secret,
    set_cookie,
)
from sitecare.web.deps import ActorDep, now
from sitecare.web.pages import admin, clients
from sitecare.web.pages.render import render

router = APIRouter(include_in_schema=False)
router.include_router(clients.router)
router.include_router(admin.router)


def _pre_nonce(request: Request) -> tuple[str, str | None]:
    """The sign-in form's nonce, and a new pre-session cookie when there was none."""
    cred = credentials.read(secret(request), "pre", request.cookies.get(PRE_COOKIE), now=now_utc())
    if cred is not None:
        return cred.nonce, None
    token = credentials.issue(
        secret(request),
        "pre",
        user_id=0,
        version=0,
        now=now_utc(),
        lifetime=credentials.PRE_SESSION_LIFETIME,
    )
    fresh = credentials.read(secret(request), "pre", token, now=now_utc())
    assert fresh is not None
    return fresh.nonce, token


def _signin_page(
    request: Request, *, next_url: str, message: str | None = None, status_code: int = 200
) -> Response:
    nonce, cookie = _pre_nonce(request)
    response = render(
        request,
        "signin.html",
        {
            "active": "Sign in",
            "signin_csrf": credentials.csrf_token(secret(request), nonce),
            "next_url": next_url,
            "message": message,
        },
        status_code=status_code,
    )
    if cookie is not None:
        set_cookie(
            response,
            request,
            PRE_COOKIE,
            cookie,
            max_age=int(credentials.PRE_SESSION_LIFETIME.total_seconds()),
        )
    return response


@router.get("/signin", response_class=HTMLResponse)
def signin_form(request: Request, next: Annotated[str | None, Query()] = None) -> Response:
    if getattr(request.state, "actor", None) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _signin_page(request, next_url=safe_next(next))


@router.post("/signin", response_class=HTMLResponse)
async def signin(
    request: Request,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1024)],
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str | None, Form()] = None,
) -> Response:
    target = safe_next(next)
    pre = credentials.read(secret(request), "pre", request.cookies.get(PRE_COOKIE), now=now_utc())
    if pre is None or not credentials.csrf_ok(secret(request), pre.nonce, csrf_token):
        return _signin_page(
            request,
            next_url=target,
            message="The sign-in form had expired. Please sign in again.",
            status_code=403,
        )
    result = await run_in_threadpool(accounts(request).sign_in, username, password, now=now())
    if result.actor is None:
        await asyncio.sleep(result.delay_s)  # slows guessing; other requests go on meanwhile
        return _signin_page(request, next_url=target, message=result.message, status_code=401)
    session = credentials.issue_for(secret(request), "session", result.actor, now=now_utc())
    response = RedirectResponse(target, status_code=303)
    set_cookie(
        response,
        request,
        SESSION_COOKIE,
        session,
        max_age=int(credentials.SESSION_LIFETIME.total_seconds()),
    )
    clear_cookie(response, request, PRE_COOKIE)
    return response


@router.post("/signout")
def signout(request: Request, actor: ActorDep) -> Response:
    accounts(request).sign_out(actor, now=now())
    response = RedirectResponse("/signin", status_code=303)
    clear_cookie(response, request, SESSION_COOKIE)
    return response
