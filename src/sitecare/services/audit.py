"""The audit log: who read or changed which client's record, and when (for program admins)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sitecare.domain.programs import Actor
from sitecare.storage.accounts import Audit
from sitecare.storage.engine import Database

MAX_EVENTS = 2000


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    user: str | None
    action: str
    object_type: str | None
    object_id: str | None
    client_id: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "user": self.user,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "client_id": self.client_id,
        }


class AuditLog:
    """The audit events of the admin's own program, newest first."""

    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor

    def events(
        self,
        *,
        since: datetime | None = None,
        client_id: int | None = None,
        limit: int = 200,
    ) -> list[AuditEntry]:
        self.actor.require_admin()
        limit = max(1, min(limit, MAX_EVENTS))
        with self.db.reading() as s:
            rows = Audit(s, self.actor.program_id).list(
                since=since, client_id=client_id, limit=limit
            )
        return [
            AuditEntry(r.id, r.at, r.username, r.action, r.object_type, r.object_id, r.client_id)
            for r in rows
        ]
