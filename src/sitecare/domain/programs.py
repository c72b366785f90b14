"""Server mode's records: the program user a request acts as, users as listed, clients and
their visits. Plain values (the services make them from storage rows; the front ends show
them and the API gives their ``to_dict``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sitecare.domain.errors import NotAllowed

Role = Literal["admin", "worker"]
ROLES: tuple[Role, ...] = ("admin", "worker")


@dataclass(frozen=True)
class Actor:
    """The signed-in program user a request or command acts as."""

    user_id: int
    username: str
    role: str
    program_id: int
    program: str
    credential_version: int

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def require_admin(self) -> None:
        if not self.is_admin:
            raise NotAllowed("Only a program admin can do this.")


@dataclass(frozen=True)
class UserInfo:
    username: str
    program: str
    role: str
    disabled: bool
    locked_until: datetime | None
    last_sign_in_at: datetime | None
    created_at: datetime

    def to_dict(self) -> dict[str, Any]:
        def iso(at: datetime | None) -> str | None:
            return None if at is None else at.isoformat()

        return {
            "username": self.username,
            "program": self.program,
            "role": self.role,
            "disabled": self.disabled,
            "locked_until": iso(self.locked_until),
            "last_sign_in_at": iso(self.last_sign_in_at),
            "created_at": iso(self.created_at),
        }


@dataclass(frozen=True)
class Client:
    id: int
    code: str
    created_at: datetime
    last_visit_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        last = self.last_visit_at
        return {
            "id": self.id,
            "code": self.code,
            "created_at": self.created_at.isoformat(),
            "last_visit_at": None if last is None else last.isoformat(),
        }


@dataclass(frozen=True)
class Visit:
    id: int
    at: datetime
    supplies: list[str]
    referrals: list[str]
    note: str | None
    worker: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "supplies": list(self.supplies),
            "referrals": list(self.referrals),
            "note": self.note,
            "worker": self.worker,
        }
