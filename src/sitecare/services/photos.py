"""Photos of a check: add one (cleaned of every kind of metadata first), list, show, delete.

The front ends reach ``sitecare.photos`` only through here. A photo belongs to a check of the
person the service works for; anyone else's photo answers as one that does not exist (so a
program's worker sees only their program's clients' photos: ``ClientRecords.open`` has resolved
the client within the program already). A file goes when the last photo using it goes, after
the commit (a delete that is rolled back keeps its file).
"""

from __future__ import annotations

import base64
import contextlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sitecare.domain.errors import InvalidInput, NotFound
from sitecare.domain.inputs import check_id as check_id_
from sitecare.domain.messages import Msg
from sitecare.photos.clean import MAX_PHOTO_BYTES as MAX_PHOTO_BYTES
from sitecare.photos.clean import CleanPhoto, clean, is_clean
from sitecare.photos.store import PhotoStore
from sitecare.services.who import Who
from sitecare.storage.blobs import BlobStore
from sitecare.storage.engine import Database
from sitecare.storage.photos import PhotoRecord, PhotoRows, referenced
from sitecare.storage.repositories import People

__all__ = ["MAX_PHOTO_BYTES", "Photo", "Photos", "Side"]


#: a stored photo's facts (never its bytes); ``to_dict`` is what the API and CLI show
Photo = PhotoRecord


@dataclass(frozen=True)
class Side:
    """This photo beside the last one before it, and how wide each is drawn (per cent of the
    row): the same scale when both are measured, else each fills its half."""

    current: Photo
    previous: Photo | None
    widths: tuple[float, float]
    same_scale: bool


def side_by_side(current: Photo, previous: Photo | None) -> Side:
    """Lay two photos out side by side; measured photos keep their true relative size."""
    if previous is None:
        return Side(current, None, (100.0, 0.0), False)
    a, b = current.mm_per_px, previous.mm_per_px
    if a and b:
        wide_a, wide_b = current.width * a, previous.width * b
        most = max(wide_a, wide_b)
        return Side(current, previous, (50 * wide_a / most, 50 * wide_b / most), True)
    return Side(current, previous, (50.0, 50.0), False)


class Photos:
    """One person's photos."""

    def __init__(self, db: Database, who: Who | None, blobs: BlobStore) -> None:
        self.db = db
        self.who = who or Who()
        self.blobs = blobs

    def store(self) -> PhotoStore:
        keys = self.db.keys
        return PhotoStore(self.blobs, None if keys is None else keys.master, locked=self.db.locked)

    def _pid(self, s: Any, now: datetime) -> int | None:
        if self.who.person_id is not None:
            return self.who.person_id
        return People(s).person_id(self.who.program, self.who.person, now=now, create=False)

    # -- adding ---------------------------------------------------------------------------------

    def add(self, check_id: int, data: bytes, *, now: datetime) -> Photo:
        """Clean a photo and keep it with a stored check (NotFound for anyone else's check)."""
        check_id_(check_id, field="check_id")
        return self.keep(check_id, self.prepare(data), now=now)

    @staticmethod
    def prepare(data: bytes) -> CleanPhoto:
        """A photo cleaned and checked before anything is written (the CLI does this before
        the first question, so a bad file never throws answers away)."""
        return clean(data)

    def keep(self, check_id: int, cleaned: CleanPhoto, *, now: datetime) -> Photo:
        """Keep a prepared photo with a stored check (NotFound for anyone else's check)."""
        check_id_(check_id, field="check_id")
        store = self.store()
        address: str | None = None
        try:
            with self.db.transaction() as s:
                rows = PhotoRows(s, self._pid(s, now))
                if rows.person_id is None or not rows.check_exists(check_id):
                    raise NotFound(
                        Msg("There is no check with id %(check_id)s.", check_id=check_id)
                    )
                address = store.put(cleaned.data)
                rec = rows.add(
                    check_id=check_id,
                    uid=str(uuid.uuid4()),
                    address=address,
                    media_type=cleaned.media_type,
                    width=cleaned.width,
                    height=cleaned.height,
                    size_bytes=len(cleaned.data),
                    added_at=now,
                )
        except BaseException:
            if address is not None:  # best effort: a file no row names is harmless, and is
                with contextlib.suppress(Exception):  # used again if the photo comes again
                    self.drop_unused({address})
            raise
        return rec

    # -- reading --------------------------------------------------------------------------------

    def list_photos(
        self, *, now: datetime, check_id: int | None = None, region: str | None = None
    ) -> list[Photo]:
        """Photos, oldest first (of one check, or of one region's checks)."""
        with self.db.reading() as s:
            rows = PhotoRows(s, self._pid(s, now))
            return rows.list(check_id=check_id, region=region)

    def get(self, photo_id: int, *, now: datetime) -> Photo:
        check_id_(photo_id, field="photo_id")
        with self.db.reading() as s:
            found = PhotoRows(s, self._pid(s, now)).get(photo_id)
        if found is None:
            raise NotFound(Msg("There is no photo with id %(photo_id)s.", photo_id=photo_id))
        return found

    def image(self, photo_id: int, *, now: datetime) -> tuple[Photo, bytes]:
        """A photo and its image bytes (checked against the file's address)."""
        found = self.get(photo_id, now=now)
        return found, self.store().get(found.address)

    def beside_last(
        self, *, now: datetime, region: str, check_id: int | None = None
    ) -> Side | None:
        """The newest photo of a site (or of one check) beside the last one of an earlier
        check of the same site; None when the site has no photo yet."""
        photos = self.list_photos(now=now, region=region)
        mine = [p for p in photos if check_id is None or p.check_id == check_id]
        if not mine:
            return None
        current = mine[-1]
        before = [p for p in photos if p.check_at < current.check_at]
        return side_by_side(current, before[-1] if before else None)

    # -- deleting -------------------------------------------------------------------------------

    def delete(self, photo_id: int, *, now: datetime) -> Photo:
        """Delete one photo for good: its row now, its file once nothing uses it."""
        check_id_(photo_id, field="photo_id")
        with self.db.transaction() as s:
            rows = PhotoRows(s, self._pid(s, now))
            found = rows.get(photo_id)
            if found is None:
                raise NotFound(Msg("There is no photo with id %(photo_id)s.", photo_id=photo_id))
            rows.remove(photo_id)
        self.after_delete({found.address})
        self.db.forget_deleted()
        return found

    def count_of(self, s: Any, person_id: int | None) -> int:
        return PhotoRows(s, person_id).count()

    def files_of(self, s: Any, person_id: int | None, *, check_id: int | None = None) -> set[str]:
        """The files a check's (or the person's) photos use: read before deleting them."""
        return PhotoRows(s, person_id).addresses(check_id=check_id)

    def after_delete(self, addresses: Iterable[str]) -> None:
        """Once the delete is committed, remove the files no photo uses any more (the caller
        then calls ``db.forget_deleted()``, as after every delete)."""
        wanted = set(addresses)
        if wanted:
            self.db.after_commit(lambda: self.drop_unused(wanted))

    def drop_unused(self, addresses: set[str]) -> None:
        with self.db.reading() as s:
            used = referenced(s, addresses)
        self.store().delete(addresses - used)

    # -- export and import ----------------------------------------------------------------------

    def export_items(self, *, now: datetime) -> list[dict[str, Any]]:
        """Every photo for the export document, the image as base64 (the bytes as stored)."""
        store = self.store()
        return [photo_item(p, store.get(p.address)) for p in self._records(now)]

    def _records(self, now: datetime) -> list[PhotoRecord]:
        with self.db.reading() as s:
            return PhotoRows(s, self._pid(s, now)).list()


def photo_item(rec: PhotoRecord, data: bytes) -> dict[str, Any]:
    return {
        "id": rec.id,
        "uid": rec.uid,
        "check_uid": rec.check_uid,
        "added_at": rec.added_at.astimezone(UTC).isoformat(),
        "media_type": rec.media_type,
        "mm_per_px": rec.mm_per_px,
        "measurement": rec.measurement,
        "data": base64.b64encode(data).decode("ascii"),
    }


def read_image(n: int, text: str) -> CleanPhoto:
    """An export's photo: kept byte for byte when it is as sitecare writes them, else cleaned
    again (a file from elsewhere never brings metadata in)."""
    try:
        data = base64.b64decode(text, validate=True)
    except ValueError:
        said = Msg("photo #%(n)s: the image is not valid base64.", n=n)
        raise InvalidInput(said, field="photos") from None
    found = is_clean(data)
    if found is not None:
        return found
    try:
        return clean(data)
    except InvalidInput as exc:
        said = Msg("photo #%(n)s: %(problem)s", n=n, problem=exc.message)
        raise InvalidInput(said, field="photos") from None


def import_photos(
    photos: Photos,
    s: Any,
    person_id: int,
    items: list[tuple[dict[str, Any], CleanPhoto]],
    written: set[str],
) -> tuple[int, int]:
    """Add an export's photos in the import's transaction: (added, skipped); the files it
    wrote go into ``written`` (removed again when the import is rolled back).

    A photo already there (same uid) is skipped; its check must be in the file or stored.
    """
    rows = PhotoRows(s, person_id)
    known = rows.known_uids([f["uid"] for f, _ in items])
    busy = rows.taken_ids([f["id"] for f, _ in items])
    checks = rows.check_ids(f["check_uid"] for f, _ in items)
    store, added = photos.store(), 0
    for n, (fields, image) in enumerate(items, 1):
        if fields["uid"] in known:
            continue
        check = checks.get(fields["check_uid"])
        if check is None:
            raise InvalidInput(
                Msg(
                    "photo #%(n)s: its check (%(check_uid)s) is not in the file.",
                    n=n,
                    check_uid=fields["check_uid"],
                ),
                field="photos",
            )
        address = store.put(image.data)
        written.add(address)
        rows.add(
            id=None if fields["id"] in busy else fields["id"],
            check_id=check,
            uid=fields["uid"],
            address=address,
            media_type=image.media_type,
            width=image.width,
            height=image.height,
            size_bytes=len(image.data),
            added_at=fields["added_at"],
            mm_per_px=fields.get("mm_per_px"),
            measurement=fields.get("measurement"),
        )
        added += 1
    rows.resync_ids()
    return added, len(items) - added
