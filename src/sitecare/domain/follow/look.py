"""One check as the follow-up sees it: its time, level, findings and sizes (pure).

A :class:`Look` is built from a case and its assessment (a check being stored) or from a stored
:class:`~sitecare.domain.records.Observation`, so the comparison never reads storage.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sitecare.domain.messages import N_, Msg, number
from sitecare.domain.records import Observation
from sitecare.domain.wording import when_words

#: measured sizes a re-check compares, and what each one is called
SIZES: Mapping[str, str] = {
    "redness_diameter_cm": N_("the redness"),
    "lump_diameter_cm": N_("the lump"),
    "wound_diameter_cm": N_("the wound"),
}
#: a measured size in a list of them (``Look.size_words``)
SIZE_WORDS: Mapping[str, str] = {
    "redness_diameter_cm": N_("redness %(cm)s cm"),
    "lump_diameter_cm": N_("lump %(cm)s cm"),
    "wound_diameter_cm": N_("wound %(cm)s cm"),
}
#: marks that are nothing to follow: a site with only these (and an ordinary level) has healed
BENIGN = frozenset({"puncture_mark", "scar", "dark_vein_line", "round_dark_scars"})
#: a temperature from this up counts as a fever when vital signs were given (facts F1.8)
FEVER_C = 38.0


def _floats(case: Mapping[str, Any]) -> dict[str, float]:
    out: dict[str, float] = {}
    for key in SIZES:
        value = case.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            out[key] = float(value)
    return out


def _findings(case: Mapping[str, Any]) -> frozenset[str]:
    found = {str(f) for f in case.get("findings", []) or [] if isinstance(f, str)}
    vitals = case.get("vitals")
    if isinstance(vitals, Mapping):
        temp = vitals.get("temperature_c")
        if isinstance(temp, int | float) and not isinstance(temp, bool) and temp >= FEVER_C:
            found.add("fever")
    return frozenset(found)


def _positive(value: Any) -> float | None:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and value > 0
    return float(value) if ok else None


@dataclass(frozen=True)
class Look:
    """What one check found at a site, as the comparison needs it."""

    at: datetime
    level: str
    findings: frozenset[str] = frozenset()
    sizes: Mapping[str, float] = field(default_factory=dict)
    trend: str | None = None
    conditions: tuple[str, ...] = ()
    days_present: float | None = None
    #: the triage engine's level for the findings alone (``level`` may be raised by the course)
    engine_level: str | None = None
    #: the mark's area and longest size measured on the check's photo (mm), if it has one
    area_mm2: float | None = None
    longest_mm: float | None = None

    @classmethod
    def of(cls, case: Mapping[str, Any], assessment: Mapping[str, Any], at: datetime) -> Look:
        """The look of a case and the assessment the engine made of it."""
        trend = case.get("redness_trend")
        days = case.get("days_present")
        conditions = tuple(
            str(c["id"])
            for c in assessment.get("conditions", []) or []
            if isinstance(c, Mapping) and c.get("id")
        )
        return cls(
            at=at,
            level=str(assessment.get("level") or "routine"),
            findings=_findings(case),
            sizes=_floats(case),
            trend=trend if isinstance(trend, str) else None,
            conditions=conditions,
            days_present=float(days) if isinstance(days, int | float) else None,
        )

    @classmethod
    def of_check(cls, obs: Observation) -> Look:
        """The look of a stored check."""
        look = cls.of(obs.case, obs.assessment, obs.at)
        course = obs.assessment.get("course")
        engine = course.get("engine_level") if isinstance(course, Mapping) else None
        return replace(
            look, level=obs.level or look.level, engine_level=engine or obs.level or look.level
        )

    def measured(self, measurement: Mapping[str, Any] | None) -> Look:
        """This look with the size measured on its photo (``area_mm2``, ``longest_mm``), or
        without one (None, or a measurement with no area)."""
        m = measurement or {}
        area = _positive(m.get("area_mm2"))
        longest = _positive(m.get("longest_mm")) if area is not None else None
        return replace(self, area_mm2=area, longest_mm=longest)

    @property
    def clear(self) -> bool:
        """Nothing left to follow: only ordinary marks (or none), an ordinary level, no sizes."""
        return (
            self.findings <= BENIGN
            and self.level == "routine"
            and not any(v > 0 for v in self.sizes.values())
        )

    def size_words(self) -> str:
        """``redness 6 cm, lump 2.5 cm`` (``2,5`` in Spanish; empty when nothing was measured)."""
        said: str = ""
        for k, v in self.sizes.items():
            one = Msg(SIZE_WORDS[k], cm=number(v))
            said = Msg("%(first)s, %(next)s", first=said, next=one) if said else one
        return said


def since_words(before: datetime, now: datetime) -> str:
    """When the earlier check was: ``at 08:30 today``, ``yesterday``, ``on 10 Nov``."""
    local = before.astimezone(now.tzinfo) if now.tzinfo else before
    if local.date() == now.date():
        return Msg("at %(time)s today", time=local.strftime("%H:%M"))
    return when_words(before, now)
