"""The measurement of the mark on a stored photo: ``POST /api/v1/photos/{id}/measurement``.

Included with the photo routes (``routes.py``), so a program's clients have it too under
``/api/v1/clients/{client_id}/`` (audited like the rest). The body names what to keep: the
automatic outline (``{"automatic": true}``), an outline in photo pixels (``{"outline": [[x,
y], ...]}``) or the size typed by hand (``{"longest_mm": 12, "across_mm": 8}``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from sitecare.domain.errors import InvalidInput
from sitecare.domain.inputs import MAX_ID
from sitecare.domain.messages import Msg
from sitecare.web.api.problems import COMMON, Problem
from sitecare.web.deps import ServicesDep, now

router = APIRouter(prefix="/api/v1", tags=["sitecare"], responses=COMMON)

PhotoId = Annotated[int, Path(ge=1, le=MAX_ID, description="The photo's id")]


class MeasurementOut(BaseModel):
    """A photo's stored measurement."""

    source: Literal["auto", "outline", "by_hand"]
    area_mm2: float | None
    longest_mm: float | None
    across_mm: float | None
    outline: list[tuple[float, float]] = Field(description="Photo pixels; empty when by hand")
    confidence: float
    warnings: list[str]
    measured_at: str = Field(description="When it was measured (ISO 8601, UTC)")


class MeasurementIn(BaseModel):
    """One of: ``automatic`` true, an ``outline`` (photo pixels), or ``longest_mm`` (and
    ``across_mm``) typed by hand."""

    automatic: bool = False
    outline: list[tuple[float, float]] | None = Field(default=None, min_length=3, max_length=5000)
    longest_mm: float | None = None
    across_mm: float | None = None


class MeasuredOut(BaseModel):
    """What was found, and the photo (its ``measurement`` set when something was measured)."""

    card_found: bool
    measured: bool
    warnings: list[str]
    photo: dict[str, Any]


def _answer(description: str) -> dict[str, Any]:
    return {"model": Problem, "description": description}


def _run(sc: Any, photo_id: int, body: MeasurementIn) -> tuple[bool, dict[str, Any]]:
    chosen = [body.automatic, body.outline is not None, body.longest_mm is not None]
    if sum(chosen) != 1:
        raise InvalidInput(
            Msg("Send one of: automatic true, an outline, or longest_mm (and across_mm)."),
            field="outline",
        )
    current = now()
    if body.longest_mm is not None:
        photo = sc.measurements.save_by_hand(photo_id, body.longest_mm, body.across_mm, now=current)
        return True, {
            "card_found": photo.mm_per_px is not None,
            "measured": True,
            "warnings": [],
            "photo": photo.to_dict(),
        }
    outline = None if body.outline is None else [list(p) for p in body.outline]
    photo, found = sc.measurements.measure(photo_id, now=current, outline=outline)
    measured = photo.measurement is not None and found["area_mm2"] is not None
    return measured, {
        "card_found": found["card_found"],
        "measured": measured,
        "warnings": found["warnings"],
        "photo": photo.to_dict(),
    }


@router.post(
    "/photos/{photo_id}/measurement",
    status_code=status.HTTP_201_CREATED,
    response_model=MeasuredOut,
    summary="Measure the mark on a photo (automatic, an outline, or by hand) and keep it",
    responses={
        201: {"description": "Measured and kept with the photo"},
        200: {
            "model": MeasuredOut,
            "description": "Nothing kept: no card (or no mark) found; warnings say how to "
            "take the photo",
        },
        404: _answer("No such photo"),
        422: _answer(
            "Not one of the three kinds, an outline that cannot be measured, or a size out of range"
        ),
    },
)
async def measure_photo(photo_id: PhotoId, body: MeasurementIn, sc: ServicesDep) -> Any:
    measured, answer = await run_in_threadpool(lambda: _run(sc, photo_id, body))
    return answer if measured else JSONResponse(answer, status_code=status.HTTP_200_OK)
