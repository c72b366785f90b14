"""Nightscout treatments files in and out (``sitecare import``, ``sitecare export --format
nightscout``): an insulin-pump user's site changes live in both. No network calls."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sitecare.domain.atlas import Atlas
from sitecare.exports.nightscout import TreatmentsReader, TreatmentsWriter, looks_like_treatments
from sitecare.exports.validate import load_json
from sitecare.services.transfer import ImportReport, Transfer


@dataclass(frozen=True)
class TreatmentsImport:
    """What an import added, the site changes it could not place, what it left out."""

    report: ImportReport
    unmapped: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> list[str]:
        return [*self.unmapped, *self.left_out]

    def to_dict(self) -> dict[str, Any]:
        return {**self.report.to_dict(), "not_mapped": self.unmapped, "left_out": self.left_out}


class Nightscout:
    def __init__(self, transfer: Transfer, atlas: Atlas) -> None:
        self.transfer = transfer
        self.atlas = atlas

    def export_treatments(self, *, now: datetime) -> list[dict[str, Any]]:
        """Every subcutaneous injection as a ``Site Change`` treatment (v1 and v3 fields)."""
        doc = self.transfer.export_document(now=now)
        return TreatmentsWriter(self.atlas).treatments(doc["injections"])

    def export_text(self, *, now: datetime) -> str:
        return json.dumps(self.export_treatments(now=now), indent=2, ensure_ascii=False) + "\n"

    @staticmethod
    def is_treatments(text: str) -> bool:
        head = text.lstrip("\ufeff").lstrip()
        if not head.startswith(("[", "{")) or '"eventType"' not in head[:65536]:
            return False
        return looks_like_treatments(load_json(text, what="Nightscout treatments"))

    def import_text(self, text: str, *, now: datetime) -> TreatmentsImport:
        """Import the site changes, all or nothing; the rest is listed, never guessed."""
        read = TreatmentsReader(self.atlas).read(load_json(text, what="Nightscout treatments"))
        report = self.transfer.import_text(json.dumps(read.document), now=now)
        return TreatmentsImport(report, read.unmapped, read.left_out)
