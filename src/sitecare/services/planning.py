"""Use cases for the rotation planner: suggest the next site, site status, settings, simulate.

The planner itself is pure (``domain.rotation`` and ``domain.suggestion``); this module builds
its usage summary with SQL aggregates, reads the person's settings and owns the transactions.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from sitecare.config import Settings
from sitecare.domain.atlas import Atlas, check_route, load_atlas
from sitecare.domain.errors import InvalidInput
from sitecare.domain.messages import Msg
from sitecare.domain.planning import RECENT, policy_for, status_inputs, use_warnings_from
from sitecare.domain.records import SiteUse
from sitecare.domain.rotation import Policy, Usage, default_policy
from sitecare.domain.rotation_settings import (
    PlannerSettings,
    describe_settings,
    expand_regions,
    parse_setting,
)
from sitecare.domain.simulation import Simulation
from sitecare.domain.simulation import simulate as run_simulation
from sitecare.domain.site_status import RegionStatus, region_status
from sitecare.domain.suggestion import Suggestion
from sitecare.domain.usage import HORIZON, PlanningInputs
from sitecare.services.planning_core import describe_check, suggest_from, usage_from
from sitecare.services.who import Who
from sitecare.storage.engine import Database
from sitecare.storage.repositories import People, PlannerInputs
from sitecare.storage.repositories import Settings as SettingsRepo

__all__ = [
    "Planning",
    "describe_check",
    "open_planning",
    "simulate",
    "use_warnings",
    "usage_of",
]


def read_inputs(
    session: Session, person_id: int | None, *, until: datetime, recent: bool | int = True
) -> PlanningInputs:
    """The planner's inputs from SQL: settings, recent routes (when needed), last uses, checks.

    ``recent``: True for the latest ``RECENT`` (route, medicine) pairs, False for none, or how
    many. One statement on PostgreSQL (``repositories.planner_inputs``)."""
    count = RECENT if recent is True else int(recent)
    return PlannerInputs(session, person_id).read(until=until, after=until - HORIZON, recent=count)


def usage_of(session: Session, person_id: int | None, *, until: datetime) -> Usage:
    """The planner's summary from SQL: last use per (region, spot), plus checks up to ``until``."""
    return usage_from(read_inputs(session, person_id, until=until), until=until)


def use_warnings(session: Session, person_id: int | None, atlas: Atlas, use: SiteUse) -> list[str]:
    """Warnings for ``use`` of a site when it is worse than the suggestion, or blocked.

    Never a refusal. Following the suggestion never warns (``domain.use_warnings``). Call before
    the new injection is stored (it must not count as its own last use).
    """
    inputs = read_inputs(session, person_id, until=use.at, recent=False)  # one read of each
    return use_warnings_from(atlas, inputs, use)


def simulate(
    atlas: Atlas | None = None,
    *,
    route: str,
    per_day: int,
    days: int,
    start: datetime,
    regions: str | None = None,
    rest_days: float | None = None,
) -> Simulation:
    """Run the real planner on an empty in-memory history (no database is touched)."""
    atlas = atlas or load_atlas()
    route = check_route(route.strip().lower())
    allowed = None
    if regions is not None:
        allowed = expand_regions(atlas, regions, route=route, field="regions")
        if not allowed:
            raise InvalidInput(Msg("--regions lists no region."), field="regions")
    if rest_days is not None and not 0 < rest_days <= 365:
        raise InvalidInput(Msg("--rest must be more than 0 and at most 365 days."), field="rest")
    policy = default_policy(
        route, rest_days=rest_days, allowed=allowed, allowed_by=Msg("the --regions you gave")
    )
    return run_simulation(atlas, policy, start=start, per_day=per_day, days=days)


@contextmanager
def open_planning(settings: Settings, who: Who | None = None) -> Iterator[Planning]:
    """Only the planner, on its own database connection (closed at the end).

    The lean path for ``sitecare next`` and ``sitecare settings``: it does not import the other
    services, which keeps the command quick. Opens the database as ``Sitecare`` does.
    """
    from sitecare.services.database import open_database

    db = open_database(settings)
    try:
        yield Planning(db, who)
    finally:
        db.dispose()


class Planning:
    """The rotation planner for one person."""

    def __init__(self, db: Database, who: Who | None = None, atlas: Atlas | None = None) -> None:
        self.db = db
        self.who = who or Who()
        self.atlas = atlas or load_atlas()
        self._person_id: int | None = None

    def _person(self, session: Session, now: datetime, *, create: bool = False) -> int | None:
        # A person's id never changes: remember it once found (saves a query per suggestion).
        if self._person_id is None:
            people = People(session)
            if create:
                self._person_id = people.person_id(
                    self.who.program, self.who.person, now=now, create=True
                )
            else:
                self._person_id = people.find_person_id(self.who.program, self.who.person)
        return self._person_id

    # -- suggestion -----------------------------------------------------------------------

    def usage(self, *, now: datetime) -> Usage:
        """The usage summary at ``now`` (SQL aggregates; later injections are not counted)."""
        return usage_from(self._inputs(now, recent=False), until=now)

    def suggest(
        self, *, now: datetime, route: str | None = None, medicine: str | None = None
    ) -> Suggestion:
        """Suggest the next region and spot at ``now`` (the time the injection is planned)."""
        if now.tzinfo is None:
            raise InvalidInput(Msg("The time needs a zone."), field="at")
        # the recent routes only matter when no route is given
        inputs = self._inputs(now, recent=route is None)
        return suggest_from(self.atlas, inputs, now=now, route=route, medicine=medicine)

    def _inputs(self, now: datetime, *, recent: bool = True) -> PlanningInputs:
        """Everything the planner reads, in one go, through the repositories.

        (Only the console script's quick ``sitecare next`` reads a SQLite file with the
        standard library, ``storage.sqlite_read``, to start fast.)"""
        with self.db.reading() as s:
            return read_inputs(s, self._person(s, now), until=now, recent=recent)

    def _status_inputs(self, now: datetime) -> tuple[PlannerSettings, Usage, list[str]]:
        return status_inputs(self._inputs(now, recent=True), now=now)

    # -- site status ----------------------------------------------------------------------

    def _policy_for(
        self,
        settings: PlannerSettings,
        region_id: str,
        route: str | None,
        usual: list[str] | None = None,
    ) -> Policy:
        return policy_for(self.atlas, settings, region_id, route, usual)

    def site_status(self, *, now: datetime, route: str | None = None) -> list[RegionStatus]:
        """Every region (of ``route`` when given): ready / resting (until, why) / blocked."""
        if route:
            route = check_route(route.strip().lower())
        settings, usage, usual = self._status_inputs(now)
        regions = self.atlas.for_route(route) if route else self.atlas.regions
        return [
            region_status(r, usage, self._policy_for(settings, r.id, route, usual), now)
            for r in regions
        ]

    def region_status(
        self, region: str, *, now: datetime, route: str | None = None
    ) -> RegionStatus:
        """One region's status (``GET /api/v1/sites/{region}/status``)."""
        reg = self.atlas.region(region)
        settings, usage, usual = self._status_inputs(now)
        return region_status(reg, usage, self._policy_for(settings, reg.id, route, usual), now)

    def routes_used(self, *, now: datetime) -> list[str]:
        """The routes this person logged lately, most recent first, then the usual one."""
        return self._status_inputs(now)[2]

    # -- settings -------------------------------------------------------------------------

    def settings(self, *, now: datetime) -> PlannerSettings:
        """The person's rotation settings (defaults where nothing is set)."""
        with self.db.reading() as s:
            return PlannerSettings.from_stored(SettingsRepo(s, self._person(s, now)).all())

    def settings_rows(self, *, now: datetime) -> list[tuple[str, str]]:
        return describe_settings(self.settings(now=now))

    def set_setting(self, key: str, value: str, *, now: datetime) -> PlannerSettings:
        """Validate and store one setting (``all`` or an empty value removes it)."""
        stored_key, stored = parse_setting(self.atlas, key, value)
        with self.db.transaction() as s:
            repo = SettingsRepo(s, self._person(s, now, create=True))
            if stored is None:
                repo.remove(stored_key)
            else:
                repo.put(stored_key, stored)
        self.db.forget_deleted()  # the old value leaves the write-ahead log too
        return self.settings(now=now)

    def apply_settings(self, pairs: list[tuple[str, Any]], *, now: datetime) -> PlannerSettings:
        """Store several already-checked settings at once (value None removes one): all or
        nothing, in one transaction (``rotation_forms.route_form`` and friends build them)."""
        with self.db.transaction() as s:
            repo = SettingsRepo(s, self._person(s, now, create=True))
            for key, value in pairs:
                if value is None:
                    repo.remove(key)
                else:
                    repo.put(key, value)
        return self.settings(now=now)

    def unset_setting(self, key: str, *, now: datetime) -> PlannerSettings:
        """Remove one setting, so the default applies again."""
        return self.set_setting(key, "", now=now)
