"""JSON routes. Validation errors answer 422 naming the field; unknown ids 404 or 422."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from sitecare.domain.errors import InvalidInput, NotFound
from sitecare.domain.inputs import MAX_ID, MAX_MEDICINE, MAX_NOTE
from sitecare.domain.messages import Msg
from sitecare.domain.routes import RouteId
from sitecare.services.app import Sitecare
from sitecare.services.read_ahead import InputsWanted
from sitecare.web.api import follow as follow_api
from sitecare.web.api.fields import Line, Text, When
from sitecare.web.api.follow import CheckAnswer
from sitecare.web.api.problems import COMMON
from sitecare.web.deps import ServicesDep, as_aware, now, one_trip, run_once
from sitecare.web.unit import answer_now

router = APIRouter(prefix="/api/v1", tags=["sitecare"], responses=COMMON)

InjectionId = Annotated[int, Path(ge=1, le=MAX_ID, description="The injection's id")]
CheckId = Annotated[int, Path(ge=1, le=MAX_ID, description="The check's id")]

Route = RouteId  # the ids of data/routes.yaml


class InjectionIn(BaseModel):
    """An injection to record. Only ``region`` is required."""

    model_config = ConfigDict(extra="forbid")
    region: Line = Field(
        min_length=1,
        max_length=100,
        description="Atlas region id, e.g. forearm_left",
        examples=["forearm_left"],
    )
    spot: Line | None = Field(
        default=None, min_length=1, max_length=16, description="Spot id inside the region"
    )
    route: Route | None = Field(default=None, description="Defaults to the region's usual route")
    at: When | None = Field(default=None, description="ISO 8601; no zone = local; default now")
    medicine: Line | None = Field(default=None, min_length=1, max_length=MAX_MEDICINE)
    note: Text | None = Field(default=None, max_length=MAX_NOTE)


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
@one_trip
async def create_injection(body: InjectionIn, request: Request) -> Response:
    # The time, read once: the client lookup may read the planner's inputs up to it (one
    # statement on PostgreSQL). An implausible one is answered where it always was, after
    # the guard and the client lookup.
    try:
        at: datetime | None = as_aware(body.at)
        problem: InvalidInput | None = None
    except InvalidInput as exc:
        at, problem = None, exc

    def record(sc: Sitecare) -> Response:
        if problem is not None:
            raise problem
        assert at is not None
        result = sc.records.log_injection(
            region=body.region,
            spot=body.spot,
            route=body.route,
            at=at,
            now=now(),
            medicine=body.medicine,
            note=body.note,
        )
        # the answer is made and the request committed in this worker thread too
        return answer_now(
            sc.db, InjectionOut, result.to_dict(), status_code=status.HTTP_201_CREATED
        )

    # the guard, the client lookup, the rest warning, the insert, the answer and the commit:
    # one trip to a worker thread
    wanted = None if at is None else InputsWanted(at, 1 if body.route is None else 0)
    return await run_once(request, record, inputs=wanted)


@router.get("/injections", response_model=list[InjectionOut], summary="Recorded injections")
def list_injections(
    sc: ServicesDep,
    since: When | None = Query(default=None, description="ISO 8601"),
    region: Line | None = Query(default=None, min_length=1, max_length=100),
    limit: int | None = Query(default=None, ge=1, le=10000),
) -> list[dict[str, Any]]:
    items = sc.records.history(
        region=region,
        since=None if since is None else as_aware(since, "since"),
        limit=limit,
        newest_first=bool(limit),
        now=now(),
    )
    if limit:
        items.reverse()
    return [i.to_dict() for i in items]


@router.get("/injections/{injection_id}", response_model=InjectionOut)
def get_injection(injection_id: InjectionId, sc: ServicesDep) -> dict[str, Any]:
    return sc.records.get_injection(injection_id, now=now()).to_dict()


@router.delete(
    "/injections/{injection_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete one injection for good",
)
def delete_injection(injection_id: InjectionId, sc: ServicesDep) -> Response:
    sc.records.delete_injection(injection_id, now=now())
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# -- suggestion and site status ----------------------------------------------------------------


@router.get("/suggestion", summary="Where to inject next, and why")
def suggestion(
    sc: ServicesDep,
    route: Route | None = None,
    medicine: Line | None = Query(default=None, min_length=1, max_length=MAX_MEDICINE),
    at: When | None = Query(default=None, description="When the injection is planned"),
) -> dict[str, Any]:
    return sc.planning.suggest(now=as_aware(at), route=route, medicine=medicine).to_dict()


@router.get("/sites/{region}/status", summary="Is a site ready, resting (until when) or blocked")
def site_status(
    region: Annotated[Line, Path(min_length=1, max_length=100)],
    sc: ServicesDep,
    route: Route | None = None,
) -> dict[str, Any]:
    try:
        return sc.planning.region_status(region, now=now(), route=route).to_dict()
    except InvalidInput as exc:
        if exc.field == "region":
            raise NotFound(exc.message, hint=exc.hint) from None
        raise


# -- your data ---------------------------------------------------------------------------------


@router.get(
    "/export",
    summary="Everything recorded, as the file 'sitecare import' reads",
    responses={
        200: {
            "description": "The export: JSON (photos inside, base64), CSV with ?format=csv "
            "(no photos), a zip with ?format=zip (the JSON and each photo as a file), or a "
            "FHIR R4 Bundle (type collection) with ?format=fhir",
            "content": {
                "application/json": {},
                "text/csv": {"schema": {"type": "string"}},
                "application/zip": {"schema": {"type": "string", "format": "binary"}},
                "application/fhir+json": {},
            },
        }
    },
)
def export(
    sc: ServicesDep,
    format: Literal["json", "csv", "zip", "fhir"] = "json",
    with_photos: Annotated[
        bool, Query(description="fhir only: each photo as a Media with its image")
    ] = False,
) -> Response:
    current = now()
    if with_photos and format != "fhir":
        raise InvalidInput(
            Msg("with_photos goes with format=fhir (json and zip always hold the photos)."),
            field="with_photos",
        )
    if format == "zip":
        return Response(sc.transfer.export_zip(now=current), media_type="application/zip")
    if format == "fhir":
        text = sc.fhir.export_text(now=current, with_photos=with_photos)
        return Response(text, media_type="application/fhir+json")
    if format == "csv":
        return Response(sc.transfer.export_csv(now=current), media_type="text/csv; charset=utf-8")
    return Response(sc.transfer.export_json(now=current), media_type="application/json")


class EraseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    confirm: Literal[True] = Field(description="Must be true: erasing cannot be undone")


@router.post("/erase", summary="Erase every injection, check and setting, for good")
def erase(body: EraseIn, sc: ServicesDep) -> dict[str, Any]:
    return {"erased": sc.transfer.erase_everything(now=now())}


# -- checks ------------------------------------------------------------------------------------


@router.post(
    "/checks",
    status_code=status.HTTP_200_OK,
    summary="Assess a case (case.schema.json); stored as a check of the site when it has a region",
    responses={
        200: {
            "description": "The assessment (not stored: the case names no region)",
            "model": CheckAnswer,
        },
        201: {
            "description": "The assessment, stored as a check of the site it names, with "
            "`recheck` (when to look again) and, for a re-check, `course`",
            "model": CheckAnswer,
        },
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Case"}}},
        }
    },
)
async def create_check(
    request: Request,
    sc: ServicesDep,
    spot: Line | None = Query(default=None, min_length=1, max_length=16),
    note: Text | None = Query(default=None, max_length=MAX_NOTE),
) -> JSONResponse:
    try:
        case = await request.json()
    except (ValueError, RecursionError):
        raise InvalidInput(
            Msg("The body must be a JSON object (a triage case)."), field="body"
        ) from None
    result = sc.triage.check(case, now=now(), spot=spot, note=note)
    code = status.HTTP_201_CREATED if result.observation is not None else status.HTTP_200_OK
    return JSONResponse(result.to_dict(), status_code=code)


@router.get("/checks", summary="Stored checks, oldest first")
def list_checks(
    sc: ServicesDep,
    region: Line | None = Query(default=None, min_length=1, max_length=100),
    since: When | None = None,
) -> list[dict[str, Any]]:
    checks = sc.triage.list_checks(
        region=region, since=None if since is None else as_aware(since, "since"), now=now()
    )
    measured = sc.measurements.by_check(now=now())
    return [c.to_dict() | {"measurement": measured.get(c.id)} for c in checks]


@router.get("/checks/{check_id}", summary="One stored check")
def get_check(check_id: CheckId, sc: ServicesDep) -> dict[str, Any]:
    found = sc.triage.get_check(check_id, now=now()).to_dict()
    measured = sc.measurements.by_check(now=now(), check_id=check_id)
    return found | {"measurement": measured.get(check_id)}


@router.delete("/checks/{check_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_check(check_id: CheckId, sc: ServicesDep) -> Response:
    sc.triage.delete_check(check_id, now=now())
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# -- photos of a check (web/api/photos.py; shared with a program's clients like the rest) ------

from sitecare.web.api import measurements as _measurements  # noqa: E402
from sitecare.web.api import photos as _photos  # noqa: E402

# the routes themselves (not an included router), so clients.py shares them as it does these
router.routes.extend(_photos.router.routes)
router.routes.extend(_measurements.router.routes)
# the follow-up's routes (re-checks due, a site's course) live in web/api/follow.py
router.include_router(follow_api.router)
