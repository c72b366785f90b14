"""What an import needs: which uids and ids are taken, and PostgreSQL's sequences moved past
explicit ids."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from sitecare.storage.tables import InjectionRow, ObservationRow

RecordKind = Literal["injection", "observation"]
_TABLES: dict[str, type[InjectionRow] | type[ObservationRow]] = {
    "injection": InjectionRow,
    "observation": ObservationRow,
}


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
