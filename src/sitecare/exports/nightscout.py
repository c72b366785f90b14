"""Nightscout treatments: insulin-pump site changes in, subcutaneous injections out. Files only.

In: a treatments file as Nightscout's API v1 gives it (a JSON array) or API v3 (``{"status",
"result": [...]}``, or a bare array of v3 documents). ``Site Change`` and ``Sensor Change``
treatments become subcutaneous injections at the region AndroidAPS's ``location`` names
(``data/nightscout_locations.yaml``) or sitecare's own ``sitecare_region`` field; every other
treatment is counted and left out, and every site change that cannot be placed is listed with
the reason. Deleted documents (``isValid: false``) are left out.

Out: each subcutaneous injection as a ``Site Change`` treatment with both v1 (``created_at``)
and v3 (``date``, ``utcOffset``, ``identifier``, ``app``) fields, the region in ``notes`` in
words, AndroidAPS's ``location`` where a zone matches, and ``sitecare_*`` fields so an import
gives back the same rows.
"""

from __future__ import annotations

import functools
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sitecare.domain.atlas import Atlas
from sitecare.domain.errors import ImportFileError
from sitecare.domain.messages import Msg, counted, word
from sitecare.domain.yamlload import load_data
from sitecare.exports.validate import number_records, unchanged

EVENTS = ("Site Change", "Sensor Change")
APP = "sitecare"
NAMESPACE = uuid.UUID("0b7f3c1e-9d24-5a61-8e4b-7c2d9f1a6e35")


@functools.cache
def locations() -> Mapping[str, Any]:
    return dict(load_data("nightscout_locations.yaml"))


@dataclass
class TreatmentsRead:
    """The export document for the site changes, what could not be placed, what was left out."""

    document: dict[str, Any]
    #: each in words (a :class:`Msg`: English as the ``str``, said in the person's language)
    unmapped: list[str] = field(default_factory=list)
    other: Counter[str] = field(default_factory=Counter)

    @property
    def left_out(self) -> list[str]:
        return [
            counted(
                "%(n)s %(kind)s treatment: not a site change",
                "%(n)s %(kind)s treatments: not a site change",
                n,
                n=n,
                kind=repr(kind),
            )
            for kind, n in self.other.items()
        ]


def looks_like_treatments(raw: Any) -> bool:
    items = raw.get("result") if isinstance(raw, dict) else raw
    return isinstance(items, list) and all(
        isinstance(t, dict) and "eventType" in t for t in items[:50]
    )


def _items(raw: Any) -> list[Any]:
    items = raw.get("result") if isinstance(raw, dict) else raw
    if not isinstance(items, list):
        said = Msg(
            "This is not a Nightscout treatments file (expected a JSON array, or an API v3 "
            "answer with 'result')."
        )
        raise ImportFileError(unchanged(said))
    return items


class TreatmentsReader:
    def __init__(self, atlas: Atlas) -> None:
        self.atlas = atlas
        self.zones: Mapping[str, Mapping[str, Any]] = locations()["zones"]
        self.events: Mapping[str, Mapping[str, str]] = locations()["events"]

    def read(self, raw: Any) -> TreatmentsRead:
        result = TreatmentsRead({"format": "sitecare-export", "version": 1})
        injections: list[dict[str, Any]] = []
        for n, t in enumerate(_items(raw)):
            where = Msg("treatment #%(n)s", n=n + 1)
            if not isinstance(t, dict):
                said = Msg("%(where)s: not a JSON object.", where=where)
                raise ImportFileError(unchanged(said))
            kind = str(t.get("eventType") or "(no eventType)")
            if t.get("isValid") is False:
                continue
            if kind not in EVENTS:
                result.other[kind[:40]] += 1
                continue
            at = treatment_time(t, where)
            region, why = self._region(t)
            if region is None:
                said = Msg(
                    "%(where)s (%(kind)s, %(at)s): %(why)s",
                    where=where,
                    kind=kind,
                    at=at.strftime("%Y-%m-%d %H:%M"),
                    why=why,
                )
                result.unmapped.append(said)
                continue
            injections.append(self._injection(t, kind, at, region))
        number_records(injections)
        result.document.update(injections=injections, observations=[])
        return result

    def _region(self, t: Mapping[str, Any]) -> tuple[str | None, str]:
        own = t.get("sitecare_region")
        if isinstance(own, str) and own in self.atlas:
            return own, ""
        location = t.get("location")
        if not location or location == "<none>":
            return None, Msg("no site location (no AndroidAPS 'location', no sitecare region)")
        zone = self.zones.get(_zone_name(str(location)))
        if zone is None:
            return None, Msg(
                "location %(location)s is not an AndroidAPS zone sitecare knows",
                location=repr(str(location)[:60]),
            )
        if zone["region"] is None:
            return None, Msg(
                "location %(location)s: %(why)s", location=repr(location), why=word(zone["why"])
            )
        return str(zone["region"]), ""

    def _injection(
        self, t: Mapping[str, Any], kind: str, at: datetime, region: str
    ) -> dict[str, Any]:
        note = t.get("sitecare_note") if "sitecare_region" in t else _note(t)
        spot = t.get("sitecare_spot")
        if spot is not None and str(spot) not in {s.id for s in self.atlas.region(region).spots}:
            spot = None
        return {
            "id": t.get("sitecare_id") if isinstance(t.get("sitecare_id"), int) else None,
            "uid": _uid(t),
            "at": at.isoformat(),
            "region": region,
            "spot": spot,
            "route": "subcutaneous",
            "medicine": t.get("sitecare_medicine")
            if "sitecare_region" in t
            else self.events[kind]["label"],
            "note": note,
        }


def _zone_name(text: str) -> str:
    """AndroidAPS's zone text ("Front Left Lower Abdomen"), also from its enum name."""
    return " ".join(w.capitalize() for w in text.replace("_", " ").split())


def _note(t: Mapping[str, Any]) -> str | None:
    parts = [str(t["notes"])] if t.get("notes") else []
    if t.get("arrow") and t["arrow"] != "<none>":
        parts.append(f"AndroidAPS direction in the zone: {t['arrow']}")
    return "\n".join(parts)[:2000] or None


def _uid(t: Mapping[str, Any]) -> str:
    ident = t.get("identifier") or t.get("_id")
    try:
        return str(uuid.UUID(str(ident)))  # sitecare's own uid comes back as it went out
    except ValueError:
        return str(uuid.uuid5(NAMESPACE, f"nightscout:{ident}"))


def treatment_time(t: Mapping[str, Any], where: str) -> datetime:
    """v1 ``created_at`` (ISO, UTC) or v3 ``date`` (epoch ms or s, or ISO), shown in the
    ``utcOffset`` zone when the treatment gives one."""
    value = t.get("created_at")
    if not isinstance(value, str):
        value = t.get("date", t.get("timestamp"))
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            seconds = value / 1000 if value > 1e11 else value
            at = datetime.fromtimestamp(seconds, UTC)
        else:
            at = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except (ValueError, OverflowError, OSError):
        said = Msg(
            "%(where)s: %(value)s is not a time (expected created_at or date).",
            where=where,
            value=repr(str(value)[:40]),
        )
        raise ImportFileError(unchanged(said)) from None
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)  # Nightscout stores UTC
    offset = t.get("utcOffset")
    if isinstance(offset, int | float) and abs(offset) <= 16 * 60:
        at = at.astimezone(timezone(timedelta(minutes=int(offset))))
    return at


class TreatmentsWriter:
    def __init__(self, atlas: Atlas) -> None:
        self.atlas = atlas
        zones = locations()["zones"]
        # a region's first Front or Back zone is the one written (a Side zone only if alone)
        self.zone_of: dict[str, str] = {}
        for name, zone in sorted(zones.items(), key=lambda z: z[0].startswith("Side")):
            if zone["region"] and zone["region"] not in self.zone_of:
                self.zone_of[zone["region"]] = name

    def treatments(self, injections: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        return [self.treatment(i) for i in injections if i["route"] == "subcutaneous"]

    def treatment(self, inj: Mapping[str, Any]) -> dict[str, Any]:
        at = datetime.fromisoformat(inj["at"])
        offset = at.utcoffset() or timedelta(0)
        label = self.atlas.region(inj["region"]).label
        words = f"{label}, spot {inj['spot']}" if inj.get("spot") else label
        notes = f"sitecare: {words}" + (f". {inj['note']}" if inj.get("note") else "")
        t: dict[str, Any] = {
            "eventType": "Site Change",
            "identifier": inj["uid"],
            "date": int(at.timestamp() * 1000),
            "utcOffset": int(offset.total_seconds() // 60),
            "created_at": at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "app": APP,
            "enteredBy": APP,
            "notes": notes,
            "sitecare_id": inj["id"],
            "sitecare_region": inj["region"],
            "sitecare_spot": inj.get("spot"),
            "sitecare_medicine": inj.get("medicine"),
            "sitecare_note": inj.get("note"),
        }
        if inj["region"] in self.zone_of:
            t["location"] = self.zone_of[inj["region"]]
        return t
