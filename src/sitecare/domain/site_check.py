"""One check of a site, as the services (``services.triage``) and pocket (``views.state_parts``)
both do it: the case checked and assessed, the place it names, and the check to store (the
assessment reviewed against the site's earlier checks). Pure: the schema checks and the
site's checks so far are given, and storing is the caller's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sitecare.domain.atlas import Atlas
from sitecare.domain.errors import InvalidInput
from sitecare.domain.follow import earlier_checks, review
from sitecare.domain.inputs import MAX_NOTE, check_time, clean_text
from sitecare.domain.records import CheckResult, Observation
from sitecare.domain.transfer import stored_time
from sitecare.domain.triage import assess

__all__ = [
    "CheckPlace",
    "Schemas",
    "SiteChecks",
    "ToStore",
    "assess_case",
    "check_place",
    "check_to_store",
]


@dataclass(frozen=True)
class Schemas:
    """The schema checks of a case and of an assessment (jsonschema's in the services, the
    domain's own in pocket: they word every problem alike); each returns what it checked."""

    case: Callable[[Any], dict[str, Any]]
    assessment: Callable[[Any], dict[str, Any]]


@dataclass(frozen=True)
class CheckPlace:
    """Where a check is of, and what is stored with it."""

    region: str
    spot: str | None
    note: str | None
    #: the instant as storage gives it back
    at: datetime


def assess_case(
    case: Any, atlas: Atlas, schemas: Schemas, *, emergency_number: str, language: str
) -> dict[str, Any]:
    """Check a case and assess it (nothing is stored); its region may be words people use."""
    if not isinstance(case, Mapping):
        raise InvalidInput(
            'The case must be a JSON object, like {"findings": ["redness"]}.',
            field="body",
        )
    valid = schemas.case(dict(case))
    if valid.get("region") is not None:
        try:
            valid["region"] = atlas.region(valid["region"]).id
        except InvalidInput as exc:
            raise InvalidInput(exc.message, field="region", suggestions=exc.suggestions) from None
    assessment = assess(valid, emergency_number=emergency_number, language=language)
    schemas.assessment(assessment)  # the engine's answer always fits the schema
    return assessment


def check_place(
    case: Mapping[str, Any],
    atlas: Atlas,
    *,
    now: datetime,
    at: datetime | None = None,
    spot: str | None = None,
    note: str | None = None,
) -> CheckPlace | None:
    """The place a case names, its spot and note checked; None when it names no region (the
    check is then not stored)."""
    region = case.get("region")
    if region is None:
        return None
    reg = atlas.region(str(region))
    if spot is not None:
        spot = reg.spot(str(spot)).id
    note = clean_text(note, field="note", limit=MAX_NOTE, multiline=True)
    return CheckPlace(reg.id, spot, note, stored_time(at or now))


def check_to_store(
    case: Mapping[str, Any],
    assessment: Mapping[str, Any],
    checks: Sequence[Observation],
    place: CheckPlace,
    schemas: Schemas,
    *,
    emergency_number: str,
    language: str,
) -> dict[str, Any]:
    """The fields of the check to store (``at``, ``region``, ``spot``, ``level``,
    ``rest_days``, ``blocked``, ``case``, ``assessment``, ``note``): the assessment reviewed
    against the site's earlier ``checks`` (any order; others' sites are left out)."""
    earlier = earlier_checks(checks, place.region, place.at)
    reviewed = review(
        case,
        assessment,
        earlier,
        at=place.at,
        emergency_number=emergency_number,
        language=language,
    )
    schemas.assessment(reviewed)
    rest = reviewed.get("rest_site_days")
    return {
        "at": place.at,
        "region": place.region,
        "spot": place.spot,
        "level": reviewed["level"],
        "rest_days": None if rest is None else float(rest),
        "blocked": rest is None,
        "case": schemas.case(dict(case)) | {"region": place.region},
        "assessment": reviewed,
        "note": place.note,
    }


#: the fields of the check to store, made from the site's checks so far
ToStore = Callable[[Sequence[Observation]], dict[str, Any]]


class SiteChecks:
    """Assessing a case, storing it as a check of the site it names, and listing the checks:
    the use cases ``services.triage.Triage`` and pocket's triage both have, written once. A
    subclass gives ``schemas``, ``_words`` (the emergency number and the language), ``_store``
    (reads the site's checks so far, makes the check's fields from them and keeps it, as one
    unit) and ``_checks``."""

    atlas: Atlas
    schemas: Schemas

    def assess(self, case: Mapping[str, Any]) -> dict[str, Any]:
        """Validate a case and assess it (nothing is stored)."""
        number, language = self._words()
        return assess_case(
            case, self.atlas, self.schemas, emergency_number=number, language=language
        )

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
        place = check_place(case, self.atlas, now=now, at=at, spot=spot, note=note)
        if place is None:
            return CheckResult(assessment, None)
        number, language = self._words()

        def to_store(site_checks: Sequence[Observation]) -> dict[str, Any]:
            return check_to_store(
                case,
                assessment,
                site_checks,
                place,
                self.schemas,
                emergency_number=number,
                language=language,
            )

        return self._store(place, to_store, now=now)

    def list_checks(
        self, *, region: str | None = None, since: datetime | None = None, now: datetime
    ) -> list[Observation]:
        """Stored checks, oldest first."""
        if region is not None:
            region = self.atlas.region(region).id
        if since is not None:
            check_time(since, now=now, field="since")
        return self._checks(region, since, now=now)

    def _checks(
        self, region: str | None, since: datetime | None, *, now: datetime
    ) -> list[Observation]:
        """The stored checks (of ``region`` when given; from ``since``), oldest first."""
        raise NotImplementedError

    def _words(self) -> tuple[str, str]:
        """The emergency number and the language of the words."""
        raise NotImplementedError

    def _store(self, place: CheckPlace, to_store: ToStore, *, now: datetime) -> CheckResult:
        raise NotImplementedError
