"""JSON routes for following a site: what is due for a re-check, and a site's healing course.

The models here also describe the ``recheck`` and ``course`` keys of a stored check's
assessment (``POST /api/v1/checks``), so the OpenAPI document gives the answers in full.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field

from sitecare.domain.errors import InvalidInput, NotFound
from sitecare.web.api.fields import Line, When
from sitecare.web.api.problems import COMMON
from sitecare.web.deps import ServicesDep, as_aware, now

#: included in ``web.api.routes.router`` (which adds the /api/v1 prefix)
router = APIRouter(tags=["sitecare"], responses=COMMON)

Level = Literal["emergency", "urgent", "soon", "self_care", "routine"]
CaseName = Literal["better", "same", "worse", "much_worse", "healed"]


class RecheckOut(BaseModel):
    """When to look at the site again, and why (from the re-check rules, with their sources)."""

    at: datetime = Field(description="Look again by this time (ISO 8601, the check's zone)")
    why: str
    rule: str = Field(description="The re-check rule that set the time, e.g. RC-CELLULITIS")
    sources: list[str] = Field(description="Fact ids of the clinical brief")


class ChangeOut(BaseModel):
    what: str = Field(description="What changed: a size, a finding id, pain, trend or level")
    direction: Literal["better", "worse", "note"]
    words: str = Field(examples=["the redness grew from 2 cm to 6 cm"])


class CourseOut(BaseModel):
    """A re-check compared with the check of the same site before it."""

    case: CaseName
    since: datetime = Field(description="When the check it was compared with was made")
    since_level: Level | None
    summary: str = Field(examples=["Worse than on 10 Nov: the redness grew from 2 cm to 6 cm."])
    said: dict[str, Any] | str | None = Field(
        default=None,
        description="The summary as a message (its template and parameters), kept so that "
        "sitecare can say it again in a reader's language; other programs read `summary`",
    )
    changes: list[ChangeOut]
    raised_to: Level | None = Field(
        description="The level the course raised the check to (never lower than the engine's)"
    )
    slower: str | None = Field(description="Healing is slower than expected: what to do")
    engine_level: Level = Field(description="The triage engine's level for the findings alone")
    measured: bool = Field(
        default=False,
        description="The sizes measured on both checks' photos were compared (measured beats "
        "typed; a measurement never lowers the level)",
    )


class CheckAnswer(BaseModel):
    """The assessment (assessment.schema.json, every key of it) and, for a check stored at a
    site, ``recheck`` and (from the second check of a site on) ``course``."""

    model_config = ConfigDict(extra="allow")
    level: Level
    stored: bool
    check_id: int | None = None
    region: str | None = None
    recheck: RecheckOut | None = Field(
        default=None,
        description="Stored checks below emergency: when to look again. None for an "
        "emergency, and for a re-check that found the site healed",
    )
    course: CourseOut | None = None


class DueOut(BaseModel):
    """A site whose re-check time has come."""

    region: str
    label: str
    due_at: datetime
    overdue: bool = Field(description="True once half the wait again has passed (at least 1 h)")
    check_id: int = Field(description="The last check of the site")
    checked_at: datetime
    level: Level | None = Field(description="The level of the last check")
    why: str


class MeasuredChangeOut(BaseModel):
    """How the measured area changed since the check before (both photos measured)."""

    before_mm2: float
    after_mm2: float
    change_pct: float
    words: str


class EntryOut(BaseModel):
    check_id: int
    at: datetime
    level: Level | None
    sizes: dict[str, float] = Field(description="redness_diameter_cm, lump_..., wound_... (cm)")
    size_words: str
    case: CaseName | None = Field(description="How it compared with the check before")
    summary: str | None
    measured: bool = Field(
        default=False, description="The comparison used the sizes measured on the photos"
    )
    measured_mm2: float | None = Field(
        default=None, description="The area measured on the check's photo (mm²), if any"
    )
    measured_change: MeasuredChangeOut | None = Field(
        default=None,
        description="Set when this check and the one before both have a measured photo",
    )


class ExpectedOut(BaseModel):
    condition: str
    heals: str
    better_within_days: float
    gone_within_days: float
    sources: list[str]


class SiteCourseOut(BaseModel):
    """A site's healing course: its checks, oldest first, and what is expected."""

    region: str
    entries: list[EntryOut]
    healed: bool = Field(description="The last check found it healed (back in the rotation)")
    expected: ExpectedOut | None = Field(description="The expected course of the likely condition")
    days: float | None = Field(description="Days since the problem began")
    slower: str | None = Field(description="Set when healing is slower than expected")
    next_recheck: RecheckOut | None


@router.get(
    "/due",
    response_model=list[DueOut],
    summary="Sites whose re-check is due or overdue (at ?at=, default now), soonest first",
)
def due(sc: ServicesDep, at: When | None = None) -> list[dict[str, Any]]:
    when = None if at is None else as_aware(at)
    return [d.to_dict() for d in sc.triage.due(now=now(), at=when)]


@router.get(
    "/sites/{region}/course",
    response_model=SiteCourseOut,
    summary="A site's healing course: its checks, the expected course, slower or not",
)
def course(
    region: Annotated[Line, Path(min_length=1, max_length=100)], sc: ServicesDep
) -> dict[str, Any]:
    try:
        reg = sc.atlas.region(region)
    except InvalidInput as exc:
        raise NotFound(exc.message, hint=exc.hint) from None
    current = now()
    course = sc.measurements.measured_course(sc.triage.course(reg.id, now=current), now=current)
    return {"region": reg.id} | course
