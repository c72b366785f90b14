"""Photo rows (rows <-> plain values); the images are files behind the blob seam.

Every query is scoped to one person: a photo of someone else is never found. Repositories
never commit (the service owns the transaction).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from sitecare.storage.accounts import naive_utc
from sitecare.storage.photo_measurements import dump, load
from sitecare.storage.tables import ObservationRow, PhotoRow

__all__ = ["PhotoRecord", "PhotoRows", "referenced"]


@dataclass(frozen=True)
class PhotoRecord:
    id: int
    uid: str
    check_id: int
    check_uid: str
    region: str | None
    check_at: datetime
    address: str
    media_type: str
    width: int
    height: int
    size_bytes: int
    mm_per_px: float | None
    added_at: datetime
    #: the mark measured on this photo (``storage.photo_measurements``; None until measured)
    measurement: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """What the API and the CLI show (never the file's address)."""
        return {
            "id": self.id,
            "uid": self.uid,
            "check_id": self.check_id,
            "region": self.region,
            "check_at": self.check_at.isoformat(),
            "media_type": self.media_type,
            "width": self.width,
            "height": self.height,
            "bytes": self.size_bytes,
            "mm_per_px": self.mm_per_px,
            "added_at": self.added_at.isoformat(),
            "measurement": self.measurement,
        }


def _aware(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC)  # the tables keep naive UTC


def _record(photo: PhotoRow, obs: Any) -> PhotoRecord:
    return PhotoRecord(
        id=photo.id,
        uid=photo.uid,
        check_id=obs.id,
        check_uid=obs.uid,
        region=obs.region,
        check_at=_aware(obs.at_utc),
        address=photo.address,
        media_type=photo.media_type,
        width=photo.width,
        height=photo.height,
        size_bytes=photo.size_bytes,
        mm_per_px=photo.mm_per_px,
        added_at=_aware(photo.added_at),
        measurement=load(photo.measurement),
    )


class PhotoRows:
    """The photos of one person's checks."""

    def __init__(self, session: Session, person_id: int | None) -> None:
        self.s = session
        self.person_id = person_id

    def _select(self) -> Any:
        return (
            select(PhotoRow, ObservationRow)
            .join(ObservationRow, ObservationRow.id == PhotoRow.observation_id)
            .where(PhotoRow.person_id == self.person_id)
        )

    def check_exists(self, check_id: int) -> bool:
        found = self.s.scalar(
            select(ObservationRow.id).where(
                ObservationRow.id == check_id, ObservationRow.person_id == self.person_id
            )
        )
        return found is not None

    def add(
        self,
        *,
        check_id: int,
        uid: str,
        address: str,
        media_type: str,
        width: int,
        height: int,
        size_bytes: int,
        added_at: datetime,
        mm_per_px: float | None = None,
        id: int | None = None,
        measurement: dict[str, Any] | None = None,
    ) -> PhotoRecord:
        assert self.person_id is not None
        row = PhotoRow(
            id=id,
            uid=uid,
            person_id=self.person_id,
            observation_id=check_id,
            address=address,
            media_type=media_type,
            width=width,
            height=height,
            size_bytes=size_bytes,
            mm_per_px=mm_per_px,
            added_at=naive_utc(added_at),
            measurement=dump(measurement),
        )
        self.s.add(row)
        self.s.flush()
        found = self.get(row.id)
        assert found is not None
        return found

    def get(self, photo_id: int) -> PhotoRecord | None:
        if self.person_id is None:
            return None
        row = self.s.execute(self._select().where(PhotoRow.id == photo_id)).first()
        return None if row is None else _record(row[0], row[1])

    def list(self, *, check_id: int | None = None, region: str | None = None) -> list[PhotoRecord]:
        """Photos oldest first (by the check's time, then as they were added)."""
        if self.person_id is None:
            return []
        q = self._select()
        if check_id is not None:
            q = q.where(PhotoRow.observation_id == check_id)
        if region is not None:
            q = q.where(ObservationRow.region == region)
        q = q.order_by(ObservationRow.at_utc, ObservationRow.id, PhotoRow.id)
        return [_record(p, o) for p, o in self.s.execute(q)]

    def addresses(self, *, check_id: int | None = None) -> set[str]:
        """The files this person's photos (of one check) use."""
        q = select(PhotoRow.address).where(PhotoRow.person_id == self.person_id)
        if check_id is not None:
            q = q.where(PhotoRow.observation_id == check_id)
        return set(self.s.scalars(q))

    def count(self) -> int:
        q = select(func.count()).select_from(PhotoRow).where(PhotoRow.person_id == self.person_id)
        return int(self.s.scalar(q) or 0)

    def remove(self, photo_id: int) -> None:
        self.s.execute(
            delete(PhotoRow).where(PhotoRow.id == photo_id, PhotoRow.person_id == self.person_id)
        )

    def known_uids(self, uids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for i in range(0, len(uids), 500):
            chunk = list(uids[i : i + 500])
            found.update(self.s.scalars(select(PhotoRow.uid).where(PhotoRow.uid.in_(chunk))))
        return found

    def taken_ids(self, ids: Sequence[int]) -> set[int]:
        found: set[int] = set()
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            found.update(self.s.scalars(select(PhotoRow.id).where(PhotoRow.id.in_(chunk))))
        return found

    def check_ids(self, uids: Iterable[str]) -> dict[str, int]:
        """This person's check ids by uid (an import finds the check a photo belongs to)."""
        wanted = list(set(uids))
        found: dict[str, int] = {}
        for i in range(0, len(wanted), 500):
            q = select(ObservationRow.uid, ObservationRow.id).where(
                ObservationRow.person_id == self.person_id,
                ObservationRow.uid.in_(wanted[i : i + 500]),
            )
            found.update({uid: ident for uid, ident in self.s.execute(q)})
        return found

    def resync_ids(self) -> None:
        """After explicit ids on PostgreSQL, move the photo id sequence past them."""
        if self.s.get_bind().dialect.name != "postgresql":
            return
        self.s.execute(
            text(
                "SELECT setval(pg_get_serial_sequence('photo', 'id'), "
                "COALESCE((SELECT MAX(id) FROM photo), 0) + 1, false)"
            )
        )


def referenced(session: Session, addresses: Iterable[str]) -> set[str]:
    """Which of these files some photo row (of anyone) still uses."""
    wanted = list(set(addresses))
    if not wanted:
        return set()
    q = (
        select(PhotoRow.address)
        .where(PhotoRow.address.in_(wanted))
        .group_by(PhotoRow.address)
        .having(func.count() > 0)
    )
    return set(session.scalars(q))
