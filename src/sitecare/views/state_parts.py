"""The parts of pocket's in-memory facade (``views.state.Pocket``): records, planning, triage
and transfer, with the methods the pages call, as the services have them."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sitecare.domain.atlas import Atlas
from sitecare.domain.casecheck import validate_assessment, validate_case
from sitecare.domain.errors import InvalidInput, NotFound
from sitecare.domain.inputs import (
    check_id as check_id_,
)
from sitecare.domain.inputs import (
    validate_site,
)
from sitecare.domain.planning import (
    one_region_status,
    site_status,
    status_inputs,
    suggest_from,
    use_warnings_from,
)
from sitecare.domain.records import (
    CheckResult,
    HistoryQuery,
    Injection,
    Observation,
    SiteUse,
)
from sitecare.domain.rotation_settings import PlannerSettings, describe_settings, parse_setting
from sitecare.domain.site_check import CheckPlace, Schemas, SiteChecks, ToStore
from sitecare.domain.site_log import InjectionLog, NewInjection
from sitecare.domain.site_status import RegionStatus
from sitecare.domain.suggestion import Suggestion
from sitecare.domain.transfer import stored_time
from sitecare.domain.triage.questionnaire import Step, answers_to_case, next_step

if TYPE_CHECKING:
    from sitecare.views.state import Pocket

Write = dict[str, Any]
#: the case's and the assessment's schema checks (the domain's own: no jsonschema here)
_SCHEMAS = Schemas(validate_case, validate_assessment)

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


class _Part:
    def __init__(self, pocket: Pocket) -> None:
        self.p = pocket

    @property
    def atlas(self) -> Atlas:
        return self.p.atlas


class _Records(InjectionLog, _Part):
    """``services.records.Records`` on the in-memory records."""

    def _record(self, new: NewInjection, *, now: datetime) -> tuple[Injection, list[str]]:
        ordered = self.p.index()[0]
        newest = ordered[-1] if ordered else None
        region, spot, route = validate_site(
            self.atlas, new.region, new.spot, new.route, last_route=newest.route if newest else None
        )
        warnings = self._warnings(SiteUse(region, spot, route, new.at, new.medicine))
        injection = Injection(
            id=self.p._new_id(self.p.injections),
            uid=str(uuid.uuid4()),
            at=stored_time(new.at),
            region=region,
            route=route,
            spot=spot,
            medicine=new.medicine,
            note=new.note,
        )
        self.p._put_injection(injection)
        return injection, warnings

    def _history(self, query: HistoryQuery, *, now: datetime) -> list[Injection]:
        return query.pick(self.p.injections.values())

    def _warnings(self, use: SiteUse) -> list[str]:
        return use_warnings_from(self.atlas, self.p.inputs(use.at, recent=False), use)

    def count(self, *, since: datetime | None = None, now: datetime) -> int:
        return sum(1 for i in self.p.injections.values() if since is None or i.at >= since)

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

    def site_status(self, *, now: datetime, route: str | None = None) -> list[RegionStatus]:
        return site_status(self.atlas, self.p.inputs(now), now=now, route=route)

    def region_status(
        self, region: str, *, now: datetime, route: str | None = None
    ) -> RegionStatus:
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


class _Triage(SiteChecks, _Part):
    """``services.triage.Triage`` on the in-memory records."""

    schemas = _SCHEMAS

    def _words(self) -> tuple[str, str]:
        return self.p.emergency_number, self.p.language

    def _store(self, place: CheckPlace, to_store: ToStore, *, now: datetime) -> CheckResult:
        fields = to_store(self.p.sorted_checks())
        observation = Observation(
            id=self.p._new_id(self.p.observations), uid=str(uuid.uuid4()), **fields
        )
        self.p._put_check(observation)
        return CheckResult(fields["assessment"], observation)

    def next_step(self, answers: Mapping[str, Any]) -> Step:
        return next_step(
            answers, emergency_number=self.p.emergency_number, language=self.p.language
        )

    def case_from_answers(
        self, answers: Mapping[str, Any], *, region: str | None = None
    ) -> dict[str, Any]:
        return answers_to_case(answers, region=region)

    def _checks(
        self, region: str | None, since: datetime | None, *, now: datetime
    ) -> list[Observation]:
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
