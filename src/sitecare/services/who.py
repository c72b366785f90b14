"""Whose records a service works on: plumbing every service shares (no other service imports)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sitecare.domain.records import PERSONAL_CODE, PERSONAL_PROGRAM


@dataclass(frozen=True)
class Who:
    """Whose records a service works on. A personal install has one implicit program and person."""

    program: str = PERSONAL_PROGRAM
    person: str = PERSONAL_CODE
    #: the person's row id when the caller has just resolved it (a program's client, looked up
    #: within the program in this same transaction): saves looking it up again by name
    person_id: int | None = field(default=None, compare=False)
