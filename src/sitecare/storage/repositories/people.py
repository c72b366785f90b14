"""Programs and the persons in them: the one way to reach either.

A person is a row of a program: ``People`` finds a person by program name and code (the
personal install and the services that act for one person), ``Clients`` lists and adds the
persons of one program by id (server mode). Both find programs through ``Programs``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import DateTime, Integer, String, Table, bindparam, delete, func, select, text
from sqlalchemy.orm import Session

from sitecare.domain.programs import Client
from sitecare.storage.repositories import _fast as fast
from sitecare.storage.repositories._session import insert_once, new_uid
from sitecare.storage.repositories.program_records import Audit
from sitecare.storage.tables import (
    InjectionRow,
    ObservationRow,
    Person,
    Program,
    SettingRow,
    VisitRow,
)
from sitecare.storage.times import aware_utc, naive_utc

_person = cast(Table, Person.__table__)
_program = cast(Table, Program.__table__)
_FIND_PERSON = (
    select(_person.c.id)
    .join(_program, _program.c.id == _person.c.program_id)
    .where(_program.c.name == bindparam("program"), _person.c.code == bindparam("code"))
)
_CLIENT = select(_person.c.id, _person.c.code, _person.c.created_at).where(
    _person.c.id == bindparam("client_id"), _person.c.program_id == bindparam("program_id")
)


def audited_access(*, program: str, user: str, source: str) -> str:
    """The CTE ``a`` that writes the audit row of an access to the client of CTE ``p`` (no
    row when the program has none): ``:action`` ... when found, ``:missing_action`` ... when
    not; ``program`` and ``user`` are SQL for the row's program and user, taken from the one
    row of ``source``. Its binds are ``audit_binds()``, their values ``audit_params()``."""
    return f"""a AS (
  INSERT INTO audit_event (program_id, user_id, at_utc, action, object_type, object_id,
                           person_id)
  SELECT {program}, {user}, :at_utc,
         CASE WHEN p.id IS NULL THEN :missing_action ELSE :action END,
         CASE WHEN p.id IS NULL THEN :missing_type ELSE :object_type END,
         CASE WHEN p.id IS NULL THEN :missing_id ELSE :object_id END,
         p.id
  FROM {source} LEFT JOIN p ON true
)"""


def audit_binds() -> list[Any]:
    """The binds of ``audited_access`` (new ones for each statement)."""
    return [
        bindparam("at_utc", type_=DateTime()),
        *(
            bindparam(k, type_=String())
            for k in ("action", "object_type", "object_id")
            + ("missing_action", "missing_type", "missing_id")
        ),
    ]


#: A client by id and its audit row, in one statement (PostgreSQL: a data-modifying CTE). The
#: audit row is always written: of the access when the client is found, of the attempt when not.
_CLIENT_AUDITED = (
    text(
        f"""
WITH p AS (
  SELECT person.id, person.code, person.created_at FROM person
  WHERE person.id = :client_id AND person.program_id = :program_id
), {audited_access(program=":program_id", user=":user_id", source="(SELECT 1) AS one")}
SELECT p.id, p.code, p.created_at FROM p
"""
    )
    .bindparams(
        *(bindparam(k, type_=Integer()) for k in ("client_id", "program_id", "user_id")),
        *audit_binds(),
    )
    .columns(id=Integer(), code=String(), created_at=DateTime())
)


@dataclass(frozen=True, slots=True)
class AuditNote:
    """What an audit row says was done (``action``) to what (``object_type``, ``object_id``)."""

    action: str
    object_type: str | None
    object_id: str | None


def audit_params(now: datetime, found: AuditNote, missing: AuditNote) -> dict[str, Any]:
    """The binds of an access's audit row written by a lookup statement: ``found`` when the
    client is there, ``missing`` when not (``_CLIENT_AUDITED``, ``storage.client_access``)."""
    return {
        "at_utc": naive_utc(now),
        "action": found.action,
        "object_type": found.object_type,
        "object_id": found.object_id,
        "missing_action": missing.action,
        "missing_type": missing.object_type,
        "missing_id": missing.object_id,
    }


class Programs:
    """Programs by name."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def find(self, name: str) -> int | None:
        return self.s.scalar(select(Program.id).where(Program.name == name))

    def add(self, name: str, *, now: datetime) -> int:
        row = Program(uid=new_uid(), name=name, created_at=naive_utc(now))
        self.s.add(row)
        self.s.flush()
        return row.id

    def ensure(self, name: str, *, now: datetime) -> int | None:
        """The program's id, made on first use (race-free, see ``insert_once``)."""
        pid = self.find(name)
        if pid is None:
            insert_once(self.s, Program, uid=new_uid(), name=name, created_at=naive_utc(now))
            pid = self.find(name)
        return pid

    def names(self) -> dict[int, str]:
        return {pid: name for pid, name in self.s.execute(select(Program.id, Program.name))}


class People:
    """Persons by program name and code."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def person_id(self, program: str, code: str, *, now: datetime, create: bool) -> int | None:
        """The id of a person in a program; created on first write when ``create``."""
        found = self.find_person_id(program, code)
        if found is not None or not create:
            return found
        prog = Programs(self.s).ensure(program, now=now)
        insert_once(
            self.s, Person, uid=new_uid(), program_id=prog, code=code, created_at=naive_utc(now)
        )
        return self.s.scalar(
            select(Person.id).where(Person.program_id == prog, Person.code == code)
        )

    def find_person_id(self, program: str, code: str) -> int | None:
        """The id of an existing person (one joined query; None when there is none yet)."""
        found = fast.scalar(self.s, _FIND_PERSON, {"program": program, "code": code})
        return None if found is None else int(found)

    def erase_person(self, person_id: int) -> dict[str, int]:
        """Delete a person and, by the database's cascades, everything recorded about them."""
        tables = (
            ("injections", InjectionRow),
            ("checks", ObservationRow),
            ("settings", SettingRow),
        )
        counts = {
            name: int(
                self.s.scalar(
                    select(func.count()).select_from(table).where(table.person_id == person_id)
                )
                or 0
            )
            for name, table in tables
        }
        self.s.execute(delete(Person).where(Person.id == person_id))
        return counts


class Clients:
    """A program's clients (person rows of that program). Every query takes the program id."""

    def __init__(self, session: Session, program_id: int) -> None:
        self.s = session
        self.program_id = program_id

    def get(self, client_id: int) -> Client | None:
        found = fast.rows(self.s, _CLIENT, {"client_id": client_id, "program_id": self.program_id})
        row = found[0] if found else None
        return None if row is None else Client(row[0], row[1], aware_utc(row[2]))

    def get_audited(
        self,
        client_id: int,
        *,
        user_id: int | None,
        now: datetime,
        found: AuditNote,
        missing: AuditNote,
    ) -> Client | None:
        """A client by id, and the audit row of this access: ``found`` (with the client) when
        there is one, ``missing`` (with no client) when not. One statement on PostgreSQL."""
        if self.s.get_bind().dialect.name != "postgresql":
            rec = self.get(client_id)
            note = missing if rec is None else found
            Audit(self.s, self.program_id).add(
                user_id=user_id,
                action=note.action,
                now=now,
                object_type=note.object_type,
                object_id=note.object_id,
                person_id=None if rec is None else rec.id,
            )
            return rec
        params: dict[str, Any] = {
            "client_id": client_id,
            "program_id": self.program_id,
            "user_id": user_id,
            **audit_params(now, found, missing),
        }
        rows = fast.rows(self.s, _CLIENT_AUDITED, params)
        return Client(rows[0][0], rows[0][1], aware_utc(rows[0][2])) if rows else None

    def by_code(self, code: str) -> Client | None:
        row = self.s.execute(
            select(Person.id, Person.code, Person.created_at).where(
                Person.code == code, Person.program_id == self.program_id
            )
        ).first()
        return None if row is None else Client(row[0], row[1], aware_utc(row[2]))

    def add(self, code: str, *, now: datetime) -> Client:
        row = Person(
            uid=new_uid(), program_id=self.program_id, code=code, created_at=naive_utc(now)
        )
        self.s.add(row)
        self.s.flush()
        return Client(row.id, row.code, aware_utc(row.created_at))

    def search(self, prefix: str | None, *, limit: int) -> list[Client]:
        """Clients whose code starts with ``prefix`` (all when None), with their last visit."""
        last = (
            select(VisitRow.person_id, func.max(VisitRow.at_utc).label("last"))
            .group_by(VisitRow.person_id)
            .subquery()
        )
        q = (
            select(Person.id, Person.code, Person.created_at, last.c.last)
            .outerjoin(last, last.c.person_id == Person.id)
            .where(Person.program_id == self.program_id)
            .order_by(Person.code)
            .limit(limit)
        )
        if prefix:
            escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            q = q.where(Person.code.like(escaped + "%", escape="\\"))
        return [
            Client(i, code, aware_utc(created), aware_utc(lv))
            for i, code, created, lv in self.s.execute(q)
        ]
