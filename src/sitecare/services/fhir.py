"""FHIR R4 out and in: ``sitecare export --format fhir``, ``GET /api/v1/export?format=fhir``
and ``sitecare import`` of a Bundle.

The Bundle is built from the same export document as sitecare's JSON, and read back into that
document, which then goes through the same import (all or nothing, uids once, ids kept when
free): an export into an empty database gives back the same injections and checks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sitecare.domain.atlas import Atlas
from sitecare.exports.fhir_in import BundleReader, looks_like_bundle
from sitecare.exports.fhir_out import BundleWriter
from sitecare.services.transfer import ImportReport, Transfer

MEDIA_TYPE = "application/fhir+json"


@dataclass(frozen=True)
class BundleImport:
    """What an import added, and which resources of the Bundle sitecare does not keep."""

    report: ImportReport
    skipped: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {**self.report.to_dict(), "skipped_resources": list(self.skipped)}


class Fhir:
    """FHIR export and import for one person (the same person as ``transfer``)."""

    def __init__(self, transfer: Transfer, atlas: Atlas) -> None:
        self.transfer = transfer
        self.atlas = atlas

    def export_bundle(self, *, now: datetime, with_photos: bool = False) -> dict[str, Any]:
        """Everything the person recorded as one validated R4 Bundle (type collection); with
        photos, each photo as a Media holding its image."""
        doc = self.transfer.export_document(now=now)
        return BundleWriter(self.atlas).bundle(doc, with_photos=with_photos)

    def export_text(self, *, now: datetime, with_photos: bool = False) -> str:
        bundle = self.export_bundle(now=now, with_photos=with_photos)
        return json.dumps(bundle, indent=2, ensure_ascii=False) + "\n"

    @staticmethod
    def is_bundle(text: str) -> bool:
        return looks_like_bundle(text)

    def import_text(self, text: str, *, now: datetime) -> BundleImport:
        """Import a Bundle, all or nothing; a refusal names the element and changes nothing."""
        read = BundleReader(self.atlas).read_text(text)
        report = self.transfer.import_text(json.dumps(read.document), now=now)
        return BundleImport(report, read.skipped)
