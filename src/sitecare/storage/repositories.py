"""Repositories: map rows to domain values and back. They never commit (services do)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Literal

from sqlalchemy import delete, func, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from sitecare.domain.records import Injection, Observation
from sitecare.storage.tables import InjectionRow, ObservationRow, Person, Program, SettingRow

RecordKind = Literal["injection", "observation"]
_TABLES: dict[str, type[InjectionRow] | type[ObservationRow]] = {
    "injection": InjectionRow,
    "observation": ObservationRow,
}


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
        return self.s.scalar(
            select(Person.id)
            .join(Program, Program.id == Person.program_id)
            .where(Program.name == program, Person.code == code)
        )

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

    def person_uid(self, person_id: int) -> str:
        return str(self.s.scalar(select(Person.uid).where(Person.id == person_id)))


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
        row = InjectionRow(
            id=id,
            uid=uid or new_uid(),
            person_id=self.person_id,
            at_utc=at_utc,
            utc_offset_min=offset,
            region=region,
            spot=spot,
            route=route,
            medicine=medicine,
            note=note,
            created_at=_utcnow_naive(now),
        )
        self.s.add(row)
        self.s.flush()
        return self._row_to_domain(row)

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
        q = (
            select(InjectionRow.route, InjectionRow.medicine)
            .where(InjectionRow.person_id == self.person_id)
            .order_by(InjectionRow.at_utc.desc(), InjectionRow.id.desc())
            .limit(limit)
        )
        return [(route, medicine) for route, medicine in self.s.execute(q)]

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

        One ``GROUP BY`` aggregate: the rotation planner's summary. With ``after`` it is a range
        scan of the (person, time) index, fast over years of history. Times are aware UTC.
        """
        if self.person_id is None:
            return []
        q = select(InjectionRow.region, InjectionRow.spot, func.max(InjectionRow.at_utc)).where(
            InjectionRow.person_id == self.person_id
        )
        if after is not None:
            q = q.where(InjectionRow.at_utc > to_utc(after)[0])
        if until is not None:
            q = q.where(InjectionRow.at_utc <= to_utc(until)[0])
        q = q.group_by(InjectionRow.region, InjectionRow.spot)
        return [(region, spot, _aware_utc(at)) for region, spot, at in self.s.execute(q) if at]

    def last_use_by_region(self, *, until: datetime | None = None) -> dict[str, datetime]:
        """The last use of every region used (aware UTC)."""
        if self.person_id is None:
            return {}
        q = select(InjectionRow.region, func.max(InjectionRow.at_utc)).where(
            InjectionRow.person_id == self.person_id
        )
        if until is not None:
            q = q.where(InjectionRow.at_utc <= to_utc(until)[0])
        q = q.group_by(InjectionRow.region)
        return {region: _aware_utc(at) for region, at in self.s.execute(q) if at}

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

    def _row_to_domain(self, row: ObservationRow) -> Observation:
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
        rows = self.s.scalars(select(SettingRow).where(SettingRow.person_id == self.person_id))
        return {r.key: r.value for r in rows}

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
