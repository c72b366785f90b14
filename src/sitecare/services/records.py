"""Use cases for the injection log: log, list, delete, undo.

The CLI, the web pages and the JSON API all call these; none of them talks to storage itself.
"""

from __future__ import annotations

from datetime import datetime

from sitecare.domain.atlas import Atlas, load_atlas
from sitecare.domain.errors import NotFound
from sitecare.domain.inputs import MAX_MEDICINE as MAX_MEDICINE  # the limits live in the domain
from sitecare.domain.inputs import MAX_NOTE as MAX_NOTE
from sitecare.domain.inputs import check_id, validate_site
from sitecare.domain.inputs import clean_text as clean_text
from sitecare.domain.messages import Msg
from sitecare.domain.records import HistoryQuery, Injection, SiteUse
from sitecare.domain.records import LogResult as LogResult  # re-exported
from sitecare.domain.site_log import InjectionLog, NewInjection
from sitecare.services.read_ahead import ReadAhead
from sitecare.services.who import Who as Who
from sitecare.storage.engine import Database
from sitecare.storage.repositories import Injections, People


class Records(InjectionLog):
    """The injection log of one person."""

    def __init__(
        self,
        db: Database,
        who: Who | None = None,
        atlas: Atlas | None = None,
        *,
        read_ahead: ReadAhead | None = None,
    ) -> None:
        self.db = db
        self.who = who or Who()
        self.atlas = atlas or load_atlas()
        #: the planner's inputs when the client lookup read them already (``read_ahead``)
        self.read_ahead = read_ahead

    # -- helpers ----------------------------------------------------------------------------

    def _person_id(self, people: People, now: datetime, *, create: bool) -> int | None:
        if self.who.person_id is not None:
            return self.who.person_id
        return people.person_id(self.who.program, self.who.person, now=now, create=create)

    def validate_site(
        self, region: str, spot: str | None, route: str | None, *, last_route: str | None = None
    ) -> tuple[str, str | None, str]:
        """Check a region, spot and route; fill the route when it was left out."""
        return validate_site(self.atlas, region, spot, route, last_route=last_route)

    # -- the records (``InjectionLog`` has the use cases' checks and steps) ------------------

    def _record(self, new: NewInjection, *, now: datetime) -> tuple[Injection, list[str]]:
        from sitecare.domain.planning import use_warnings_from
        from sitecare.services.planning import read_inputs

        with self.db.transaction() as s:
            people = People(s)
            pid = self._person_id(people, now, create=True)
            repo = Injections(s, pid, self.who.person)
            # One read serves both (one statement on PostgreSQL): the planner's inputs for the
            # warnings, read before the injection counts as a use, and the last route, which
            # is only the default (not read when the route is given).
            recent = 1 if new.route is None else 0
            ahead = self.read_ahead
            inputs = None
            if ahead is not None:
                inputs = ahead.take(
                    pid, until=new.at, recent=recent, transaction=s.get_transaction()
                )
            if inputs is None:
                inputs = read_inputs(s, pid, until=new.at, recent=recent)
            last = inputs.recent[0][0] if inputs.recent else None
            region, spot, route = self.validate_site(
                new.region, new.spot, new.route, last_route=last
            )
            # Resting or blocked sites are warned about (never refused).
            use = SiteUse(region, spot, route, new.at, new.medicine)
            warnings = use_warnings_from(self.atlas, inputs, use)
            injection = repo.add(
                at=new.at,
                region=region,
                route=route,
                spot=spot,
                medicine=new.medicine,
                note=new.note,
                now=now,
            )
        return injection, warnings

    def _history(self, query: HistoryQuery, *, now: datetime) -> list[Injection]:
        with self.db.reading() as s:
            pid = self._person_id(People(s), now, create=False)
            return Injections(s, pid, self.who.person).list(query)

    def _warnings(self, use: SiteUse) -> list[str]:
        from sitecare.services.planning import use_warnings

        with self.db.reading() as s:
            pid = self._person_id(People(s), use.at, create=False)
            return use_warnings(s, pid, self.atlas, use)

    # -- more use cases -----------------------------------------------------------------------

    def count(self, *, since: datetime | None = None, now: datetime) -> int:
        """How many injections are recorded (since a time)."""
        with self.db.reading() as s:
            pid = self._person_id(People(s), now, create=False)
            return Injections(s, pid, self.who.person).count(since=since)

    def region_counts(self, *, since: datetime | None = None, now: datetime) -> dict[str, int]:
        """Injections per region since a time (for the history heat map)."""
        with self.db.reading() as s:
            pid = self._person_id(People(s), now, create=False)
            return Injections(s, pid, self.who.person).counts_by_region(since=since)

    def get_injection(self, injection_id: int, *, now: datetime) -> Injection:
        check_id(injection_id, field="injection_id")
        with self.db.reading() as s:
            pid = self._person_id(People(s), now, create=False)
            found = Injections(s, pid, self.who.person).get(injection_id)
        if found is None:
            raise NotFound(
                Msg("There is no injection with id %(injection_id)s.", injection_id=injection_id)
            )
        return found

    def delete_injection(self, injection_id: int, *, now: datetime) -> Injection:
        """Delete one injection for good (privacy first: nothing is kept)."""
        check_id(injection_id, field="injection_id")
        with self.db.transaction() as s:
            pid = self._person_id(People(s), now, create=False)
            repo = Injections(s, pid, self.who.person)
            found = repo.get(injection_id)
            if found is None:
                raise NotFound(
                    Msg(
                        "There is no injection with id %(injection_id)s.", injection_id=injection_id
                    ),
                    command_hint=Msg("Run 'sitecare history' to see the ids."),
                )
            repo.remove(injection_id)
        self.db.forget_deleted()
        return found

    def undo_last(self, *, now: datetime) -> Injection:
        """Delete the injection that was logged last (by when it was entered, not its time)."""
        with self.db.transaction() as s:
            pid = self._person_id(People(s), now, create=False)
            repo = Injections(s, pid, self.who.person)
            last = repo.last_created()
            if last is None:
                raise NotFound(Msg("There is nothing to undo: no injection has been logged."))
            repo.remove(last.id)
        self.db.forget_deleted()
        return last
