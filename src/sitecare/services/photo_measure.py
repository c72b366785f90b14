"""Measure the mark on a stored photo, and keep the measurement with the photo.

The front ends reach ``sitecare.measure`` only through here (and ``services.measure``). A
measurement is one of three kinds (its ``source``): ``auto`` (the outline sitecare traced),
``outline`` (the points a person dragged or traced, photo pixels) or ``by_hand`` (the longest
size and the size across, in mm, typed by a person: no outline, no scale).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sitecare.domain.errors import InvalidInput, NotFound
from sitecare.domain.inputs import check_id as check_id_
from sitecare.domain.messages import Msg
from sitecare.services.photos import Photo, Photos
from sitecare.storage.photo_measurements import save_measurement

if TYPE_CHECKING:
    from sitecare.services.triage import Triage

__all__ = [
    "NO_CARD_HELP",
    "PhotoMeasurements",
    "by_hand",
    "change_words",
    "compare_areas",
    "since_words",
]

#: what a page says when the photo shows no card
NO_CARD_HELP = (
    "No card was found in this photo, so sitecare cannot measure it. Lay the sitecare card "
    "flat next to the mark, with all of the card in the photo, and take the photo from straight "
    "above. You can also type the size in millimetres."
)
#: the largest size typed by hand (mm)
MAX_MM = 500.0


_NAMES = {"longest_mm": Msg("longest size"), "across_mm": Msg("size across")}


def _mm(value: Any, field: str) -> float:
    name = _NAMES[field]
    if isinstance(value, str):  # "6,5" as a Spanish (or French ...) keyboard writes it
        value = value.strip().replace(",", ".")
    try:
        mm = float(value)
    except (TypeError, ValueError):
        raise InvalidInput(
            Msg("The %(name)s must be a number of mm.", name=name), field=field
        ) from None
    if not math.isfinite(mm) or not 0 < mm <= MAX_MM:
        raise InvalidInput(
            Msg(
                "The %(name)s must be more than 0 and at most %(max_mm).0f mm.",
                name=name,
                max_mm=MAX_MM,
            ),
            field=field,
        )
    return mm


def by_hand(longest_mm: Any, across_mm: Any, *, now: datetime) -> dict[str, Any]:
    """A measurement typed by hand; the area is the ellipse's (pi/4 x longest x across)."""
    longest = _mm(longest_mm, "longest_mm")
    across = _mm(across_mm, "across_mm") if across_mm not in (None, "") else longest
    if across > longest:
        longest, across = across, longest
    return {
        "source": "by_hand",
        "area_mm2": round(math.pi / 4 * longest * across, 1),
        "longest_mm": round(longest, 1),
        "across_mm": round(across, 1),
        "outline": [],
        "confidence": 1.0,
        "warnings": [],
        "measured_at": now.astimezone(UTC).isoformat(),
    }


class PhotoMeasurements:
    """Measure one person's stored photos (``photos`` finds them, scoped to that person)."""

    def __init__(self, photos: Photos, triage: Triage | None = None) -> None:
        self.photos = photos
        #: the person's checks: a measurement kept or cleared compares them again (the
        #: follow-up's comparison uses measured sizes when both checks have one)
        self.triage = triage

    def preview(
        self, photo_id: int, *, now: datetime, outline: list[list[float]] | None = None
    ) -> dict[str, Any]:
        """What ``sitecare.measure`` finds on a stored photo, not stored: ``card_found``,
        the sizes, ``outline`` (photo pixels), ``confidence``, ``warnings``, ``mm_per_px``."""
        from sitecare import measure
        from sitecare.services.measure import decode

        _, data = self.photos.image(photo_id, now=now)
        try:
            found = measure.measure_photo(decode(data), outline=outline)
        except measure.OutlineError as exc:
            raise InvalidInput(str(exc), field="outline") from None
        return found.as_dict()

    def measure(
        self, photo_id: int, *, now: datetime, outline: list[list[float]] | None = None
    ) -> tuple[Photo, dict[str, Any]]:
        """Measure and store: the automatic outline, or ``outline``. Returns the photo and
        what was found; nothing is stored when no card (or no mark) was found."""
        found = self.preview(photo_id, now=now, outline=outline)
        if not found["card_found"] or found["area_mm2"] is None:
            return self.photos.get(photo_id, now=now), found
        measurement = {
            "source": "auto" if outline is None else "outline",
            **{k: found[k] for k in ("area_mm2", "longest_mm", "across_mm", "outline")},
            "confidence": found["confidence"],
            "warnings": found["warnings"],
            "measured_at": now.astimezone(UTC).isoformat(),
        }
        return self.save(photo_id, measurement, found.get("mm_per_px"), now=now), found

    def save_by_hand(
        self, photo_id: int, longest_mm: Any, across_mm: Any, *, now: datetime
    ) -> Photo:
        """Keep a size typed by hand (the photo keeps any scale it had)."""
        measurement = by_hand(longest_mm, across_mm, now=now)
        return self.save(
            photo_id, measurement, self.photos.get(photo_id, now=now).mm_per_px, now=now
        )

    def save(
        self,
        photo_id: int,
        measurement: dict[str, Any] | None,
        mm_per_px: float | None,
        *,
        now: datetime,
    ) -> Photo:
        check_id_(photo_id, field="photo_id")
        with self.photos.db.transaction() as s:
            pid = self.photos._pid(s, now)
            if pid is None or not save_measurement(s, pid, photo_id, measurement, mm_per_px):
                raise NotFound(Msg("There is no photo with id %(photo_id)s.", photo_id=photo_id))
        photo = self.photos.get(photo_id, now=now)
        if self.triage is not None:
            self.triage.remeasured(photo.check_id, self.by_check(now=now), now=now)
        return photo

    def area_series(self, region: str, *, now: datetime) -> list[tuple[datetime, float, int]]:
        """(check time, area in mm², photo id) for each measured check of a site, oldest
        first (a check with several measured photos counts its last one)."""
        by_check: dict[int, tuple[datetime, float, int]] = {}
        for p in self.photos.list_photos(now=now, region=region):
            area = (p.measurement or {}).get("area_mm2")
            if area:
                by_check[p.check_id] = (p.check_at, float(area), p.id)
        return sorted(by_check.values())

    def by_check(self, *, now: datetime, check_id: int | None = None) -> dict[int, dict[str, Any]]:
        """Each check's measurement (its last measured photo's, with ``photo_id``): what a
        check's JSON shows as ``measurement``."""
        found: dict[int, dict[str, Any]] = {}
        for p in self.photos.list_photos(now=now, check_id=check_id):
            if p.measurement:
                found[p.check_id] = {**p.measurement, "photo_id": p.id}
        return found

    def compare_checks(
        self, before_check: int, after_check: int, *, now: datetime
    ) -> dict[str, Any] | None:
        """How the measured area changed from one check to a later one (None unless both
        have a measured photo): ``compare_areas``'s answer. A comparison of re-checks (the
        ``follow`` work) calls this to use measured sizes when both checks have them."""
        measured = {c: (at, area) for at, area, c in self._areas(now)}
        return compare_areas(measured.get(before_check), measured.get(after_check))

    def measured_course(self, course: dict[str, Any], *, now: datetime) -> dict[str, Any]:
        """A site's course (``site_course``) with measured sizes: an entry whose check has a
        measured photo gets ``measured_mm2``; one whose check and the check before both have
        one gets ``measured_change`` (``compare_areas``), which the pages show in place of
        the sizes typed at the check."""
        areas = {c: (at, area) for at, area, c in self._areas(now)}
        entries, before = [], None
        for e in course.get("entries", []):
            mine = areas.get(e["check_id"])
            extra: dict[str, Any] = {"measured_mm2": None if mine is None else round(mine[1], 1)}
            extra["measured_change"] = compare_areas(before, mine)
            entries.append(e | extra)
            before = mine
        return course | {"entries": entries}

    def _areas(self, now: datetime) -> list[tuple[datetime, float, int]]:
        return [
            (p.check_at, float(p.measurement["area_mm2"]), p.check_id)
            for p in self.photos.list_photos(now=now)
            if p.measurement and p.measurement.get("area_mm2")
        ]

    def clear(self, photo_id: int, *, now: datetime) -> Photo:
        """Forget a photo's measurement (and its scale)."""
        return self.save(photo_id, None, None, now=now)


def since_words(before: datetime, after: datetime) -> str:
    """When ``before`` was, seen from ``after`` (the same time zone): "yesterday", "3 days
    ago", "earlier today"."""
    days = (after.date() - before.date()).days
    if days <= 0:
        return "earlier today"
    return "yesterday" if days == 1 else f"{days} days ago"


def compare_areas(
    before: tuple[datetime, float] | None, after: tuple[datetime, float] | None
) -> dict[str, Any] | None:
    """How a mark's measured area changed between two checks, for any comparison of
    re-checks (the ``follow`` work calls this when both checks have a measured photo):
    ``{"before_mm2", "after_mm2", "change_pct", "words"}``; None unless both are measured."""
    if before is None or after is None or before[1] <= 0:
        return None
    change = (after[1] - before[1]) / before[1] * 100
    return {
        "before_mm2": round(before[1], 1),
        "after_mm2": round(after[1], 1),
        "change_pct": round(change, 1),
        "words": change_words(before[1], after[1], since=since_words(before[0], after[0])),
    }


def change_words(before: float, after: float, *, what: str = "The redness", since: str) -> str:
    """How an area changed, in words: "The redness is 40% larger than yesterday."."""
    if before <= 0:
        return f"{what} measures {after:.0f} mm² now."
    change = (after - before) / before * 100
    if abs(change) < 5:
        return f"{what} is about the same size as {since}."
    word = "larger" if change > 0 else "smaller"
    return f"{what} is {abs(change):.0f}% {word} than {since}."
