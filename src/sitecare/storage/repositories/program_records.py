"""Server mode's records of a program: visits with its clients, the audit log, and the counts
the program page shows. Like every repository they never commit, and every query is scoped
by the program id the caller belongs to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from sitecare.storage.repositories import _fast as fast
from sitecare.storage.repositories._session import (
    new_uid,
)
from sitecare.storage.tables import (
    AppUser,
    AuditEvent,
    ObservationRow,
    Person,
    VisitRow,
)
from sitecare.storage.times import aware_utc, from_utc, naive_utc, to_utc

_ADD_AUDIT = cast(Table, AuditEvent.__table__).insert()


# -- visits ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitRecord:
    id: int
    at: datetime
    supplies: list[str]
    referrals: list[str]
    note: str | None
    user_id: int | None
    username: str | None


class Visits:
    def __init__(self, session: Session, person_id: int) -> None:
        self.s = session
        self.person_id = person_id

    def add(
        self,
        *,
        user_id: int | None,
        at: datetime,
        supplies: Sequence[str],
        referrals: Sequence[str],
        note: str | None,
        now: datetime,
    ) -> VisitRecord:
        at_utc, offset = to_utc(at)
        row = VisitRow(
            uid=new_uid(),
            person_id=self.person_id,
            user_id=user_id,
            at_utc=at_utc,
            utc_offset_min=offset,
            supplies=list(supplies),
            referrals=list(referrals),
            note=note,
            created_at=naive_utc(now),
        )
        self.s.add(row)
        self.s.flush()
        return VisitRecord(row.id, at, list(supplies), list(referrals), note, user_id, None)

    def list(self, *, limit: int | None = None) -> list[VisitRecord]:
        q = (
            select(VisitRow, AppUser.username)
            .outerjoin(AppUser, AppUser.id == VisitRow.user_id)
            .where(VisitRow.person_id == self.person_id)
            .order_by(VisitRow.at_utc.desc(), VisitRow.id.desc())
        )
        if limit:
            q = q.limit(limit)
        return [
            VisitRecord(
                v.id,
                from_utc(v.at_utc, v.utc_offset_min),
                list(v.supplies or []),
                list(v.referrals or []),
                v.note,
                v.user_id,
                name,
            )
            for v, name in self.s.execute(q)
        ]


# -- audit -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditRecord:
    id: int
    at: datetime
    username: str | None
    action: str
    object_type: str | None
    object_id: str | None
    client_id: int | None


class Audit:
    def __init__(self, session: Session, program_id: int) -> None:
        self.s = session
        self.program_id = program_id

    def add(
        self,
        *,
        user_id: int | None,
        action: str,
        now: datetime,
        object_type: str | None = None,
        object_id: str | None = None,
        person_id: int | None = None,
    ) -> None:
        values = {
            "program_id": self.program_id,
            "user_id": user_id,
            "at_utc": naive_utc(now),
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "person_id": person_id,
        }
        if self.s.get_bind().dialect.name == "sqlite":
            # SQLite has one writer: the row waits unflushed for the request's next query, so
            # the write lock is not taken before the request writes anyway
            self.s.add(AuditEvent(**values))
        else:  # one Core INSERT now, in the same transaction (no ORM unit of work)
            fast.execute(self.s, _ADD_AUDIT, values)

    def list(
        self,
        *,
        since: datetime | None = None,
        client_id: int | None = None,
        limit: int = 500,
    ) -> list[AuditRecord]:
        q = (
            select(AuditEvent, AppUser.username)
            .outerjoin(AppUser, AppUser.id == AuditEvent.user_id)
            .where(AuditEvent.program_id == self.program_id)
            .order_by(AuditEvent.at_utc.desc(), AuditEvent.id.desc())
            .limit(limit)
        )
        if since is not None:
            q = q.where(AuditEvent.at_utc >= naive_utc(since))
        if client_id is not None:
            q = q.where(AuditEvent.person_id == client_id)
        return [
            AuditRecord(
                e.id,
                aware_utc(e.at_utc),
                name,
                e.action,
                e.object_type,
                e.object_id,
                e.person_id,
            )
            for e, name in self.s.execute(q)
        ]


# -- program counts ----------------------------------------------------------------------------


class ProgramCounts:
    """Counts over a program's records, grouped by day in SQL; no client codes leave here."""

    def __init__(self, session: Session, program_id: int) -> None:
        self.s = session
        self.program_id = program_id

    def _day(self, column: Any) -> Any:
        if self.s.get_bind().dialect.name == "postgresql":
            return func.to_char(column, "YYYY-MM-DD")
        return func.strftime("%Y-%m-%d", column)

    def visits_per_day(self, since: datetime, until: datetime) -> list[tuple[str, int, int]]:
        """(day, visits, distinct clients) per UTC day."""
        day = self._day(VisitRow.at_utc)
        q = (
            select(day, func.count(), func.count(func.distinct(VisitRow.person_id)))
            .join(Person, Person.id == VisitRow.person_id)
            .where(
                Person.program_id == self.program_id,
                VisitRow.at_utc >= naive_utc(since),
                VisitRow.at_utc < naive_utc(until),
            )
            .group_by(day)
        )
        return [(str(d), int(n), int(c)) for d, n, c in self.s.execute(q)]

    def visit_lists(
        self, since: datetime, until: datetime
    ) -> list[tuple[str, list[str], list[str]]]:
        """(day, supplies, referrals) for each visit (lists are JSON; counted in Python)."""
        day = self._day(VisitRow.at_utc)
        q = (
            select(day, VisitRow.supplies, VisitRow.referrals)
            .join(Person, Person.id == VisitRow.person_id)
            .where(
                Person.program_id == self.program_id,
                VisitRow.at_utc >= naive_utc(since),
                VisitRow.at_utc < naive_utc(until),
            )
        )
        return [(str(d), list(s or []), list(r or [])) for d, s, r in self.s.execute(q)]

    def checks(self, since: datetime, until: datetime) -> list[tuple[str, str | None, Any]]:
        """(day, level, assessment) for each check of the program's clients."""
        day = self._day(ObservationRow.at_utc)
        q = (
            select(day, ObservationRow.level, ObservationRow.assessment)
            .join(Person, Person.id == ObservationRow.person_id)
            .where(
                Person.program_id == self.program_id,
                ObservationRow.at_utc >= naive_utc(since),
                ObservationRow.at_utc < naive_utc(until),
            )
        )
        return [(str(d), level, a) for d, level, a in self.s.execute(q)]
