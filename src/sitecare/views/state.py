"""Pocket's records in memory: injections, checks and settings, in the export document's shape.

:class:`Pocket` is a small stand-in for the service facade (``services.app.Sitecare``): it has
``records``, ``planning``, ``triage`` and ``transfer`` with the methods the pages call, answers
what the services answer, and applies the same rules (``domain.inputs``, ``domain.planning``,
``domain.transfer``, ``domain.casecheck``). It keeps nothing itself: every change is also
listed in :attr:`Pocket.writes`, which the JavaScript side stores in IndexedDB in one
transaction (see ``sitecare.views.api`` for the shapes).
"""

from __future__ import annotations

import uuid
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from sitecare.domain.atlas import Atlas, load_atlas
from sitecare.domain.casecheck import validate_assessment, validate_case
from sitecare.domain.errors import ImportFileError, InvalidInput, NotFound
from sitecare.domain.inputs import (
    MAX_NOTE,
    check_injection_fields,
    check_limit,
    check_time,
    clean_text,
    validate_site,
)
from sitecare.domain.inputs import (
    check_id as check_id_,
)
from sitecare.domain.planning import (
    RECENT,
    inputs_from_records,
    one_region_status,
    site_status,
    status_inputs,
    suggest_from,
    use_warnings_from,
)
from sitecare.domain.records import PERSONAL_CODE, PERSONAL_PROGRAM, Injection, Observation
from sitecare.domain.rotation_settings import PlannerSettings, describe_settings, parse_setting
from sitecare.domain.suggestion import Suggestion
from sitecare.domain.transfer import FORMAT, VERSION, check_times, read_document, stored_time
from sitecare.domain.triage import assess, check_emergency_number
from sitecare.domain.triage.questionnaire import Step, answers_to_case, next_step
from sitecare.domain.usage import HORIZON, PlanningInputs

Write = dict[str, Any]

#: the IndexedDB object stores the writes name (``meta`` is the JS side's own)
STORES = ("injections", "checks", "settings", "meta")
#: the stores that hold records (erase clears these)
RECORD_STORES = ("injections", "checks", "settings")


def injection_record(inj: Injection) -> dict[str, Any]:
    """An injection as the export document holds it (no ``person``)."""
    d = inj.to_dict()
    d.pop("person")
    return d


def check_record(obs: Observation) -> dict[str, Any]:
    """A check as the export document holds it (no ``person``)."""
    d = obs.to_dict()
    d.pop("person")
    return d


def _order(inj: Injection) -> tuple[datetime, int]:
    return (inj.at, inj.id)  # aware times compare as instants, whatever their offsets


@dataclass(frozen=True)
class LogResult:
    """A stored injection and anything the person should know about that site."""

    injection: Injection
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {**self.injection.to_dict(), "warnings": list(self.warnings)}


@dataclass(frozen=True)
class CheckResult:
    """The assessment of a case, and the stored check when the case named a site."""

    assessment: dict[str, Any]
    observation: Observation | None

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.assessment)
        if self.observation is not None:
            out["check_id"] = self.observation.id
            out["stored"] = True
            out["at"] = self.observation.at.isoformat()
            out["region"] = self.observation.region
        else:
            out["stored"] = False
        return out


class Pocket:
    """All of one person's records, in memory, with the use cases the pages and the API call."""

    def __init__(self, atlas: Atlas | None = None, *, emergency_number: str = "911") -> None:
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
            items = sorted(self._injections.values(), key=_order)
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


class _Part:
    def __init__(self, pocket: Pocket) -> None:
        self.p = pocket

    @property
    def atlas(self) -> Atlas:
        return self.p.atlas


class _Records(_Part):
    """``services.records.Records`` on the in-memory records."""

    def site_warnings(self, region: str, route: str) -> list[str]:
        from sitecare.domain.use_warnings import tier_warning

        text = tier_warning(self.atlas.region(region), route)
        return [text] if text else []

    def log_injection(
        self,
        *,
        region: str,
        at: datetime,
        now: datetime,
        spot: str | None = None,
        route: str | None = None,
        medicine: str | None = None,
        note: str | None = None,
    ) -> LogResult:
        """Record an injection. Risky sites are warned about, never refused."""
        medicine, note = check_injection_fields(at, now=now, medicine=medicine, note=note)
        ordered = self.p.index()[0]
        newest = ordered[-1] if ordered else None
        region, spot, route = validate_site(
            self.atlas, region, spot, route, last_route=newest.route if newest else None
        )
        warnings = use_warnings_from(
            self.atlas,
            self.p.inputs(at, recent=False),
            region=region,
            spot=spot,
            route=route,
            at=at,
            medicine=medicine,
        )
        injection = Injection(
            id=self.p._new_id(self.p.injections),
            uid=str(uuid.uuid4()),
            at=stored_time(at),
            region=region,
            route=route,
            spot=spot,
            medicine=medicine,
            note=note,
        )
        self.p._put_injection(injection)
        if at > now:
            warnings.append("This time is in the future. Check the date if that was not meant.")
        return LogResult(injection, warnings)

    def history(
        self,
        *,
        region: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
        newest_first: bool = False,
        offset: int = 0,
        now: datetime,
    ) -> list[Injection]:
        """Recorded injections, oldest first unless ``newest_first`` (``offset``: skip some)."""
        if region is not None:
            region = self.atlas.region(region).id
        check_limit(limit)
        if since is not None:
            check_time(since, now=now, field="since")
        if not 0 <= offset <= 1_000_000_000:
            raise InvalidInput("The offset must be between 0 and 1,000,000,000.", field="offset")
        items = [
            i
            for i in self.p.injections.values()
            if (region is None or i.region == region)
            and (since is None or i.at >= since)
            and (until is None or i.at < until)
        ]
        items.sort(key=_order, reverse=newest_first)
        items = items[offset:]
        return items[:limit] if limit else items

    def count(self, *, since: datetime | None = None, now: datetime) -> int:
        return sum(1 for i in self.p.injections.values() if since is None or i.at >= since)

    def preview_warnings(
        self,
        *,
        region: str,
        route: str | None,
        at: datetime,
        spot: str | None = None,
        medicine: str | None = None,
    ) -> list[str]:
        reg = self.atlas.region(region)
        used = route if route and route in reg.routes else next(iter(reg.routes))
        if spot is not None:
            spot = reg.spot(spot).id
        return use_warnings_from(
            self.atlas,
            self.p.inputs(at, recent=False),
            region=reg.id,
            spot=spot,
            route=used,
            at=at,
            medicine=medicine,
        )

    def region_counts(self, *, since: datetime | None = None, now: datetime) -> dict[str, int]:
        counts: dict[str, int] = {}
        for i in self.p.injections.values():
            if since is None or i.at >= since:
                counts[i.region] = counts.get(i.region, 0) + 1
        return counts

    def get_injection(self, injection_id: int, *, now: datetime) -> Injection:
        check_id_(injection_id, field="injection_id")
        found = self.p.injections.get(injection_id)
        if found is None:
            raise NotFound(f"There is no injection with id {injection_id}.")
        return found

    def delete_injection(self, injection_id: int, *, now: datetime) -> Injection:
        check_id_(injection_id, field="injection_id")
        found = self.p.injections.pop(injection_id, None)
        if found is None:
            raise NotFound(f"There is no injection with id {injection_id}.")
        self.p.invalidate()
        self.p.writes.append({"op": "delete", "store": "injections", "key": injection_id})
        return found


class _Planning(_Part):
    """``services.planning.Planning`` on the in-memory records."""

    def suggest(
        self, *, now: datetime, route: str | None = None, medicine: str | None = None
    ) -> Suggestion:
        if now.tzinfo is None:
            raise InvalidInput("The time needs a zone.", field="at")
        inputs = self.p.inputs(now, recent=route is None)
        return suggest_from(self.atlas, inputs, now=now, route=route, medicine=medicine)

    def site_status(self, *, now: datetime, route: str | None = None) -> list[dict[str, Any]]:
        return site_status(self.atlas, self.p.inputs(now), now=now, route=route)

    def region_status(
        self, region: str, *, now: datetime, route: str | None = None
    ) -> dict[str, Any]:
        return one_region_status(self.atlas, self.p.inputs(now), region, now=now, route=route)

    def routes_used(self, *, now: datetime) -> list[str]:
        return status_inputs(self.p.inputs(now), now=now)[2]

    def settings(self, *, now: datetime) -> PlannerSettings:
        return PlannerSettings.from_stored(self.p.settings_store)

    def settings_rows(self, *, now: datetime) -> list[tuple[str, str]]:
        return describe_settings(self.settings(now=now))

    def set_setting(self, key: str, value: str, *, now: datetime) -> PlannerSettings:
        stored_key, stored = parse_setting(self.atlas, key, value)
        self.p._put_setting(stored_key, stored)
        return self.settings(now=now)

    def apply_settings(self, pairs: list[tuple[str, Any]], *, now: datetime) -> PlannerSettings:
        for key, value in pairs:
            self.p._put_setting(key, value)
        return self.settings(now=now)


class _Triage(_Part):
    """``services.triage.Triage`` on the in-memory records."""

    def assess(self, case: Mapping[str, Any]) -> dict[str, Any]:
        """Validate a case and assess it (nothing is stored)."""
        if not isinstance(case, Mapping):
            raise InvalidInput(
                'The case must be a JSON object, like {"findings": ["redness"]}.',
                field="body",
            )
        valid = validate_case(dict(case))
        if valid.get("region") is not None:
            try:
                valid["region"] = self.atlas.region(valid["region"]).id
            except InvalidInput as exc:
                raise InvalidInput(
                    exc.message, field="region", suggestions=exc.suggestions
                ) from None
        number, language = self.p.emergency_number, self.p.language
        assessment = assess(valid, emergency_number=number, language=language)
        validate_assessment(assessment)
        return assessment

    def check(
        self,
        case: Mapping[str, Any],
        *,
        now: datetime,
        at: datetime | None = None,
        spot: str | None = None,
        note: str | None = None,
    ) -> CheckResult:
        """Assess a case; when it names a region, store it as a check of that site."""
        assessment = self.assess(case)
        region = case.get("region")
        if region is None:
            return CheckResult(assessment, None)
        reg = self.atlas.region(str(region))
        if spot is not None:
            spot = reg.spot(str(spot)).id
        note = clean_text(note, field="note", limit=MAX_NOTE, multiline=True)
        rest = assessment.get("rest_site_days")
        observation = Observation(
            id=self.p._new_id(self.p.observations),
            uid=str(uuid.uuid4()),
            at=stored_time(at or now),
            region=reg.id,
            spot=spot,
            level=assessment["level"],
            rest_days=None if rest is None else float(rest),
            blocked=rest is None,
            case=validate_case(dict(case)) | {"region": reg.id},
            assessment=assessment,
            note=note,
        )
        self.p._put_check(observation)
        return CheckResult(assessment, observation)

    def next_step(self, answers: Mapping[str, Any]) -> Step:
        return next_step(
            answers, emergency_number=self.p.emergency_number, language=self.p.language
        )

    def case_from_answers(
        self, answers: Mapping[str, Any], *, region: str | None = None
    ) -> dict[str, Any]:
        return answers_to_case(answers, region=region)

    def list_checks(
        self, *, region: str | None = None, since: datetime | None = None, now: datetime
    ) -> list[Observation]:
        if region is not None:
            region = self.atlas.region(region).id
        if since is not None:
            check_time(since, now=now, field="since")
        return [
            o
            for o in self.p.sorted_checks()
            if (region is None or o.region == region) and (since is None or o.at >= since)
        ]

    def get_check(self, check_id: int, *, now: datetime) -> Observation:
        check_id_(check_id, field="check_id")
        found = self.p.observations.get(check_id)
        if found is None:
            raise NotFound(f"There is no check with id {check_id}.")
        return found

    def delete_check(self, check_id: int, *, now: datetime) -> Observation:
        check_id_(check_id, field="check_id")
        found = self.p.observations.pop(check_id, None)
        if found is None:
            raise NotFound(f"There is no check with id {check_id}.")
        self.p.writes.append({"op": "delete", "store": "checks", "key": check_id})
        return found


class _Transfer(_Part):
    """``services.transfer.Transfer`` on the in-memory records (JSON only)."""

    def export_document(self, *, now: datetime) -> dict[str, Any]:
        return self.p.export_document(now=now)

    def import_document(self, raw: Any, *, now: datetime) -> dict[str, int]:
        return self.p.import_document(raw, now=now)

    def erase_everything(self, *, now: datetime) -> dict[str, int]:
        return self.p.erase()
