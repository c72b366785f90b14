"""The records an import accepts (pydantic models of the export document's fields).

``services.transfer`` checks a file with these, then applies the domain's record rules.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from sitecare.domain.atlas import ROUTES
from sitecare.domain.inputs import MAX_ID, MAX_MEDICINE, MAX_NOTE, plain_text_validator
from sitecare.domain.messages import N_, Msg
from sitecare.services.photos import MAX_PHOTO_BYTES

__all__ = ["ExportIn", "InjectionIn", "MeasurementIn", "ObservationIn", "PhotoIn"]


# -- the records an import accepts -------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


_line = plain_text_validator(N_("contains a control character (%(bad)s)"))
_text = plain_text_validator(N_("contains a control character (%(bad)s)"), multiline=True)


Line = Annotated[str, AfterValidator(_line)]
Text = Annotated[str, AfterValidator(_text)]


class InjectionIn(_Strict):
    id: int = Field(gt=0, le=MAX_ID)
    uid: Line = Field(min_length=1, max_length=36)
    at: AwareDatetime
    region: Line = Field(max_length=100)
    spot: Line | None = Field(default=None, max_length=16)
    route: str
    medicine: Line | None = Field(default=None, max_length=MAX_MEDICINE)
    note: Text | None = Field(default=None, max_length=MAX_NOTE)
    person: Line | None = Field(default=None, max_length=100)

    @field_validator("route")
    @classmethod
    def _route(cls, v: str) -> str:
        if v not in ROUTES:
            raise ValueError(Msg("unknown route %(route)s", route=repr(v)))
        return v


class ObservationIn(_Strict):
    id: int = Field(gt=0, le=MAX_ID)
    uid: Line = Field(min_length=1, max_length=36)
    at: AwareDatetime
    region: Line | None = Field(default=None, max_length=100)
    spot: Line | None = Field(default=None, max_length=16)
    level: Literal["emergency", "urgent", "soon", "self_care", "routine"] | None = None
    rest_days: float | None = Field(default=None, ge=0, le=3650)
    blocked: bool = False
    case: dict[str, Any] = Field(default_factory=dict)
    assessment: dict[str, Any] = Field(default_factory=dict)
    note: Text | None = Field(default=None, max_length=MAX_NOTE)
    person: Line | None = Field(default=None, max_length=100)


class MeasurementIn(_Strict):
    """A photo's measurement (``storage.photo_measurements`` names the keys)."""

    source: Literal["auto", "outline", "by_hand"]
    area_mm2: float | None = Field(default=None, ge=0, le=1e6)
    longest_mm: float | None = Field(default=None, ge=0, le=1000)
    across_mm: float | None = Field(default=None, ge=0, le=1000)
    outline: list[tuple[float, float]] = Field(default_factory=list, max_length=5000)
    confidence: float = Field(default=0.0, ge=0, le=1)
    warnings: list[Line] = Field(default_factory=list, max_length=20)
    measured_at: AwareDatetime


class PhotoIn(_Strict):
    id: int = Field(gt=0, le=MAX_ID)
    uid: Line = Field(min_length=1, max_length=36)
    check_uid: Line = Field(min_length=1, max_length=36)
    added_at: AwareDatetime
    media_type: Literal["image/jpeg"] = "image/jpeg"
    mm_per_px: float | None = Field(default=None, gt=0, le=10)
    measurement: MeasurementIn | None = None
    #: the image, base64 (a zip export keeps it in a file of its own, put back here on reading)
    data: str = Field(min_length=1, max_length=(MAX_PHOTO_BYTES * 4) // 3 + 4)


class ExportIn(_Strict):
    format: Literal["sitecare-export"]
    version: Literal[1]
    exported_at: AwareDatetime | None = None
    person: dict[str, Any] | None = None
    injections: list[InjectionIn] = Field(default_factory=list)
    observations: list[ObservationIn] = Field(default_factory=list)
    settings: dict[str, Any] = Field(default_factory=dict)
    photos: list[PhotoIn] = Field(default_factory=list)
