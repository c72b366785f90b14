"""The service facade: one object the CLI and the web app build from Settings and then call."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from sitecare.config import Settings
from sitecare.domain.atlas import Atlas, load_atlas
from sitecare.domain.language import DEFAULT_LANGUAGE, shipped
from sitecare.services.backup import Backups
from sitecare.services.database import open_blobs, open_database
from sitecare.services.fhir import Fhir
from sitecare.services.nightscout import Nightscout
from sitecare.services.photo_measure import PhotoMeasurements
from sitecare.services.photos import Photos
from sitecare.services.planning import Planning
from sitecare.services.read_ahead import ReadAhead
from sitecare.services.records import Records
from sitecare.services.report import Report
from sitecare.services.transfer import Transfer
from sitecare.services.triage import Triage
from sitecare.services.who import Who
from sitecare.storage.engine import Database


class Sitecare:
    """Every use case, for one person (the implicit personal one unless ``who`` says otherwise)."""

    def __init__(
        self,
        settings: Settings,
        *,
        who: Who | None = None,
        db: Database | None = None,
        atlas: Atlas | None = None,
        language: str | None = None,
        read_ahead: ReadAhead | None = None,
    ) -> None:
        self.settings = settings
        #: the planner's inputs the client lookup read already (``services.read_ahead``)
        self.read_ahead = read_ahead
        #: the language of every word the services give back (ids stay English)
        self.language = shipped(language) or shipped(settings.language) or DEFAULT_LANGUAGE
        self.db = db or open_database(settings)
        self.atlas = atlas or load_atlas()
        self.who = who or Who()

    # Each use case is made when it is first used: a web request builds this facade and then
    # calls one or two of them (recording an injection needs only ``records``).

    @cached_property
    def records(self) -> Records:
        return Records(self.db, self.who, self.atlas, read_ahead=self.read_ahead)

    @cached_property
    def photos(self) -> Photos:
        return Photos(self.db, self.who, open_blobs(self.settings))

    @cached_property
    def measurements(self) -> PhotoMeasurements:
        return PhotoMeasurements(self.photos, self.triage)

    @cached_property
    def transfer(self) -> Transfer:
        return Transfer(self.db, self.who, self.atlas, photos=self.photos)

    @cached_property
    def fhir(self) -> Fhir:
        return Fhir(self.transfer, self.atlas)

    @cached_property
    def nightscout(self) -> Nightscout:
        return Nightscout(self.transfer, self.atlas)

    @cached_property
    def triage(self) -> Triage:
        return Triage(
            self.db,
            self.who,
            self.atlas,
            emergency_number=self.settings.emergency_number,
            photos=self.photos,
            language=self.language,
        )

    @cached_property
    def planning(self) -> Planning:
        return Planning(self.db, self.who, self.atlas)

    @cached_property
    def report(self) -> Report:
        return Report(self.db, self.who, self.atlas, photos=self.photos)

    @cached_property
    def backups(self) -> Backups:
        return Backups(self.db, self.photos.blobs)

    def close(self) -> None:
        """Release database connections (the web app and tests call this at shutdown)."""
        self.db.dispose()

    def __enter__(self) -> Sitecare:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def sites(self, *, route: str | None = None) -> list[dict[str, Any]]:
        """The atlas, as ``sitecare sites --json`` and ``GET /api/v1/sites`` give it."""
        regions = self.atlas.for_route(route) if route else self.atlas.regions
        return [r.to_dict() for r in regions]


__all__ = ["Sitecare", "open_database"]
