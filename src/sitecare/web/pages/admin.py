"""Program admin pages: the program's users, the audit log, the program view and its CSV."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sitecare.domain.errors import InvalidInput, NotFound
from sitecare.domain.messages import N_, Msg
from sitecare.domain.programs import Actor
from sitecare.domain.triage.vocab import load_vocabulary
from sitecare.services.audit import AuditLog
from sitecare.services.clients import visit_options
from sitecare.services.program_stats import LEVELS, ProgramStats
from sitecare.web import downloads
from sitecare.web.auth import accounts
from sitecare.web.deps import ActorDep, now
from sitecare.web.language import language_of
from sitecare.web.pages.check import LEVEL_LOOK
from sitecare.web.pages.render import render

router = APIRouter(include_in_schema=False)
#: the roles as the users page shows them (``_(u.role)``); the ids stay English
ROLE_WORDS = (N_("worker"), N_("admin"))


def _users_page(
    request: Request,
    actor: Actor,
    *,
    error: str | None = None,
    done: str | None = None,
    status_code: int = 200,
) -> Response:
    users = accounts(request).users(by=actor)
    return render(
        request,
        "admin_users.html",
        {"active": "Users", "users": users, "me": actor, "error": error, "done": done},
        status_code=status_code,
    )


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request, actor: ActorDep, done: str | None = None) -> Response:
    return _users_page(request, actor, done=done)


@router.post("/admin/users")
def add_user(
    request: Request,
    actor: ActorDep,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1024)],
    role: Annotated[str, Form()] = "worker",
) -> Response:
    try:
        accounts(request).add_user(
            username, program=actor.program, role=role, password=password, now=now(), by=actor
        )
    except (InvalidInput, NotFound) as exc:
        return _users_page(request, actor, error=exc.message, status_code=422)
    return RedirectResponse("/admin/users?done=added", status_code=303)


@router.post("/admin/users/{username}/{change}")
def change_user(
    request: Request,
    actor: ActorDep,
    username: str,
    change: str,
    password: Annotated[str | None, Form(max_length=1024)] = None,
) -> Response:
    acc = accounts(request)
    try:
        if change == "disable":
            acc.disable_user(username, now=now(), by=actor)
        elif change == "enable":
            acc.enable_user(username, now=now(), by=actor)
        elif change == "password":
            acc.reset_password(username, password or "", now=now(), by=actor)
        else:
            raise NotFound(Msg("There is no action %(change)s.", change=repr(change)))
    except (InvalidInput, NotFound) as exc:
        return _users_page(request, actor, error=exc.message, status_code=422)
    return RedirectResponse(f"/admin/users?done={change}", status_code=303)


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    actor: ActorDep,
    client_id: Annotated[int | None, Query(ge=1)] = None,
    limit: Annotated[int, Query(ge=1, le=2000)] = 200,
) -> Response:
    events = AuditLog(request.app.state.db, actor).events(client_id=client_id, limit=limit)
    return render(
        request,
        "admin_audit.html",
        {"active": "Audit", "events": events, "client_id": client_id, "limit": limit},
    )


@router.get("/program", response_class=HTMLResponse)
def program_page(
    request: Request, actor: ActorDep, days: Annotated[int, Query(ge=1, le=3660)] = 30
) -> Response:
    view = ProgramStats(request.app.state.db, actor).view(now=now(), days=days)
    totals = view.totals()
    vocab = load_vocabulary(language_of(request))  # the conditions' names in the page's language
    return render(
        request,
        "program.html",
        {
            "active": "Program",
            "view": view,
            "totals": totals,
            "condition_names": {c: vocab.condition_name(c) for c in totals["conditions"]},
            "days": days,
            "levels": LEVELS,
            "level_look": LEVEL_LOOK,
            "options": visit_options(),
        },
    )


@router.get("/program/export.csv")
def program_csv(
    request: Request, actor: ActorDep, days: Annotated[int, Query(ge=1, le=3660)] = 30
) -> Response:
    return downloads.program_csv(request, actor, days)
