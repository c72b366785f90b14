"""A person's injections: the log, and the summaries the rotation planner reads."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import DateTime, Integer, String, Table, bindparam, delete, func, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import Select, TextualSelect

from sitecare.domain.records import EVERY_INJECTION, HistoryQuery, Injection
from sitecare.storage.repositories import _fast as fast
from sitecare.storage.repositories._session import new_uid
from sitecare.storage.tables import InjectionRow
from sitecare.storage.times import aware_utc, from_utc, naive_utc, to_utc

#: Last use per (region, spot) by index seeks (see ``Injections.last_use_by_spot``). ``regs``
#: walks the regions used, ``spots`` the spots used in each (NULL spots are left to the second
#: half, which finds the last use without a spot of each region).
#: SQLite plans every MIN/MAX below as one seek of ix_injection_person_site_at.
_LAST_USE_BY_SPOT = """
WITH RECURSIVE
  regs(region) AS (
    SELECT (SELECT MIN(i.region) FROM injection i WHERE i.person_id = :p)
    UNION ALL
    SELECT (SELECT MIN(i.region) FROM injection i
            WHERE i.person_id = :p AND i.region > regs.region)
    FROM regs WHERE regs.region IS NOT NULL
  ),
  spots(region, spot) AS (
    SELECT regs.region, (SELECT MIN(i.spot) FROM injection i
                         WHERE i.person_id = :p AND i.region = regs.region
                           AND i.spot IS NOT NULL)
    FROM regs WHERE regs.region IS NOT NULL
    UNION ALL
    SELECT spots.region, (SELECT MIN(i.spot) FROM injection i
                          WHERE i.person_id = :p AND i.region = spots.region
                            AND i.spot > spots.spot)
    FROM spots WHERE spots.spot IS NOT NULL
  )
SELECT region, spot, last_at FROM (
  SELECT spots.region AS region, spots.spot AS spot,
         (SELECT MAX(i.at_utc) FROM injection i
          WHERE i.person_id = :p AND i.region = spots.region AND i.spot = spots.spot{window})
         AS last_at
  FROM spots WHERE spots.spot IS NOT NULL
  UNION ALL
  SELECT regs.region AS region, NULL AS spot,
         (SELECT MAX(i.at_utc) FROM injection i
          WHERE i.person_id = :p AND i.region = regs.region AND i.spot IS NULL{window})
         AS last_at
  FROM regs WHERE regs.region IS NOT NULL
) AS used WHERE last_at IS NOT NULL
"""


# Statements on the hot path (recording an injection, the rest warning), built once: they run
# on the session's connection as Core statements, without building a query or loading ORM
# objects per call (SQLAlchemy caches their compiled form).


# Statements on the hot path (recording an injection, the rest warning), built once: they run
# on the session's connection as Core statements, without building a query or loading ORM
# objects per call (SQLAlchemy caches their compiled form).
_injection = cast(Table, InjectionRow.__table__)
_RECENT_ROUTES = (
    select(_injection.c.route, _injection.c.medicine)
    .where(_injection.c.person_id == bindparam("p"))
    .order_by(_injection.c.at_utc.desc(), _injection.c.id.desc())
    .limit(bindparam("n", type_=Integer()))
)
_ADD_INJECTION = _injection.insert().returning(_injection.c.id)


@functools.cache
def _last_use_statement(after: bool, until: bool) -> TextualSelect:
    """``_LAST_USE_BY_SPOT`` with the time window asked for (built once per kind)."""
    window = (" AND i.at_utc > :after" if after else "") + (
        " AND i.at_utc <= :until" if until else ""
    )
    times = [bindparam(k, type_=DateTime()) for k, on in (("after", after), ("until", until)) if on]
    return (
        text(_LAST_USE_BY_SPOT.format(window=window))
        .bindparams(*times)
        .columns(region=String(), spot=String(), last_at=DateTime())
    )


@functools.cache
def _last_use_grouped_statement(after: bool, until: bool) -> Select[Any]:
    """``MAX(at_utc) ... GROUP BY region, spot`` with the time window asked for (built once)."""
    c = _injection.c
    q = select(c.region, c.spot, func.max(c.at_utc)).where(c.person_id == bindparam("p"))
    if after:
        q = q.where(c.at_utc > bindparam("after", type_=DateTime()))
    if until:
        q = q.where(c.at_utc <= bindparam("until", type_=DateTime()))
    return q.group_by(c.region, c.spot)


class Injections:
    """Injections of one person."""

    def __init__(self, session: Session, person_id: int | None, person_code: str = "me") -> None:
        self.s = session
        self.person_id = person_id
        self.code = person_code

    def _row_to_domain(self, row: InjectionRow) -> Injection:
        return Injection(
            id=row.id,
            uid=row.uid,
            at=from_utc(row.at_utc, row.utc_offset_min),
            region=row.region,
            spot=row.spot,
            route=row.route,
            medicine=row.medicine,
            note=row.note,
            person=self.code,
        )

    def add(
        self,
        *,
        at: datetime,
        region: str,
        route: str,
        spot: str | None,
        medicine: str | None,
        note: str | None,
        now: datetime,
        uid: str | None = None,
        id: int | None = None,
    ) -> Injection:
        assert self.person_id is not None
        at_utc, offset = to_utc(at)
        uid = uid or new_uid()
        values: dict[str, Any] = {
            "uid": uid,
            "person_id": self.person_id,
            "at_utc": at_utc,
            "utc_offset_min": offset,
            "region": region,
            "spot": spot,
            "route": route,
            "medicine": medicine,
            "note": note,
            "created_at": naive_utc(now),
        }
        if id is not None:
            values["id"] = id
        # one Core INSERT ... RETURNING id (no ORM unit of work for a row nobody changes later)
        new_id = fast.scalar(self.s, _ADD_INJECTION, values)
        return Injection(
            id=int(new_id),
            uid=uid,
            at=from_utc(at_utc, offset),
            region=region,
            spot=spot,
            route=route,
            medicine=medicine,
            note=note,
            person=self.code,
        )

    def list(self, query: HistoryQuery = EVERY_INJECTION) -> list[Injection]:
        return list(self.iter(query))

    def iter(self, query: HistoryQuery = EVERY_INJECTION) -> Iterator[Injection]:
        if self.person_id is None:
            return
        q = select(InjectionRow).where(InjectionRow.person_id == self.person_id)
        if query.region:
            q = q.where(InjectionRow.region == query.region)
        if query.since:
            q = q.where(InjectionRow.at_utc >= to_utc(query.since)[0])
        if query.until:
            q = q.where(InjectionRow.at_utc < to_utc(query.until)[0])
        order = (InjectionRow.at_utc.desc(), InjectionRow.id.desc())
        q = (
            q.order_by(*order)
            if query.newest_first
            else q.order_by(*(o.asc() for o in (InjectionRow.at_utc, InjectionRow.id)))
        )
        if query.limit:
            q = q.limit(query.limit)
        if query.offset:
            q = q.offset(query.offset)
        for row in self.s.scalars(q):
            yield self._row_to_domain(row)

    def count(self, *, since: datetime | None = None) -> int:
        if self.person_id is None:
            return 0
        q = (
            select(func.count())
            .select_from(InjectionRow)
            .where(InjectionRow.person_id == self.person_id)
        )
        if since:
            q = q.where(InjectionRow.at_utc >= to_utc(since)[0])
        return int(self.s.scalar(q) or 0)

    def recent_routes(self, *, limit: int = 50) -> Sequence[tuple[str, str | None]]:
        """(route, medicine) of the latest injections, newest first (two columns, no objects)."""
        if self.person_id is None:
            return []
        rows = fast.rows(self.s, _RECENT_ROUTES, {"p": self.person_id, "n": limit})
        return [(route, medicine) for route, medicine in rows]

    def counts_by_region(self, *, since: datetime | None = None) -> dict[str, int]:
        """How many injections each region had (since a time), in one grouped query."""
        if self.person_id is None:
            return {}
        q = (
            select(InjectionRow.region, func.count())
            .where(InjectionRow.person_id == self.person_id)
            .group_by(InjectionRow.region)
        )
        if since:
            q = q.where(InjectionRow.at_utc >= to_utc(since)[0])
        return {region: int(n) for region, n in self.s.execute(q).all()}

    def last_use_by_spot(
        self, *, until: datetime | None = None, after: datetime | None = None
    ) -> Sequence[tuple[str, str | None, datetime]]:
        """(region, spot, last use) for every spot used, spot None for uses without a spot.

        The rotation planner's summary: ``MAX(at_utc) ... GROUP BY region, spot`` over
        ``(after, until]``. On SQLite (a personal install: one person, years of history) it is
        read by seeks of ``ix_injection_person_site_at`` instead: the sites ever used are
        walked one index seek each (a loose index scan), then each one's latest time in the
        range is one more seek, so the cost grows with the number of sites used, not with the
        length of the history. (PostgreSQL would plan that query well too, but its estimate
        is high enough to start the JIT compiler, which costs more than the scan it saves.)
        Times are aware UTC.
        """
        if self.person_id is None:
            return []
        if self.s.get_bind().dialect.name != "sqlite":
            return self._last_use_grouped(until=until, after=after)
        params = self._window(until=until, after=after)
        q = _last_use_statement(after is not None, until is not None)
        return [
            (region, spot, aware_utc(at))
            for region, spot, at in fast.rows(self.s, q, params)
            if at is not None
        ]

    def _last_use_grouped(
        self, *, until: datetime | None, after: datetime | None
    ) -> Sequence[tuple[str, str | None, datetime]]:
        params = self._window(until=until, after=after)
        q = _last_use_grouped_statement(after is not None, until is not None)
        rows = fast.rows(self.s, q, params)
        return [(region, spot, aware_utc(at)) for region, spot, at in rows if at]

    def _window(self, *, until: datetime | None, after: datetime | None) -> dict[str, Any]:
        """The person and the ``(after, until]`` bounds as statement parameters."""
        params: dict[str, Any] = {"p": self.person_id}
        if after is not None:
            params["after"] = naive_utc(after)
        if until is not None:
            params["until"] = naive_utc(until)
        return params

    def get(self, injection_id: int) -> Injection | None:
        row = self.s.get(InjectionRow, injection_id)
        if row is None or row.person_id != self.person_id:
            return None
        return self._row_to_domain(row)

    def last_created(self) -> Injection | None:
        if self.person_id is None:
            return None
        row = self.s.scalars(
            select(InjectionRow)
            .where(InjectionRow.person_id == self.person_id)
            .order_by(InjectionRow.created_at.desc(), InjectionRow.id.desc())
            .limit(1)
        ).first()
        return None if row is None else self._row_to_domain(row)

    def remove(self, injection_id: int) -> None:
        self.s.execute(
            delete(InjectionRow).where(
                InjectionRow.id == injection_id, InjectionRow.person_id == self.person_id
            )
        )
