"""Export everything a person has recorded, and import it back, losslessly.

Two formats: one JSON document, or one CSV file with a ``record`` column. An import is checked
whole before anything is written, and written in one transaction: a damaged file changes nothing.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from sitecare.domain.atlas import Atlas, load_atlas
from sitecare.domain.errors import ImportFileError, InvalidInput
from sitecare.domain.field_errors import bad_record, field_problem
from sitecare.domain.messages import Msg
from sitecare.domain.transfer import (
    CSV_COLUMNS,
    FORMAT,
    VERSION,
    check_setting,
    check_sites,
    check_stored_checks,
    check_times,
    parse_text,
)
from sitecare.services.csv_cells import neutralise
from sitecare.services.photos import Photos, import_photos, read_image
from sitecare.services.transfer_records import ExportIn, InjectionIn, ObservationIn
from sitecare.services.triage_input import validate_assessment, validate_case
from sitecare.services.who import Who
from sitecare.storage.engine import Database
from sitecare.storage.repositories import (
    Injections,
    Observations,
    People,
    RecordKind,
    Settings,
    existing_uids,
    resync_id_sequences,
    taken_ids,
)

Progress = Callable[[int], None]


@dataclass(frozen=True)
class ImportReport:
    injections_added: int
    observations_added: int
    skipped_existing: int
    settings_added: int
    photos_added: int = 0

    def to_dict(self) -> dict[str, int]:
        return {
            "injections_added": self.injections_added,
            "observations_added": self.observations_added,
            "skipped_existing": self.skipped_existing,
            "settings_added": self.settings_added,
            "photos_added": self.photos_added,
        }


def _exported(records: Iterable[Any], progress: Progress | None) -> list[dict[str, Any]]:
    """Records as an export holds them (without the person: the document names it once)."""
    rows = []
    for record in records:
        d = record.to_dict()
        d.pop("person")
        rows.append(d)
        if progress:
            progress(1)
    return rows


def _describe_validation(exc: ValidationError) -> Msg:
    """The first problem pydantic found, with its record and field, in each language."""
    first = exc.errors()[0]
    problem = field_problem(first["type"], first.get("msg", "invalid value"), first.get("ctx"))
    return bad_record(tuple(first.get("loc", ())), problem)


class Transfer:
    """Export and import for one person."""

    def __init__(
        self,
        db: Database,
        who: Who | None = None,
        atlas: Atlas | None = None,
        photos: Photos | None = None,
    ) -> None:
        self.db = db
        self.who = who or Who()
        self.atlas = atlas or load_atlas()
        #: the person's photos (their images go into a JSON export as base64)
        self.photos = photos

    # -- export -----------------------------------------------------------------------------

    def count(self, *, now: datetime) -> int:
        with self.db.reading() as s:
            pid = People(s).person_id(self.who.program, self.who.person, now=now, create=False)
            return Injections(s, pid).count() + len(Observations(s, pid).list())

    def export_document(self, *, now: datetime, progress: Progress | None = None) -> dict[str, Any]:
        """Everything as one JSON-ready document."""
        with self.db.reading() as s:
            pid = People(s).person_id(self.who.program, self.who.person, now=now, create=False)
            injections = _exported(Injections(s, pid, self.who.person).iter(), progress)
            observations = _exported(Observations(s, pid, self.who.person).list(), progress)
            settings = Settings(s, pid).all()
        doc = {
            "format": FORMAT,
            "version": VERSION,
            "exported_at": now.isoformat(),
            "person": {"code": self.who.person, "program": self.who.program},
            "injections": injections,
            "observations": observations,
            "settings": settings,
        }
        photos = [] if self.photos is None else self.photos.export_items(now=now)
        if photos:  # an export without photos stays as it was (pocket reads it)
            doc["photos"] = photos
        return doc

    def export_json(self, *, now: datetime, progress: Progress | None = None) -> str:
        return (
            json.dumps(
                self.export_document(now=now, progress=progress), indent=2, ensure_ascii=False
            )
            + "\n"
        )

    def export_zip(self, *, now: datetime, progress: Progress | None = None) -> bytes:
        """Everything as one zip file: the JSON document, each photo in a file of its own."""
        from sitecare.services.transfer_zip import export_zip

        return export_zip(self.export_document(now=now, progress=progress), now=now)

    def export_csv(self, *, now: datetime, progress: Progress | None = None) -> str:
        """Everything as one CSV file; every cell is formula-safe (see ``csv_cells``)."""
        doc = self.export_document(now=now, progress=progress)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)

        def row(values: dict[str, Any]) -> None:
            writer.writerow([neutralise(values.get(c)) for c in CSV_COLUMNS])

        for inj in doc["injections"]:
            row({"record": "injection", **inj, "data": ""})
        for obs in doc["observations"]:
            data = {k: obs[k] for k in ("level", "rest_days", "blocked", "case", "assessment")}
            fields = {k: obs[k] for k in ("id", "uid", "at", "region", "spot", "note")}
            row({"record": "observation", **fields, "data": json.dumps(data, sort_keys=True)})
        for key, value in sorted(doc["settings"].items()):
            row({"record": "setting", "note": key, "data": json.dumps(value)})
        return out.getvalue()

    # -- erase ------------------------------------------------------------------------------

    def erase_everything(self, *, now: datetime) -> dict[str, int]:
        """Delete every record of this person for good: injections, checks, settings.

        On SQLite the freed pages are overwritten too (``secure_delete``) and the write-ahead
        log is checkpointed and truncated, so nothing can be read back from the files.
        """
        with self.db.transaction() as s:
            people = People(s)
            pid = people.person_id(self.who.program, self.who.person, now=now, create=False)
            if pid is None:
                return {"injections": 0, "checks": 0, "settings": 0, "photos": 0}
            files = set() if self.photos is None else self.photos.files_of(s, pid)
            photo_count = 0 if self.photos is None else self.photos.count_of(s, pid)
            counts = people.erase_person(pid) | {"photos": photo_count}
        if self.photos is not None:
            self.photos.after_delete(files)  # the photo files go once the rows have gone
        self.db.forget_deleted()  # and nothing is left in the write-ahead log either
        return counts

    # -- import -----------------------------------------------------------------------------

    def parse(self, text: str) -> ExportIn:
        """Read and check a whole export file; raise ImportFileError naming the first problem."""
        raw = parse_text(text)  # the domain's reading of JSON and CSV (pocket reads it so too)
        try:
            doc = ExportIn.model_validate(raw)
        except ValidationError as exc:
            raise ImportFileError(_describe_validation(exc)) from None
        self._check_sites(doc)
        return doc

    def _check_sites(self, doc: ExportIn) -> None:
        # the record rules are the domain's (pocket applies the same ones, without pydantic)
        check_sites(
            self.atlas,
            ((r.region, r.spot, r.uid) for r in doc.injections),
            ((r.region, r.spot, r.uid) for r in doc.observations),
        )
        check_stored_checks(doc.observations, validate_case, validate_assessment)
        doc.settings = dict(self._check_setting(k, v) for k, v in doc.settings.items())

    def _check_setting(self, key: str, value: Any) -> tuple[str, Any]:
        """A setting from a file, read by the same rules as ``sitecare settings set``."""
        return check_setting(self.atlas, key, value)

    def _check_times(self, doc: ExportIn, now: datetime) -> None:
        check_times((r.at for r in doc.injections), (r.at for r in doc.observations), now)

    def import_text(
        self, text: str, *, now: datetime, progress: Progress | None = None
    ) -> ImportReport:
        """Import an export file into this person's records, all or nothing.

        Records already present (same uid) are skipped, so importing a file twice adds nothing.
        Ids are kept when they are free, which makes export -> import into an empty database exact.
        """
        doc = self.parse(text)
        self._check_times(doc, now)
        images = self._images(doc)  # every photo is read (and cleaned) before anything is written
        written: set[str] = set()
        photos_added = 0
        try:
            with self.db.transaction() as s:
                pid = People(s).person_id(self.who.program, self.who.person, now=now, create=True)
                assert pid is not None
                added, skipped = self._add_records(s, pid, doc, now, progress)
                added_settings = self._add_settings(s, pid, doc)
                if images and self.photos is not None:
                    try:
                        photos_added, more = import_photos(self.photos, s, pid, images, written)
                    except InvalidInput as exc:
                        raise ImportFileError(exc.message) from None
                    skipped += more
                resync_id_sequences(s)
        except BaseException:
            if written and self.photos is not None:
                self.photos.drop_unused(written)  # nothing was kept: neither are the files
            raise
        return ImportReport(
            added["injection"], added["observation"], skipped, added_settings, photos_added
        )

    def _images(self, doc: ExportIn) -> list[tuple[dict[str, Any], Any]]:
        if doc.photos and self.photos is None:
            raise ImportFileError(Msg("The file holds photos, and photos cannot be kept here."))
        try:
            return [
                (p.model_dump(exclude={"data"}), read_image(n, p.data))
                for n, p in enumerate(doc.photos, 1)
            ]
        except InvalidInput as exc:
            raise ImportFileError(exc.message, hint=exc.hint) from None

    def _add_records(
        self, s: Any, pid: int, doc: ExportIn, now: datetime, progress: Progress | None
    ) -> tuple[dict[str, int], int]:
        added = {"injection": 0, "observation": 0}
        skipped = 0
        batches: tuple[tuple[RecordKind, Sequence[InjectionIn | ObservationIn], Any], ...] = (
            ("injection", doc.injections, Injections(s, pid, self.who.person)),
            ("observation", doc.observations, Observations(s, pid, self.who.person)),
        )
        for kind, records, repo in batches:
            known = existing_uids(s, kind, (r.uid for r in records))
            busy = taken_ids(s, kind, [r.id for r in records])
            for rec in records:
                if rec.uid in known:
                    skipped += 1
                else:
                    fields = rec.model_dump(exclude={"id", "person"})
                    repo.add(id=None if rec.id in busy else rec.id, now=now, **fields)
                    added[kind] += 1
                if progress:
                    progress(1)
        return added, skipped

    @staticmethod
    def _add_settings(s: Any, pid: int, doc: ExportIn) -> int:
        settings = Settings(s, pid)
        current = settings.all()
        added_settings = 0
        for key, value in doc.settings.items():
            if key not in current:
                settings.put(key, value)
                added_settings += 1
        return added_settings

    def record_count(self, text: str) -> int:
        """How many records a file holds (for a progress bar); 0 when it cannot be read."""
        try:
            doc = self.parse(text)
        except ImportFileError:
            return 0
        return len(doc.injections) + len(doc.observations)


def _none_to_empty(d: dict[str, Any]) -> dict[str, Any]:
    return {k: ("" if v is None else v) for k, v in d.items()}
