"""Server-mode API: bearer tokens, and the program admin's audit log, program view and users."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from sitecare.domain.inputs import MAX_ID
from sitecare.services import credentials
from sitecare.services.audit import AuditLog
from sitecare.services.program_stats import ProgramStats
from sitecare.web.api.clients import bearer
from sitecare.web.api.fields import When
from sitecare.web.api.problems import COMMON
from sitecare.web.auth import accounts, now_utc, secret
from sitecare.web.deps import ActorDep, as_aware, now
from sitecare.web.downloads import program_csv

router = APIRouter(prefix="/api/v1", tags=["server"], responses=COMMON)
admin = APIRouter(
    prefix="/api/v1", tags=["program admin"], dependencies=[Depends(bearer)], responses=COMMON
)


@router.post(
    "/auth/token",
    summary="Sign in for the API: an OAuth2 password form in, a bearer token out (1 hour)",
)
async def token(
    request: Request,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1024)],
    grant_type: Annotated[str | None, Form(pattern="^password$")] = None,
) -> Response:
    result = await run_in_threadpool(accounts(request).sign_in, username, password, now=now())
    if result.actor is None:
        await asyncio.sleep(result.delay_s)  # slows guessing without blocking other requests
        return JSONResponse(
            {"detail": [{"msg": result.message}]},
            status_code=401,
            headers={"WWW-Authenticate": "Bearer"},
        )
    value = credentials.issue_for(secret(request), "api", result.actor, now=now_utc())
    return JSONResponse(
        {
            "access_token": value,
            "token_type": "bearer",
            "expires_in": int(credentials.API_TOKEN_LIFETIME.total_seconds()),
        }
    )


@admin.get("/audit", summary="The program's audit log, newest first (admins)")
def audit(
    request: Request,
    actor: ActorDep,
    since: When | None = None,
    client_id: int | None = Query(default=None, ge=1, le=MAX_ID),
    limit: int = Query(default=200, ge=1, le=2000),
) -> list[dict[str, Any]]:
    log = AuditLog(request.app.state.db, actor)
    events = log.events(
        since=None if since is None else as_aware(since, "since"), client_id=client_id, limit=limit
    )
    return [e.to_dict() for e in events]


@admin.get("/program/stats", summary="Counts per day: visits, checks, conditions, referrals")
def program_stats(
    request: Request, actor: ActorDep, days: int = Query(default=30, ge=1, le=3660)
) -> dict[str, Any]:
    return ProgramStats(request.app.state.db, actor).view(now=now(), days=days).to_dict()


@admin.get(
    "/program/stats.csv",
    summary="The same counts as CSV (day, measure, item, count)",
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def program_stats_csv(
    request: Request, actor: ActorDep, days: int = Query(default=30, ge=1, le=3660)
) -> Response:
    return program_csv(request, actor, days)


@admin.get("/users", summary="The program's users (admins)")
def users(request: Request, actor: ActorDep) -> list[dict[str, Any]]:
    return [u.to_dict() for u in accounts(request).users(by=actor)]
