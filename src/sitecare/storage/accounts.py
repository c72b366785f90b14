"""Repositories for server mode: program users and sign-in throttling.

Programs and clients (the persons of a program) are in ``repositories.people``, visits, the
audit log and the program's counts in ``repositories.program_records`` (all re-exported here,
as are the time helpers, for the code that imports them from this module).

Like every repository they never commit; services own the transaction. Every query that reads
a client's data is scoped by the program id the caller belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, case, select, update
from sqlalchemy.orm import Session

# re-exported (they moved to storage.repositories and storage.times):
from sitecare.storage.repositories import Clients as Clients
from sitecare.storage.repositories import Programs as Programs
from sitecare.storage.repositories import _fast as fast
from sitecare.storage.repositories import dialect_insert
from sitecare.storage.repositories.program_records import Audit as Audit
from sitecare.storage.repositories.program_records import AuditRecord as AuditRecord
from sitecare.storage.repositories.program_records import ProgramCounts as ProgramCounts
from sitecare.storage.repositories.program_records import VisitRecord as VisitRecord
from sitecare.storage.repositories.program_records import Visits as Visits
from sitecare.storage.tables import (
    AppUser,
    Program,
    SignInThrottle,
)
from sitecare.storage.times import aware_utc
from sitecare.storage.times import from_utc as from_utc
from sitecare.storage.times import naive_utc as naive_utc
from sitecare.storage.times import to_utc as to_utc

# Statements read on every request (the user check, the client lookup), built once and run as
# Core statements on the session's connection (see ``repositories.core_connection``).
_user_t = cast(Table, AppUser.__table__)
_program_t = cast(Table, Program.__table__)
_USER_BY_ID = (
    select(_user_t, _program_t.c.name.label("program_name"))
    .join(_program_t, _program_t.c.id == _user_t.c.program_id)
    .where(_user_t.c.id == bindparam("user_id"))
)
_ANY_USER = select(_user_t.c.id).limit(1)


# -- users ------------------------------------------------------------------------


@dataclass(frozen=True)
class UserRecord:
    """A program user as stored (the password hash stays in storage and services)."""

    id: int
    username: str
    role: str
    program_id: int
    program: str
    disabled: bool
    password_hash: str
    failed_count: int
    locked_until: datetime | None
    credential_version: int
    last_sign_in_at: datetime | None
    created_at: datetime


def _user_from_columns(row: Any) -> UserRecord:
    """A user from a Core row of ``app_user`` columns plus ``program_name``."""
    return UserRecord(
        id=row.id,
        username=row.username,
        role=row.role,
        program_id=row.program_id,
        program=row.program_name,
        disabled=bool(row.disabled),
        password_hash=row.password_hash,
        failed_count=row.failed_count,
        locked_until=aware_utc(row.locked_until),
        credential_version=row.credential_version,
        last_sign_in_at=aware_utc(row.last_sign_in_at),
        created_at=aware_utc(row.created_at),
    )


class Users:
    def __init__(self, session: Session) -> None:
        self.s = session

    def _select(self) -> Any:
        """Users with their program's name, the columns ``_user_from_columns`` reads."""
        return select(_user_t, _program_t.c.name.label("program_name")).join(
            _program_t, _program_t.c.id == _user_t.c.program_id
        )

    def by_username(self, username: str) -> UserRecord | None:
        row = self.s.execute(self._select().where(_user_t.c.username == username)).first()
        return None if row is None else _user_from_columns(row)

    def by_id(self, user_id: int) -> UserRecord | None:
        found = fast.rows(self.s, _USER_BY_ID, {"user_id": user_id})
        row = found[0] if found else None
        return None if row is None else _user_from_columns(row)

    def list(self, *, program_id: int | None = None) -> list[UserRecord]:
        q = self._select().order_by(_program_t.c.name, _user_t.c.username)
        if program_id is not None:
            q = q.where(_user_t.c.program_id == program_id)
        return [_user_from_columns(r) for r in self.s.execute(q)]

    def any(self) -> bool:
        return fast.scalar(self.s, _ANY_USER) is not None

    def add(
        self, *, program_id: int, username: str, role: str, password_hash: str, now: datetime
    ) -> int:
        at = naive_utc(now)
        row = AppUser(
            program_id=program_id,
            username=username,
            role=role,
            password_hash=password_hash,
            disabled=False,
            failed_count=0,
            locked_until=None,
            credential_version=1,
            created_at=at,
            updated_at=at,
        )
        self.s.add(row)
        self.s.flush()
        return row.id

    def change(self, user_id: int, *, now: datetime, bump_version: bool, **values: Any) -> None:
        """Update columns; ``bump_version`` ends every session and token the user holds."""
        values["updated_at"] = naive_utc(now)
        if bump_version:
            values["credential_version"] = AppUser.credential_version + 1
        self.s.execute(update(AppUser).where(AppUser.id == user_id).values(**values))

    def claim_attempt(self, username: str, *, now: datetime) -> tuple[int, datetime | None] | None:
        """Count a sign-in attempt before its password is checked, in one statement.

        Returns (attempts counted, lock end) for the user, None when there is no such user.
        While the name is locked nothing is counted; a lock that has run out is cleared and
        counting starts again. Being one ``UPDATE ... RETURNING``, simultaneous attempts each
        get their own number, so no more than the allowed number can ever be checked.
        """
        at = naive_utc(now)
        locked = AppUser.locked_until.is_not(None) & (AppUser.locked_until > at)
        row = self.s.execute(
            update(AppUser)
            .where(AppUser.username == username)
            .values(
                failed_count=case((locked, AppUser.failed_count), else_=_reset_after_lock(AppUser)),
                locked_until=case((locked, AppUser.locked_until), else_=None),
                updated_at=at,
            )
            .returning(AppUser.failed_count, AppUser.locked_until)
        ).first()
        return None if row is None else (int(row[0]), aware_utc(row[1]))

    def lock(self, user_id: int, *, until: datetime, now: datetime) -> None:
        self.s.execute(
            update(AppUser)
            .where(AppUser.id == user_id)
            .values(failed_count=0, locked_until=naive_utc(until), updated_at=naive_utc(now))
        )


def _reset_after_lock(table: Any) -> Any:
    """failed_count + 1, or 1 when a lock has just run out (the lock set it to 0 anyway)."""
    return case((table.locked_until.is_not(None), 1), else_=table.failed_count + 1)


class Throttle:
    """Failed sign-ins for names that are not users (keyed by a hash of the name)."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def claim_attempt(self, name_hash: str, *, now: datetime) -> tuple[int, datetime | None]:
        """As ``Users.claim_attempt`` for a name that is not a user: one upsert, RETURNING."""
        at = naive_utc(now)
        stmt = dialect_insert(self.s)(SignInThrottle).values(
            name_hash=name_hash, failed_count=1, locked_until=None, updated_at=at
        )
        table = SignInThrottle.__table__.c
        locked = table.locked_until.is_not(None) & (table.locked_until > at)
        upsert = stmt.on_conflict_do_update(
            index_elements=["name_hash"],
            set_={
                "failed_count": case((locked, table.failed_count), else_=_reset_after_lock(table)),
                "locked_until": case((locked, table.locked_until), else_=None),
                "updated_at": at,
            },
        ).returning(SignInThrottle.failed_count, SignInThrottle.locked_until)
        row = self.s.execute(upsert).one()
        return int(row[0]), aware_utc(row[1])

    def lock(self, name_hash: str, *, until: datetime) -> None:
        self.s.execute(
            update(SignInThrottle)
            .where(SignInThrottle.name_hash == name_hash)
            .values(failed_count=0, locked_until=naive_utc(until))
        )
