"""A program's clients, as its workers see them: find or add by code, open a record, visits.

A client is a person row of the worker's program. Everything about one client's sites
(injections, suggestion, checks, site status) goes through the same services as personal mode:
``open()`` resolves the client id *within the caller's program* and hands back the ordinary
``Sitecare`` facade for ``Who(program, code)``. An id from another program answers exactly as an
id that does not exist. Every read and change is written to the audit log first.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import yaml

from sitecare.config import Settings
from sitecare.domain.atlas import Atlas, load_atlas
from sitecare.domain.errors import Conflict, InvalidInput, NotFound
from sitecare.domain.inputs import MAX_NOTE, check_id, check_time, clean_text
from sitecare.domain.messages import Msg
from sitecare.domain.programs import Actor, Client, Visit
from sitecare.services.accounts import actor_of
from sitecare.services.app import Sitecare
from sitecare.services.read_ahead import InputsWanted, ReadAhead
from sitecare.services.who import Who
from sitecare.storage.accounts import Audit, Clients, Visits
from sitecare.storage.client_access import Access as UserAccess
from sitecare.storage.client_access import ClientAccess
from sitecare.storage.engine import Database
from sitecare.storage.repositories import AuditNote

# Client and Visit re-exported: the records moved to the domain (domain.programs)
__all__ = ["Access", "Client", "ClientRecords", "Visit", "clean_code", "visit_options"]

_CODE = re.compile(r"^[A-Z0-9][A-Z0-9 ._-]{0,39}$")
MAX_ITEMS = 30


@functools.cache
def visit_options() -> dict[str, dict[str, str]]:
    """The supplies and referrals a visit can record: ``{"supplies": {id: label}, ...}``."""
    text = importlib.resources.files("sitecare.data").joinpath("visit_options.yaml")
    data = yaml.safe_load(text.read_text("utf-8"))
    return {kind: {i["id"]: i["label"] for i in data[kind]} for kind in ("supplies", "referrals")}


def clean_code(code: str) -> str:
    """A client code: 1 to 40 letters, digits, spaces, ``. _ -``; kept in upper case."""
    cleaned = " ".join(str(code).split()).upper()
    if not _CODE.match(cleaned):
        raise InvalidInput(
            Msg(
                "A client code is 1 to 40 letters or digits (spaces, dots, dashes and "
                "underscores allowed). Use the code your program gives, never a real "
                "name."
            ),
            field="code",
        )
    return cleaned


@dataclass(frozen=True, slots=True)
class Access:
    """One audited access to a client's record: what is done (the audit ``action``) to what
    (``object_type``, ``object_id``; the client itself when no id is given)."""

    client_id: int
    action: str
    object_type: str = "client"
    object_id: str | None = None


def _no_client(client_id: int) -> NotFound:
    return NotFound(Msg("There is no client %(client_id)s in your program.", client_id=client_id))


def _noted(access: Access) -> AuditNote:
    """The audit row of an access to a client the program has."""
    return AuditNote(access.action, access.object_type, access.object_id or str(access.client_id))


def _not_found(client_id: int) -> AuditNote:
    """The audit row of an attempt to reach a client the program does not have."""
    return AuditNote("client.not_found", "client", str(client_id))


#: the lists a visit chooses from, named in the person's language
_KINDS = {"supplies": Msg("supplies"), "referrals": Msg("referrals")}


def _choices(values: list[str] | None, kind: str) -> list[str]:
    allowed = visit_options()[kind]
    chosen = list(dict.fromkeys(values or []))
    unknown = [v for v in chosen if v not in allowed]
    if unknown or len(chosen) > MAX_ITEMS:
        raise InvalidInput(
            Msg(
                "Unknown %(kind)s: %(unknown)s.",
                kind=_KINDS.get(kind, kind),
                unknown=", ".join(unknown[:5]),
            ),
            field=kind,
            suggestions=list(allowed)[:5],
        )
    return chosen


class ClientRecords:
    """The clients of the signed-in user's program."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        actor: Actor,
        atlas: Atlas | None = None,
        *,
        language: str | None = None,
    ) -> None:
        self.db = db
        self.settings = settings
        self.actor = actor
        self.atlas = atlas or load_atlas()
        #: the language of this visit (a worker can switch it per client visit)
        self.language = language

    def _audit(self, s: Any, action: str, now: datetime, **what: Any) -> None:
        Audit(s, self.actor.program_id).add(
            user_id=self.actor.user_id, action=action, now=now, **what
        )

    def _audit_of(
        self, s: Any, person_id: int, action: str, now: datetime, kind: str, object_id: str
    ) -> None:
        """An audit row of what was done to one client's record."""
        self._audit(s, action, now, object_type=kind, object_id=object_id, person_id=person_id)

    # -- the list ------------------------------------------------------------------------------

    def add(self, code: str, *, now: datetime) -> Client:
        """Add a client by code (409-like InvalidInput when the program already has it)."""
        code = clean_code(code)
        try:
            with self.db.transaction() as s:
                clients = Clients(s, self.actor.program_id)
                if clients.by_code(code) is not None:
                    raise InvalidInput(
                        Msg("Your program already has a client %(code)s.", code=code), field="code"
                    )
                rec = clients.add(code, now=now)
                self._audit_of(s, rec.id, "client.add", now, "client", str(rec.id))
        except Conflict:  # added by someone else at the same moment
            raise InvalidInput(
                Msg("Your program already has a client %(code)s.", code=code), field="code"
            ) from None
        return rec

    def find(self, code: str | None = None, *, now: datetime, limit: int = 50) -> list[Client]:
        """Clients whose code starts with ``code`` (all when empty), by code."""
        prefix = " ".join(code.split()).upper() if code else None
        with self.db.transaction() as s:
            found = Clients(s, self.actor.program_id).search(prefix, limit=limit)
            self._audit(s, "client.search", now, object_type="client")
        return found

    # -- one client ----------------------------------------------------------------------------

    def _resolve(self, access: Access, *, now: datetime) -> Client:
        check_id(access.client_id, field="client_id")
        with self.db.transaction() as s:  # the lookup and its audit row (one statement on PG)
            rec = Clients(s, self.actor.program_id).get_audited(
                access.client_id,
                user_id=self.actor.user_id,
                now=now,
                found=_noted(access),
                missing=_not_found(access.client_id),
            )
        if rec is None:
            raise _no_client(access.client_id)
        return rec

    def _audit_not_found(self, s: Any, client_id: int, now: datetime) -> None:
        note = _not_found(client_id)
        self._audit(s, note.action, now, object_type=note.object_type, object_id=note.object_id)

    def get(self, client_id: int, *, now: datetime) -> Client:
        return self._resolve(Access(client_id, "client.read"), now=now)

    def open(self, access: Access, *, now: datetime) -> Sitecare:
        """The ordinary service facade for one client of the program (audited)."""
        return self.open_client(access, now=now)[1]

    def open_client(self, access: Access, *, now: datetime) -> tuple[Client, Sitecare]:
        """The client and its service facade, resolved within the program (audited once)."""
        rec = self._resolve(access, now=now)
        who = Who(program=self.actor.program, person=rec.code, person_id=rec.id)
        sc = Sitecare(self.settings, who=who, db=self.db, atlas=self.atlas, language=self.language)
        return rec, sc

    @staticmethod
    def open_as(
        db: Database,
        settings: Settings,
        *,
        user_id: int,
        version: int,
        access: Access,
        now: datetime,
        inputs: InputsWanted | None = None,
        atlas: Atlas | None = None,
        language: str | None = None,
    ) -> tuple[Actor, Sitecare] | None:
        """A signed-in user's access to one client, checked together: the user behind the
        credential (``version``), the client within that user's program, the audit row and,
        for a recording, the planner's inputs (``inputs``): one statement on PostgreSQL
        (``storage.client_access``). None when the user may no longer act (nothing is
        written then); otherwise the actor and the facade, as ``open`` gives it."""
        check_id(access.client_id, field="client_id")
        with db.transaction() as s:
            opened = ClientAccess(s).open(
                UserAccess(
                    user_id,
                    version,
                    access.client_id,
                    now,
                    found=_noted(access),
                    missing=_not_found(access.client_id),
                    inputs=inputs,
                )
            )
            transaction = s.get_transaction()
        if not opened.valid or opened.user is None:
            return None
        actor = actor_of(opened.user)
        rec = opened.client
        if rec is None:
            raise _no_client(access.client_id)
        ahead = None
        if inputs is not None and opened.inputs is not None:
            ahead = ReadAhead(rec.id, inputs, opened.inputs, transaction)
        who = Who(program=actor.program, person=rec.code, person_id=rec.id)
        sc = Sitecare(settings, who=who, db=db, atlas=atlas, language=language, read_ahead=ahead)
        return actor, sc

    # -- visits --------------------------------------------------------------------------------

    def record_visit(
        self,
        client_id: int,
        *,
        now: datetime,
        at: datetime | None = None,
        supplies: list[str] | None = None,
        referrals: list[str] | None = None,
        note: str | None = None,
    ) -> Visit:
        """Record a visit (supplies and referrals from the visit options, a short note)."""
        supplies = _choices(supplies, "supplies")
        referrals = _choices(referrals, "referrals")
        note = clean_text(note, field="note", limit=MAX_NOTE, multiline=True)
        check_id(client_id, field="client_id")
        when = at or now
        if when.tzinfo is None:
            raise InvalidInput(Msg("The time needs a zone."), field="at")
        check_time(when, now=now, field="at")
        with self.db.transaction() as s:
            rec = Clients(s, self.actor.program_id).get(client_id)
            if rec is None:
                self._audit_not_found(s, client_id, now)
                visit = None
            else:
                visit = Visits(s, rec.id).add(
                    user_id=self.actor.user_id,
                    at=when,
                    supplies=supplies,
                    referrals=referrals,
                    note=note,
                    now=now,
                )
                self._audit_of(s, rec.id, "visit.add", now, "visit", str(visit.id))
        if visit is None:
            raise NotFound(
                Msg("There is no client %(client_id)s in your program.", client_id=client_id)
            )
        return Visit(
            visit.id, visit.at, visit.supplies, visit.referrals, visit.note, self.actor.username
        )

    def visits(self, client_id: int, *, now: datetime, limit: int | None = None) -> list[Visit]:
        """The client's visits, newest first."""
        rec = self._resolve(Access(client_id, "visit.list", "visit"), now=now)
        with self.db.reading() as s:
            rows = Visits(s, rec.id).list(limit=limit)
        return [Visit(v.id, v.at, v.supplies, v.referrals, v.note, v.username) for v in rows]
