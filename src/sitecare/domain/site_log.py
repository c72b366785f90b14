"""Logging an injection, the parts the services (``services.records``) and pocket
(``views.state_parts``) both do: the warning about a place for a route, the place a preview
of the warnings is for, and the log's use cases in the order of their steps
(:class:`InjectionLog`, which both subclass with the records they keep). Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sitecare.domain.atlas import Atlas
from sitecare.domain.inputs import FUTURE_WARNING, check_history_query, check_injection_fields
from sitecare.domain.records import HistoryQuery, Injection, LogResult, SiteUse
from sitecare.domain.use_warnings import tier_warning

__all__ = ["InjectionLog", "NewInjection", "preview_place", "site_warnings"]


def site_warnings(atlas: Atlas, region: str, route: str) -> list[str]:
    """A place to avoid for ``route``, or one not used for it at all (never a refusal)."""
    text = tier_warning(atlas.region(region), route)
    return [text] if text else []


def preview_place(
    atlas: Atlas, region: str, route: str | None, spot: str | None
) -> tuple[str, str | None, str]:
    """The region id, spot id and route a preview of the warnings is for: the route given when
    the region is used for it, else the region's first."""
    reg = atlas.region(region)
    used = route if route and route in reg.routes else next(iter(reg.routes))
    if spot is not None:
        spot = reg.spot(spot).id
    return reg.id, spot, used


@dataclass(frozen=True)
class NewInjection:
    """An injection to record, its medicine and note checked; the place as given (the route
    may be left out: the last one used, else the region's only one)."""

    region: str
    spot: str | None
    route: str | None
    at: datetime
    medicine: str | None
    note: str | None


class InjectionLog:
    """The injection log of one person: the use cases ``services.records.Records`` and pocket's
    records in memory both have, with their checks and steps in one place. A subclass keeps the
    records: ``_record`` (place, warn and store a new injection, as one unit), ``_history`` and
    ``_warnings``."""

    atlas: Atlas

    def site_warnings(self, region: str, route: str) -> list[str]:
        """A place to avoid for ``route``, or one not used for it at all (never a refusal)."""
        return site_warnings(self.atlas, region, route)

    def log_injection(
        self,
        *,
        region: str,
        at: datetime,
        now: datetime,
        spot: str | None = None,
        route: str | None = None,
        medicine: str | None = None,
        note: str | None = None,
    ) -> LogResult:
        """Record an injection. Risky sites are warned about, never refused."""
        medicine, note = check_injection_fields(at, now=now, medicine=medicine, note=note)
        injection, warnings = self._record(
            NewInjection(region, spot, route, at, medicine, note), now=now
        )
        if at > now:
            warnings.append(FUTURE_WARNING)
        return LogResult(injection, warnings)

    def history(
        self,
        *,
        region: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
        newest_first: bool = False,
        offset: int = 0,
        now: datetime,
    ) -> list[Injection]:
        """Recorded injections, oldest first unless ``newest_first`` (``offset``: skip some)."""
        region = check_history_query(
            self.atlas, region=region, since=since, limit=limit, offset=offset, now=now
        )
        query = HistoryQuery(region, since, until, limit, newest_first, offset)
        return self._history(query, now=now)

    def preview_warnings(
        self,
        *,
        region: str,
        route: str | None,
        at: datetime,
        spot: str | None = None,
        medicine: str | None = None,
    ) -> list[str]:
        """What logging at this site now would warn about (shown before saving)."""
        region, spot, used = preview_place(self.atlas, region, route, spot)
        return self._warnings(SiteUse(region, spot, used, at, medicine))

    # -- the records: the subclass's -----------------------------------------------------------

    def _record(self, new: NewInjection, *, now: datetime) -> tuple[Injection, list[str]]:
        """Store ``new`` at its place (``validate_site`` with the last route), with the
        warnings about that use of the site, measured before it is stored."""
        raise NotImplementedError

    def _history(self, query: HistoryQuery, *, now: datetime) -> list[Injection]:
        raise NotImplementedError

    def _warnings(self, use: SiteUse) -> list[str]:
        """What ``use`` of a site would warn about."""
        raise NotImplementedError
