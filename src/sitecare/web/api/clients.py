"""The client API (server mode): a program's clients, their visits, and under
``/api/v1/clients/{client_id}/`` the very same routes as the personal API.

The personal routes are registered again under the client prefix with the same endpoint
functions: their ``ServicesDep`` resolves the client within the caller's program (see
``web/deps.py``), so no rule or query is written twice. Another program's client answers 404.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Path, Query, status
from fastapi.routing import APIRoute
from fastapi.security import OAuth2PasswordBearer
from pydantic import BaseModel, ConfigDict, Field

from sitecare.domain.inputs import MAX_ID, MAX_NOTE
from sitecare.web.api import follow
from sitecare.web.api import routes as personal
from sitecare.web.api.fields import Line, Text, When
from sitecare.web.api.problems import COMMON
from sitecare.web.auth import CLIENT_ACTIONS
from sitecare.web.deps import ClientsDep, as_aware, now

#: documents the bearer scheme in /api/docs (the guard does the checking)
bearer = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)

router = APIRouter(
    prefix="/api/v1", tags=["clients"], dependencies=[Depends(bearer)], responses=COMMON
)

PREFIX = "/clients/{client_id}"
#: the personal routes a client has too, and what each writes to the audit log
SHARED: dict[tuple[str, str], tuple[str, str]] = {
    ("POST", "/injections"): ("injection.add", "injection"),
    ("GET", "/injections"): ("injection.list", "injection"),
    ("GET", "/injections/{injection_id}"): ("injection.read", "injection"),
    ("DELETE", "/injections/{injection_id}"): ("injection.delete", "injection"),
    ("GET", "/suggestion"): ("suggestion.read", "suggestion"),
    ("GET", "/sites/{region}/status"): ("site_status.read", "site"),
    ("POST", "/checks"): ("check.add", "check"),
    ("GET", "/checks"): ("check.list", "check"),
    ("GET", "/checks/{check_id}"): ("check.read", "check"),
    ("DELETE", "/checks/{check_id}"): ("check.delete", "check"),
    ("POST", "/checks/{check_id}/photos"): ("photo.add", "check"),
    ("GET", "/checks/{check_id}/photos"): ("photo.list", "check"),
    ("GET", "/photos/{photo_id}"): ("photo.view", "photo"),
    ("DELETE", "/photos/{photo_id}"): ("photo.delete", "photo"),
    ("POST", "/photos/{photo_id}/measurement"): ("photo.measure", "photo"),
    ("GET", "/due"): ("due.list", "check"),
    ("GET", "/sites/{region}/course"): ("course.read", "site"),
}


class ClientIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: Line = Field(
        min_length=1,
        max_length=40,
        description="The program's pseudonymous code for the client (never a real name)",
        examples=["RX-0417"],
    )


class ClientOut(BaseModel):
    id: int
    code: str
    created_at: datetime
    last_visit_at: datetime | None = None


class VisitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    at: When | None = Field(default=None, description="ISO 8601; default now")
    supplies: list[Line] = Field(
        default_factory=list, max_length=30, description="Ids from the visit options"
    )
    referrals: list[Line] = Field(
        default_factory=list, max_length=30, description="Ids from the visit options"
    )
    note: Text | None = Field(default=None, max_length=MAX_NOTE)


class VisitOut(BaseModel):
    id: int
    at: datetime
    supplies: list[str]
    referrals: list[str]
    note: str | None
    worker: str | None


ClientId = Path(description="The client's id (from POST or GET /api/v1/clients)", ge=1, le=MAX_ID)


async def client_scope(client_id: int = ClientId) -> int:
    """Declares the client id for the shared routes (``ServicesDep`` resolves it). Async, so
    FastAPI calls it on the event loop: a plain ``def`` dependency costs a trip to a worker
    thread on every client request (benchmarks/server_load.py)."""
    return client_id


@router.post(
    "/clients",
    status_code=status.HTTP_201_CREATED,
    response_model=ClientOut,
    summary="Add a client by the program's code",
)
def add_client(body: ClientIn, clients: ClientsDep) -> dict[str, Any]:
    return clients.add(body.code, now=now()).to_dict()


@router.get("/clients", response_model=list[ClientOut], summary="The program's clients")
def list_clients(
    clients: ClientsDep,
    code: Line | None = Query(default=None, max_length=40, description="Codes starting with"),
    limit: int = Query(default=50, ge=1, le=1000),
) -> list[dict[str, Any]]:
    return [c.to_dict() for c in clients.find(code, now=now(), limit=limit)]


@router.get("/clients/{client_id}", response_model=ClientOut, summary="One client")
def get_client(clients: ClientsDep, client_id: int = ClientId) -> dict[str, Any]:
    return clients.get(client_id, now=now()).to_dict()


@router.post(
    "/clients/{client_id}/visits",
    status_code=status.HTTP_201_CREATED,
    response_model=VisitOut,
    summary="Record a visit: supplies and referrals given, a short note",
)
def add_visit(body: VisitIn, clients: ClientsDep, client_id: int = ClientId) -> dict[str, Any]:
    visit = clients.record_visit(
        client_id,
        now=now(),
        at=None if body.at is None else as_aware(body.at),
        supplies=body.supplies,
        referrals=body.referrals,
        note=body.note,
    )
    return visit.to_dict()


@router.get(
    "/clients/{client_id}/visits", response_model=list[VisitOut], summary="Visits, newest first"
)
def list_visits(clients: ClientsDep, client_id: int = ClientId) -> list[dict[str, Any]]:
    return [v.to_dict() for v in clients.visits(client_id, now=now())]


def _share_personal_routes() -> None:
    # the follow-up's routes are included in the personal router, which keeps them apart
    for route in [*personal.router.routes, *follow.router.routes]:
        if not isinstance(route, APIRoute):
            continue
        sub = route.path.removeprefix("/api/v1")
        for method in sorted(route.methods or ()):
            audit = SHARED.get((method, sub))
            if audit is None:
                continue
            path = PREFIX + sub
            CLIENT_ACTIONS[(method, "/api/v1" + path)] = audit
            router.add_api_route(
                path,
                route.endpoint,
                methods=[method],
                response_model=route.response_model,
                status_code=route.status_code,
                summary=f"A client's {route.summary[0].lower() + route.summary[1:]}"
                if route.summary
                else None,
                openapi_extra=route.openapi_extra,
                responses=route.responses,
                name=f"client_{route.name}",
                dependencies=[Depends(client_scope)],
            )


_share_personal_routes()
