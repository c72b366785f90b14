"""Repositories: map rows to domain values and back. They never commit (services do)."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Literal, cast

from sqlalchemy import (
    DateTime,
    Integer,
    String,
    Table,
    bindparam,
    delete,
    func,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import Select, TextualSelect

from sitecare.domain.records import Injection, Observation
from sitecare.storage.tables import InjectionRow, ObservationRow, Person, Program, SettingRow

RecordKind = Literal["injection", "observation"]
_TABLES: dict[str, type[InjectionRow] | type[ObservationRow]] = {
    "injection": InjectionRow,
    "observation": ObservationRow,
}


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
_person = cast(Table, Person.__table__)
_program = cast(Table, Program.__table__)
_injection = cast(Table, InjectionRow.__table__)
_observation = cast(Table, ObservationRow.__table__)
_setting = cast(Table, SettingRow.__table__)
_FIND_PERSON = (
    select(_person.c.id)
    .join(_program, _program.c.id == _person.c.program_id)
    .where(_program.c.name == bindparam("program"), _person.c.code == bindparam("code"))
)
_RECENT_ROUTES = (
    select(_injection.c.route, _injection.c.medicine)
    .where(_injection.c.person_id == bindparam("p"))
    .order_by(_injection.c.at_utc.desc(), _injection.c.id.desc())
    .limit(bindparam("n", type_=Integer()))
)
_SETTINGS = select(_setting.c.key, _setting.c.value).where(_setting.c.person_id == bindparam("p"))
_OBSERVATIONS = (
    select(*(c for c in _observation.c if c.name not in ("person_id", "created_at")))
    .where(_observation.c.person_id == bindparam("p"))
    .order_by(_observation.c.at_utc, _observation.c.id)
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


def core_connection(session: Session) -> Connection:
    """The session's connection, for a Core statement, after the flush the ORM would do first
    (pending rows are written before a query reads, exactly as with ``session.execute``)."""
    if session.autoflush and (session.new or session.dirty or session.deleted):
        session.flush()
    return session.connection()


def new_uid() -> str:
    return str(uuid.uuid4())


def to_utc(at: datetime) -> tuple[datetime, int]:
    """Split an aware datetime into naive UTC and the offset in minutes."""
    if at.tzinfo is None:
        raise ValueError("times must carry a zone")
    offset = at.utcoffset() or timedelta(0)
    return at.astimezone(UTC).replace(tzinfo=None), int(offset.total_seconds() // 60)


def from_utc(at_utc: datetime, offset_min: int) -> datetime:
    tz = timezone(timedelta(minutes=offset_min))
    return at_utc.replace(tzinfo=UTC).astimezone(tz)


def _aware_utc(at: datetime | str) -> datetime:
    """A naive UTC value from an aggregate (SQLite may hand back text) as an aware datetime."""
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _utcnow_naive(now: datetime) -> datetime:
    return now.astimezone(UTC).replace(tzinfo=None)


class People:
    """Programs and persons."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def _insert_once(self, table: type[Program] | type[Person], **values: Any) -> None:
        """Insert a row unless its unique key is already there (race-free: several first
        writes at once all succeed, and exactly one row is made)."""
        dialect = self.s.get_bind().dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        self.s.execute(insert(table).values(**values).on_conflict_do_nothing())

    def program_id(self, name: str, *, now: datetime, create: bool) -> int | None:
        pid = self.s.scalar(select(Program.id).where(Program.name == name))
        if pid is None and create:
            self._insert_once(Program, uid=new_uid(), name=name, created_at=_utcnow_naive(now))
            pid = self.s.scalar(select(Program.id).where(Program.name == name))
        return pid

    def person_id(self, program: str, code: str, *, now: datetime, create: bool) -> int | None:
        """The id of a person in a program; created on first write when ``create``."""
        if not create:
            return self.find_person_id(program, code)
        found = self.find_person_id(program, code)
        if found is not None:
            return found
        prog = self.program_id(program, now=now, create=True)
        where = (Person.program_id == prog, Person.code == code)
        self._insert_once(
            Person, uid=new_uid(), program_id=prog, code=code, created_at=_utcnow_naive(now)
        )
        return self.s.scalar(select(Person.id).where(*where))

    def find_person_id(self, program: str, code: str) -> int | None:
        """The id of an existing person (one joined query; None when there is none yet)."""
        return core_connection(self.s).scalar(_FIND_PERSON, {"program": program, "code": code})

    def erase_person(self, person_id: int) -> dict[str, int]:
        """Delete a person and, by the database's cascades, everything recorded about them."""
        counts = {
            name: int(
                self.s.scalar(
                    select(func.count()).select_from(table).where(table.person_id == person_id)
                )
                or 0
            )
            for name, table in (
                ("injections", InjectionRow),
                ("checks", ObservationRow),
                ("settings", SettingRow),
            )
        }
        self.s.execute(delete(Person).where(Person.id == person_id))
        return counts


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
            "created_at": _utcnow_naive(now),
        }
        if id is not None:
            values["id"] = id
        # one Core INSERT ... RETURNING id (no ORM unit of work for a row nobody changes later)
        new_id = core_connection(self.s).scalar(_ADD_INJECTION, values)
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

    def list(
        self,
        *,
        region: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
        newest_first: bool = False,
        offset: int = 0,
    ) -> list[Injection]:
        return list(
            self.iter(
                region=region,
                since=since,
                until=until,
                limit=limit,
                newest_first=newest_first,
                offset=offset,
            )
        )

    def iter(
        self,
        *,
        region: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
        newest_first: bool = False,
        offset: int = 0,
    ) -> Iterator[Injection]:
        if self.person_id is None:
            return
        q = select(InjectionRow).where(InjectionRow.person_id == self.person_id)
        if region:
            q = q.where(InjectionRow.region == region)
        if since:
            q = q.where(InjectionRow.at_utc >= to_utc(since)[0])
        if until:
            q = q.where(InjectionRow.at_utc < to_utc(until)[0])
        order = (InjectionRow.at_utc.desc(), InjectionRow.id.desc())
        q = (
            q.order_by(*order)
            if newest_first
            else q.order_by(*(o.asc() for o in (InjectionRow.at_utc, InjectionRow.id)))
        )
        if limit:
            q = q.limit(limit)
        if offset:
            q = q.offset(offset)
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
        rows = core_connection(self.s).execute(_RECENT_ROUTES, {"p": self.person_id, "n": limit})
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
        params: dict[str, Any] = {"p": self.person_id}
        if after is not None:
            params["after"] = to_utc(after)[0]
        if until is not None:
            params["until"] = to_utc(until)[0]
        q = _last_use_statement(after is not None, until is not None)
        return [
            (region, spot, _aware_utc(at))
            for region, spot, at in core_connection(self.s).execute(q, params)
            if at is not None
        ]

    def _last_use_grouped(
        self, *, until: datetime | None, after: datetime | None
    ) -> Sequence[tuple[str, str | None, datetime]]:
        params: dict[str, Any] = {"p": self.person_id}
        if after is not None:
            params["after"] = to_utc(after)[0]
        if until is not None:
            params["until"] = to_utc(until)[0]
        q = _last_use_grouped_statement(after is not None, until is not None)
        rows = core_connection(self.s).execute(q, params)
        return [(region, spot, _aware_utc(at)) for region, spot, at in rows if at]

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


class Observations:
    """Site checks of one person."""

    def __init__(self, session: Session, person_id: int | None, person_code: str = "me") -> None:
        self.s = session
        self.person_id = person_id
        self.code = person_code

    def _row_to_domain(self, row: ObservationRow | Any) -> Observation:
        return Observation(
            id=row.id,
            uid=row.uid,
            at=from_utc(row.at_utc, row.utc_offset_min),
            region=row.region,
            spot=row.spot,
            level=row.level,
            rest_days=row.rest_days,
            blocked=bool(row.blocked),
            case=dict(row.case or {}),
            assessment=dict(row.assessment or {}),
            note=row.note,
            person=self.code,
        )

    def add(
        self,
        *,
        at: datetime,
        region: str | None,
        spot: str | None,
        level: str | None,
        rest_days: float | None,
        blocked: bool,
        case: dict[str, Any],
        assessment: dict[str, Any],
        note: str | None,
        now: datetime,
        uid: str | None = None,
        id: int | None = None,
    ) -> Observation:
        assert self.person_id is not None
        at_utc, offset = to_utc(at)
        row = ObservationRow(
            id=id,
            uid=uid or new_uid(),
            person_id=self.person_id,
            at_utc=at_utc,
            utc_offset_min=offset,
            region=region,
            spot=spot,
            level=level,
            rest_days=rest_days,
            blocked=blocked,
            case=case,
            assessment=assessment,
            note=note,
            created_at=_utcnow_naive(now),
        )
        self.s.add(row)
        self.s.flush()
        return self._row_to_domain(row)

    def list(
        self, *, region: str | None = None, since: datetime | None = None
    ) -> list[Observation]:
        if self.person_id is None:
            return []
        if region is None and since is None:  # every check (the planner reads them all)
            rows = core_connection(self.s).execute(_OBSERVATIONS, {"p": self.person_id})
            return [self._row_to_domain(r) for r in rows]
        q = select(ObservationRow).where(ObservationRow.person_id == self.person_id)
        if region:
            q = q.where(ObservationRow.region == region)
        if since:
            q = q.where(ObservationRow.at_utc >= to_utc(since)[0])
        q = q.order_by(ObservationRow.at_utc, ObservationRow.id)
        return [self._row_to_domain(r) for r in self.s.scalars(q)]

    def get(self, observation_id: int) -> Observation | None:
        row = self.s.get(ObservationRow, observation_id)
        if row is None or row.person_id != self.person_id:
            return None
        return self._row_to_domain(row)

    def remove(self, observation_id: int) -> None:
        self.s.execute(
            delete(ObservationRow).where(
                ObservationRow.id == observation_id, ObservationRow.person_id == self.person_id
            )
        )


class Settings:
    """A person's own settings, as JSON values under string keys."""

    def __init__(self, session: Session, person_id: int | None) -> None:
        self.s = session
        self.person_id = person_id

    def all(self) -> dict[str, Any]:
        if self.person_id is None:
            return {}
        rows = core_connection(self.s).execute(_SETTINGS, {"p": self.person_id})
        return {key: value for key, value in rows}

    def put(self, key: str, value: Any) -> None:
        assert self.person_id is not None
        row = self.s.get(SettingRow, (self.person_id, key))
        if row is None:
            self.s.add(SettingRow(person_id=self.person_id, key=key, value=value))
        else:
            row.value = value

    def remove(self, key: str) -> None:
        self.s.execute(
            delete(SettingRow).where(SettingRow.person_id == self.person_id, SettingRow.key == key)
        )


def existing_uids(session: Session, kind: RecordKind, uids: Iterable[str]) -> set[str]:
    """Which of ``uids`` are already stored (checked in chunks to keep queries small)."""
    table = _TABLES[kind]
    found: set[str] = set()
    chunk: list[str] = []
    for uid in uids:
        chunk.append(uid)
        if len(chunk) == 500:
            found.update(session.scalars(select(table.uid).where(table.uid.in_(chunk))))
            chunk = []
    if chunk:
        found.update(session.scalars(select(table.uid).where(table.uid.in_(chunk))))
    return found


def taken_ids(session: Session, kind: RecordKind, ids: Sequence[int]) -> set[int]:
    """Which of ``ids`` are already used."""
    table = _TABLES[kind]
    found: set[int] = set()
    for i in range(0, len(ids), 500):
        found.update(session.scalars(select(table.id).where(table.id.in_(ids[i : i + 500]))))
    return found


def resync_id_sequences(session: Session) -> None:
    """After inserting explicit ids on PostgreSQL, move the id sequences past them."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in ("injection", "observation", "person", "program"):
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )
        )
