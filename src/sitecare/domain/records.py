"""What sitecare records: injections and site observations (checks), as plain values."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

#: a personal install keeps one implicit program and one person in it
PERSONAL_PROGRAM = "personal"
PERSONAL_CODE = "me"


@dataclass(frozen=True, slots=True)
class Injection:
    """One recorded injection. ``at`` is timezone-aware (the zone the person logged it in)."""

    id: int
    uid: str
    at: datetime
    region: str
    route: str
    spot: str | None = None
    medicine: str | None = None
    note: str | None = None
    person: str = "me"

    def to_dict(self) -> dict[str, Any]:
        return _plain(self, _INJECTION_KEYS)


@dataclass(frozen=True, slots=True)
class Observation:
    """One check of a site: the case reported and the assessment made from it."""

    id: int
    uid: str
    at: datetime
    region: str | None
    spot: str | None = None
    level: str | None = None
    #: days the site should rest from ``at``; None with ``blocked`` means until a clinician says so
    rest_days: float | None = None
    blocked: bool = False
    case: dict[str, Any] = field(default_factory=dict)
    assessment: dict[str, Any] = field(default_factory=dict)
    note: str | None = None
    person: str = "me"

    def to_dict(self) -> dict[str, Any]:
        return _plain(self, _OBSERVATION_KEYS)


@dataclass(frozen=True, slots=True)
class SiteUse:
    """A site used for an injection at a time: what the warnings about that use read (the place
    checked, the route known)."""

    region: str
    spot: str | None
    route: str
    at: datetime
    medicine: str | None = None


def injection_order(inj: Injection) -> tuple[datetime, int]:
    """Injections in the order they were given (the id orders those given at one time)."""
    return (inj.at, inj.id)  # aware times compare as instants, whatever their offsets


@dataclass(frozen=True, slots=True)
class HistoryQuery:
    """Which injections a history lists: one region or all, from ``since`` up to ``until``,
    oldest first unless ``newest_first``, ``offset`` skipped and at most ``limit`` (all when
    ``limit`` is None or 0). The database's query (``storage.repositories.Injections``) and
    pocket's records in memory (``pick``) read the same value."""

    region: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int | None = None
    newest_first: bool = False
    offset: int = 0

    def pick(self, injections: Iterable[Injection]) -> list[Injection]:
        """The injections this query lists, from records held in memory."""
        items = [
            i
            for i in injections
            if (self.region is None or i.region == self.region)
            and (self.since is None or i.at >= self.since)
            and (self.until is None or i.at < self.until)
        ]
        items.sort(key=injection_order, reverse=self.newest_first)
        items = items[self.offset :]
        return items[: self.limit] if self.limit else items


#: every injection, oldest first
EVERY_INJECTION = HistoryQuery()


#: the keys of a record's plain form, in the order the export documents and the API have them
#: (an injection's spot before its route)
_INJECTION_KEYS = ("id", "uid", "at", "region", "spot", "route", "medicine", "note", "person")
#: an observation's are its fields, in their order
_OBSERVATION_KEYS = tuple(f.name for f in fields(Observation))


def _plain(record: Injection | Observation, keys: tuple[str, ...]) -> dict[str, Any]:
    """A record as a plain dict: its values under ``keys``, the time in ISO 8601."""
    out = {key: getattr(record, key) for key in keys}
    out["at"] = record.at.isoformat()
    return out


@dataclass(frozen=True)
class LogResult:
    """A stored injection and anything the person should know about that site."""

    injection: Injection
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {**self.injection.to_dict(), "warnings": list(self.warnings)}


@dataclass(frozen=True)
class CheckResult:
    """The assessment of a case, and the stored check when the case named a site."""

    assessment: dict[str, Any]
    observation: Observation | None

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.assessment)
        if self.observation is not None:
            out["check_id"] = self.observation.id
            out["stored"] = True
            out["at"] = self.observation.at.isoformat()
            out["region"] = self.observation.region
        else:
            out["stored"] = False
        return out
