"""The measurement of the mark on a photo: a JSON column of the photo row (migration
0006_photo_measurement) and the photo's ``mm_per_px`` with it.

The JSON keys: ``source`` ("auto", "outline" or "by_hand"), ``area_mm2``, ``longest_mm``,
``across_mm``, ``outline`` ([[x, y], ...] in photo pixels; empty by hand), ``confidence``
(0-1), ``warnings`` and ``measured_at`` (ISO, UTC). Queries are scoped to one person.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from sitecare.storage.tables import PhotoRow

__all__ = ["dump", "load", "save_measurement"]


def load(text: str | None) -> dict[str, Any] | None:
    """The stored measurement (None when there is none, or it cannot be read)."""
    if not text:
        return None
    try:
        found = json.loads(text)
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


def _iso(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def dump(measurement: dict[str, Any] | None) -> str | None:
    """The JSON text (a datetime as ISO: an import's checked values come as datetimes)."""
    if measurement is None:
        return None
    return json.dumps(measurement, separators=(",", ":"), default=_iso)


def save_measurement(
    session: Session,
    person_id: int,
    photo_id: int,
    measurement: dict[str, Any] | None,
    mm_per_px: float | None,
) -> bool:
    """Store (or clear, with None) a photo's measurement; False when the photo is not this
    person's. The service owns the transaction."""
    done = session.execute(
        update(PhotoRow)
        .where(PhotoRow.id == photo_id, PhotoRow.person_id == person_id)
        .values(measurement=dump(measurement), mm_per_px=mm_per_px)
    )
    return bool(getattr(done, "rowcount", 0))
