"""Pocket's records in memory: injections, checks and settings, in the export document's shape.

:class:`Pocket` is a small stand-in for the service facade (``services.app.Sitecare``): it has
``records``, ``planning``, ``triage`` and ``transfer`` with the methods the pages call, answers
what the services answer, and applies the same rules (``domain.inputs``, ``domain.planning``,
``domain.transfer``, ``domain.casecheck``). It keeps nothing itself: every change is also
listed in :attr:`Pocket.writes`, which the JavaScript side stores in IndexedDB in one
transaction (see ``sitecare.views.api`` for the shapes).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sitecare.domain.atlas import Atlas, load_atlas
from sitecare.domain.emergency import DEFAULT_EMERGENCY_NUMBER
from sitecare.domain.errors import ImportFileError
from sitecare.domain.planning import (
    RECENT,
    inputs_from_records,
)
from sitecare.domain.records import (
    PERSONAL_CODE,
    PERSONAL_PROGRAM,
    CheckResult,
    Injection,
    LogResult,
    Observation,
    injection_order,
)
from sitecare.domain.transfer import FORMAT, VERSION, check_times, read_document, stored_time
from sitecare.domain.triage import check_emergency_number
from sitecare.domain.usage import HORIZON, PlanningInputs
from sitecare.views.state_parts import (
    RECORD_STORES,
    STORES,
    Write,
    _Planning,
    _Records,
    _Transfer,
    _Triage,
    check_record,
    injection_record,
)

# re-exported: the parts and the record shapes are in views.state_parts
__all__ = [
    "RECORD_STORES",
    "STORES",
    "CheckResult",
    "LogResult",
    "Pocket",
    "Write",
    "check_record",
    "injection_record",
]


class Pocket:
    """All of one person's records, in memory, with the use cases the pages and the API call."""

    def __init__(
        self, atlas: Atlas | None = None, *, emergency_number: str = DEFAULT_EMERGENCY_NUMBER
    ) -> None:
        self.atlas = atlas or load_atlas()
        #: the language of the words pocket shows (ids stay English); English until set
        self.language = "en"
        self.emergency_number = check_emergency_number(emergency_number)
        self._injections: dict[int, Injection] = {}
        self._index: tuple[list[Injection], list[float]] | None = None
        self.observations: dict[int, Observation] = {}
        self.settings_store: dict[str, Any] = {}
        #: what changed since the last :meth:`take_writes`
        self.writes: list[Write] = []
        self.records = _Records(self)
        self.planning = _Planning(self)
        self.triage = _Triage(self)
        self.transfer = _Transfer(self)

    # -- the injections, with a time index kept for the planner ----------------------------

    @property
    def injections(self) -> dict[int, Injection]:
        """The injections by id (change them through the methods, or call ``invalidate``)."""
        return self._injections

    @injections.setter
    def injections(self, value: dict[int, Injection]) -> None:
        self._injections = value
        self._index = None

    def invalidate(self) -> None:
        """Forget the time index (after changing ``injections`` in place)."""
        self._index = None

    def index(self) -> tuple[list[Injection], list[float]]:
        """The injections oldest first (by time, then id), and their POSIX times."""
        if self._index is None:
            items = sorted(self._injections.values(), key=injection_order)
            self._index = (items, [i.at.timestamp() for i in items])
        return self._index

    # -- writes -----------------------------------------------------------------------------

    def take_writes(self) -> list[Write]:
        out, self.writes = self.writes, []
        return out

    def _put_injection(self, inj: Injection) -> None:
        self._injections[inj.id] = inj
        self._index = None
        self.writes.append(
            {"op": "put", "store": "injections", "key": inj.id, "value": injection_record(inj)}
        )

    def _put_check(self, obs: Observation) -> None:
        self.observations[obs.id] = obs
        self.writes.append(
            {"op": "put", "store": "checks", "key": obs.id, "value": check_record(obs)}
        )

    def _put_setting(self, key: str, value: Any) -> None:
        if value is None:
            if key in self.settings_store:
                del self.settings_store[key]
                self.writes.append({"op": "delete", "store": "settings", "key": key})
            return
        self.settings_store[key] = value
        self.writes.append({"op": "put", "store": "settings", "key": key, "value": value})

    # -- reading for the planner ------------------------------------------------------------

    def inputs(self, until: datetime, *, recent: bool = True) -> PlanningInputs:
        """What the planner reads at ``until``: ``domain.planning.inputs_from_records`` (the
        reference), read from the time index (a test checks the two agree)."""
        items, times = self.index()
        end = bisect_right(times, until.timestamp())
        start = bisect_right(times, (until - HORIZON).timestamp(), 0, end)
        last: dict[tuple[str, str | None], datetime] = {}
        for inj in items[start:end]:  # oldest first: the last one seen is the latest
            last[(inj.region, inj.spot)] = inj.at
        newest = items[: -RECENT - 1 : -1] if recent else []
        return PlanningInputs(
            settings=dict(self.settings_store),
            recent=[(i.route, i.medicine) for i in newest],
            last_uses=[(r, sp, at.astimezone(UTC)) for (r, sp), at in last.items()],
            observations=self.sorted_checks(),
        )

    def reference_inputs(self, until: datetime, *, recent: bool = True) -> PlanningInputs:
        return inputs_from_records(
            list(self._injections.values()),
            self.observations.values(),
            self.settings_store,
            until=until,
            recent=recent,
        )

    def sorted_injections(self) -> list[Injection]:
        return list(self.index()[0])

    def sorted_checks(self) -> list[Observation]:
        return sorted(self.observations.values(), key=lambda o: (o.at, o.id))

    def _new_id(self, taken: Mapping[int, Any]) -> int:
        return max(taken, default=0) + 1

    # -- the whole state --------------------------------------------------------------------

    def export_document(self, *, now: datetime) -> dict[str, Any]:
        """Everything, exactly as ``sitecare export --format json`` writes it."""
        return {
            "format": FORMAT,
            "version": VERSION,
            "exported_at": now.isoformat(),
            "person": {"code": PERSONAL_CODE, "program": PERSONAL_PROGRAM},
            "injections": [injection_record(i) for i in self.sorted_injections()],
            "observations": [check_record(o) for o in self.sorted_checks()],
            "settings": dict(self.settings_store),
        }

    def load(self, raw: Any) -> dict[str, int]:
        """Replace the state with an export document (what the JS side rebuilt from its
        stores). Checked whole first; nothing changes when it is damaged. No writes."""
        doc = read_document(raw, self.atlas)
        self.injections = {i.id: replace(i, at=stored_time(i.at)) for i in doc.injections}
        self.observations = {o.id: replace(o, at=stored_time(o.at)) for o in doc.observations}
        if len(self.injections) != len(doc.injections) or len(self.observations) != len(
            doc.observations
        ):
            raise ImportFileError("Two records have the same id (nothing was loaded).")
        self.settings_store = dict(doc.settings)
        self.writes = []
        return {
            "injections": len(self.injections),
            "checks": len(self.observations),
            "settings": len(self.settings_store),
        }

    def import_document(self, raw: Any, *, now: datetime) -> dict[str, int]:
        """Import an export document, all or nothing, as ``sitecare import`` does: records
        already present (same uid) are skipped, ids kept when free, settings added when unset."""
        doc = read_document(raw, self.atlas)
        check_times((r.at for r in doc.injections), (r.at for r in doc.observations), now)
        added = {"injection": 0, "observation": 0}
        skipped = 0
        plans: tuple[tuple[str, list[Any], dict[int, Any]], ...] = (
            ("injection", doc.injections, self.injections),
            ("observation", doc.observations, self.observations),
        )
        for kind, records, store in plans:
            known = {r.uid for r in store.values()}
            fresh = []
            for rec in records:
                if rec.uid in known:
                    skipped += 1
                else:
                    known.add(rec.uid)
                    fresh.append(rec)
            taken = set(store)
            keep = []
            for rec in fresh:  # ids are kept when free (an export into an empty pocket is exact)
                keep.append(rec.id not in taken)
                taken.add(rec.id)
            for rec, kept in zip(fresh, keep, strict=True):
                if not kept:
                    rec = replace(rec, id=max(taken) + 1)
                    taken.add(rec.id)
                rec = replace(rec, at=stored_time(rec.at))
                if kind == "injection":
                    self._put_injection(rec)
                else:
                    self._put_check(rec)
                added[kind] += 1
        added_settings = 0
        for key, value in doc.settings.items():
            if key not in self.settings_store:
                self._put_setting(key, value)
                added_settings += 1
        return {
            "injections_added": added["injection"],
            "observations_added": added["observation"],
            "skipped_existing": skipped,
            "settings_added": added_settings,
        }

    def erase(self) -> dict[str, int]:
        counts = {
            "injections": len(self.injections),
            "checks": len(self.observations),
            "settings": len(self.settings_store),
        }
        self.injections, self.observations, self.settings_store = {}, {}, {}
        self.writes.extend({"op": "clear", "store": s} for s in RECORD_STORES)
        return counts
