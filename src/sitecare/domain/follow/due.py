"""Which sites are due for a re-check at a given time (pure): the latest check of each site
whose re-check time has come. Overdue once half the wait again has passed (at least an hour)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sitecare.domain.messages import word
from sitecare.domain.records import Observation

MIN_GRACE = timedelta(hours=1)


@dataclass(frozen=True)
class Due:
    """A site to look at again: since when, what the last check found and why."""

    region: str
    label: str
    due_at: datetime
    overdue: bool
    check_id: int
    checked_at: datetime
    level: str | None
    why: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "label": self.label,
            "due_at": self.due_at.isoformat(),
            "overdue": self.overdue,
            "check_id": self.check_id,
            "checked_at": self.checked_at.isoformat(),
            "level": self.level,
            "why": self.why,
        }


def recheck_at(obs: Observation) -> datetime | None:
    """The re-check time stored with a check (None: none asked for, or not readable)."""
    recheck = obs.assessment.get("recheck")
    if not isinstance(recheck, dict) or not isinstance(recheck.get("at"), str):
        return None
    try:
        at = datetime.fromisoformat(recheck["at"])
    except ValueError:
        return None
    return at if at.tzinfo is not None else at.replace(tzinfo=obs.at.tzinfo)


def latest_per_site(checks: Iterable[Observation]) -> dict[str, Observation]:
    latest: dict[str, Observation] = {}
    for obs in sorted(checks, key=lambda o: (o.at, o.id)):
        if obs.region:
            latest[obs.region] = obs
    return latest


def due_rechecks(
    checks: Iterable[Observation], now: datetime, labels: Mapping[str, str] | None = None
) -> list[Due]:
    """The sites whose latest check asked to be looked at again by ``now``, soonest first."""
    out = []
    for region, obs in latest_per_site(checks).items():
        at = recheck_at(obs)
        if at is None or at > now:
            continue
        grace = max(MIN_GRACE, (at - obs.at) / 2)
        out.append(
            Due(
                region=region,
                label=(labels or {}).get(region, region),
                due_at=at,
                overdue=now >= at + grace,
                check_id=obs.id,
                checked_at=obs.at,
                level=obs.level,
                why=word(str(obs.assessment["recheck"].get("why") or "")),
            )
        )
    return sorted(out, key=lambda d: (d.due_at, d.region))
