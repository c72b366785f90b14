"""JSON routes. Validation errors answer 422 naming the field; unknown ids 404 or 422."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field

from sitecare.services.records import MAX_MEDICINE, MAX_NOTE
from sitecare.web.deps import ServicesDep, as_aware, now

router = APIRouter(prefix="/api/v1", tags=["sitecare"])

Route = Literal["intravenous", "intramuscular", "subcutaneous", "intradermal", "skin_popping"]


class InjectionIn(BaseModel):
    """An injection to record. Only ``region`` is required."""

    model_config = ConfigDict(extra="forbid")
    region: str = Field(description="Atlas region id, e.g. forearm_left", examples=["forearm_left"])
    spot: str | None = Field(default=None, description="Spot id inside the region")
    route: Route | None = Field(default=None, description="Defaults to the region's usual route")
    at: datetime | None = Field(default=None, description="ISO 8601; no zone = local; default now")
    medicine: str | None = Field(default=None, max_length=MAX_MEDICINE)
    note: str | None = Field(default=None, max_length=MAX_NOTE)


class InjectionOut(BaseModel):
    id: int
    uid: str
    at: datetime
    region: str
    spot: str | None
    route: str
    medicine: str | None
    note: str | None
    warnings: list[str] = []


@router.get("/sites", summary="The atlas: every region, its tiers per route and its spots")
def list_sites(sc: ServicesDep, route: Route | None = None) -> list[dict[str, Any]]:
    return sc.sites(route=route)


@router.post(
    "/injections",
    status_code=status.HTTP_201_CREATED,
    response_model=InjectionOut,
    summary="Record an injection (warns about risky or resting sites, never refuses)",
)
def create_injection(body: InjectionIn, sc: ServicesDep) -> dict[str, Any]:
    result = sc.records.log_injection(
        region=body.region,
        spot=body.spot,
        route=body.route,
        at=as_aware(body.at),
        now=now(),
        medicine=body.medicine,
        note=body.note,
    )
    return result.to_dict()


@router.get("/injections", response_model=list[InjectionOut], summary="Recorded injections")
def list_injections(
    sc: ServicesDep,
    since: datetime | None = Query(default=None, description="ISO 8601"),
    region: str | None = None,
    limit: int | None = Query(default=None, ge=1, le=10000),
) -> list[dict[str, Any]]:
    items = sc.records.history(
        region=region,
        since=None if since is None else as_aware(since),
        limit=limit,
        newest_first=bool(limit),
        now=now(),
    )
    if limit:
        items.reverse()
    return [i.to_dict() for i in items]


@router.get("/injections/{injection_id}", response_model=InjectionOut)
def get_injection(injection_id: int, sc: ServicesDep) -> dict[str, Any]:
    return sc.records.get_injection(injection_id, now=now()).to_dict()


@router.delete(
    "/injections/{injection_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete one injection for good",
)
def delete_injection(injection_id: int, sc: ServicesDep) -> Response:
    sc.records.delete_injection(injection_id, now=now())
    return Response(status_code=status.HTTP_204_NO_CONTENT)
