"""A signed-in program user's access to one client, read in one go (issue 10).

Every request of the client API reads the user behind its token (is it still valid?), looks
the client up within that user's program and writes the audit row of the access; recording an
injection then reads the planner's inputs of the client. On PostgreSQL, where each statement
is a round trip, ``ClientAccess.open`` does all of that in ONE statement: the user's row, the
client (only when the user is still valid), the audit row (only then, a data-modifying CTE)
and, when asked for, the planner's inputs (``planner_inputs.input_columns``). On SQLite, in
process, it runs the usual statements one after the other (``Users.by_id``,
``Clients.get_audited``, ``PlannerInputs.read``). ``tests/storage/test_client_access.py``
holds both ways to the same answers.

Nothing is written for a user who is gone, disabled or signed out since the token was made:
the caller answers "sign in first" and writes nothing.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeGuard, cast

from sqlalchemy import JSON, DateTime, Integer, String, Table, bindparam, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import TextualSelect

from sitecare.domain.programs import Client
from sitecare.domain.usage import HORIZON, PlanningInputs
from sitecare.storage.accounts import UserRecord, Users, _user_from_columns
from sitecare.storage.repositories import AuditNote, Clients, PlannerInputs
from sitecare.storage.repositories import _fast as fast
from sitecare.storage.repositories import planner_inputs as inputs_sql
from sitecare.storage.repositories.people import audit_binds, audit_params, audited_access
from sitecare.storage.tables import AppUser
from sitecare.storage.times import aware_utc

__all__ = ["Access", "ClientAccess", "InputsWanted", "Opened"]


@dataclass(frozen=True, slots=True)
class InputsWanted:
    """The planner's inputs to read with the client: up to ``until`` (the new injection's
    time), with the latest ``recent`` routes (0 for none)."""

    until: datetime
    recent: int


@dataclass(frozen=True, slots=True)
class Opened:
    """What ``ClientAccess.open`` found: the user (None when there is none), whether it may
    still sign in, the client (None when the program has none by that id, or the user may
    not) and the planner's inputs (when asked for and the client was found)."""

    user: UserRecord | None
    valid: bool
    client: Client | None
    inputs: PlanningInputs | None


def still_valid(user: UserRecord | None, version: int) -> TypeGuard[UserRecord]:
    """The user may still act with a credential of ``version``: not disabled, not signed out
    or given a new password since (the SQL below says the same)."""
    return user is not None and not user.disabled and user.credential_version == version


#: the columns ``_user_from_columns`` reads: the user's row and its program's name
_USER_COLUMNS: dict[str, Any] = {
    **{c.name: c.type for c in cast(Table, AppUser.__table__).columns},
    "program_name": String(),
}

_OPEN = """
WITH u AS (
  SELECT {user_row}, program.name AS program_name
  FROM app_user JOIN program ON program.id = app_user.program_id
  WHERE app_user.id = :user_id
), ok AS (
  SELECT u.id, u.program_id FROM u
  WHERE NOT u.disabled AND u.credential_version = :version
), p AS (
  SELECT person.id, person.code, person.created_at FROM person JOIN ok
    ON person.program_id = ok.program_id
  WHERE person.id = :client_id
), {audit}
SELECT {user}, p.id AS client_id, p.code AS client_code, p.created_at AS client_created_at{inputs}
FROM u LEFT JOIN p ON true
"""


@functools.cache
def _open_statement(inputs: bool, recent: bool) -> TextualSelect:
    """The one statement (built once for each shape)."""
    columns: dict[str, Any] = dict(_USER_COLUMNS)
    columns.update(client_id=Integer(), client_code=String(), client_created_at=DateTime())
    binds: list[Any] = [
        *(bindparam(k, type_=Integer()) for k in ("user_id", "version", "client_id")),
        *audit_binds(),
    ]
    extra = ""
    if inputs:
        extra = ",\n" + inputs_sql.input_columns("p.id", recent=recent)
        binds += inputs_sql.input_binds(recent=recent)
        columns.update({name: JSON() for name in inputs_sql.COLUMNS})
    sql = _OPEN.format(
        user_row=", ".join(f"app_user.{n}" for n in _USER_COLUMNS if n != "program_name"),
        audit=audited_access(program="ok.program_id", user="ok.id", source="ok"),
        user=", ".join(f"u.{name}" for name in _USER_COLUMNS),
        inputs=extra,
    )
    return text(sql).bindparams(*binds).columns(**columns)


@dataclass(frozen=True, slots=True)
class Access:
    """One access to look up: the user behind a credential (its id and ``version``), the
    client asked for, when, the audit row to write (``found``, or ``missing`` when the program
    has no such client) and the planner's inputs wanted with it, if any."""

    user_id: int
    version: int
    client_id: int
    now: datetime
    found: AuditNote
    missing: AuditNote
    inputs: InputsWanted | None = None


class ClientAccess:
    """A program user's access to one client (see the module's text)."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def open(self, access: Access) -> Opened:
        """The user, the client within the user's program and its audit row (written only for
        a valid user), and the planner's inputs when wanted."""
        if self.s.get_bind().dialect.name == "postgresql":
            return self.one_statement(access)
        return self.separate(access)

    def separate(self, access: Access) -> Opened:
        """The same, one statement after the other through each one's repository."""
        user = Users(self.s).by_id(access.user_id)
        if user is None or not still_valid(user, access.version):
            return Opened(user, False, None, None)
        client = Clients(self.s, user.program_id).get_audited(
            access.client_id,
            user_id=user.id,
            now=access.now,
            found=access.found,
            missing=access.missing,
        )
        wanted = access.inputs
        if client is None or wanted is None:
            return Opened(user, True, client, None)
        read = PlannerInputs(self.s, client.id, client.code).read(
            until=wanted.until, after=wanted.until - HORIZON, recent=wanted.recent
        )
        return Opened(user, True, client, read)

    def one_statement(self, access: Access) -> Opened:
        """All of it in one statement (PostgreSQL: data-modifying CTE, JSON aggregates)."""
        params: dict[str, Any] = {
            "user_id": access.user_id,
            "version": access.version,
            "client_id": access.client_id,
            **audit_params(access.now, access.found, access.missing),
        }
        wanted = access.inputs
        if wanted is not None:
            params.update(
                inputs_sql.input_params(
                    until=wanted.until, after=wanted.until - HORIZON, recent=wanted.recent
                )
            )
        stmt = _open_statement(wanted is not None, bool(wanted is not None and wanted.recent))
        rows = fast.rows(self.s, stmt, params)
        if not rows:
            return Opened(None, False, None, None)
        row = rows[0]
        user = _user_from_columns(row)
        valid = still_valid(user, access.version)
        if not valid or row.client_id is None:
            return Opened(user, valid, None, None)
        client = Client(row.client_id, row.client_code, aware_utc(row.client_created_at))
        read = None
        if wanted is not None:
            read = inputs_sql.decode(
                row.settings, row.recent, row.last_uses, row.checks, client.code
            )
        return Opened(user, True, client, read)
