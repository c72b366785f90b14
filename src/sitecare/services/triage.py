"""Use cases for checking a site: assess a case, store it as an observation, list checks.

The engine (``sitecare.domain.triage``) is pure; this layer validates the case against the
packaged schema, checks the region against the atlas, and stores the check when it names a site,
so rotation and history can see which sites rest or are blocked.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sitecare.domain.atlas import Atlas, load_atlas
from sitecare.domain.emergency import DEFAULT_EMERGENCY_NUMBER
from sitecare.domain.errors import NotFound
from sitecare.domain.follow import Due, due_rechecks, review, site_course
from sitecare.domain.inputs import check_id as check_id_
from sitecare.domain.inputs import check_time
from sitecare.domain.messages import Msg
from sitecare.domain.records import CheckResult as CheckResult  # re-exported
from sitecare.domain.records import Observation
from sitecare.domain.site_check import CheckPlace, Schemas, SiteChecks, ToStore
from sitecare.domain.triage import LEVEL_RANK, check_emergency_number
from sitecare.domain.triage.questionnaire import Step, next_step
from sitecare.services.photos import Photos
from sitecare.services.triage_input import validate_assessment, validate_case
from sitecare.services.who import Who
from sitecare.storage.engine import Database
from sitecare.storage.repositories import Observations, People

#: the case's and the assessment's schema checks (jsonschema's)
_SCHEMAS = Schemas(validate_case, validate_assessment)


class Triage(SiteChecks):
    """Checks of one person's sites."""

    schemas = _SCHEMAS

    def __init__(
        self,
        db: Database,
        who: Who | None = None,
        atlas: Atlas | None = None,
        *,
        emergency_number: str = DEFAULT_EMERGENCY_NUMBER,
        photos: Photos | None = None,
        language: str = "en",
    ) -> None:
        self.db = db
        #: the person's photos: deleting a check deletes its photos and their files
        self.photos = photos
        #: the language of the assessment's and the questions' words (ids stay English)
        self.language = language
        self.who = who or Who()
        self.atlas = atlas or load_atlas()
        self.emergency_number = check_emergency_number(emergency_number)

    # -- assessing ---------------------------------------------------------------------------

    def _words(self) -> tuple[str, str]:
        return self.emergency_number, self.language

    def _store(self, place: CheckPlace, to_store: ToStore, *, now: datetime) -> CheckResult:
        with self.db.transaction() as s:
            pid = People(s).person_id(self.who.program, self.who.person, now=now, create=True)
            repo = Observations(s, pid, self.who.person)
            fields = to_store(repo.list(region=place.region))
            observation = repo.add(**fields, now=now)
        return CheckResult(fields["assessment"], observation)

    def remeasured(
        self, check_id: int, measurements: Mapping[int, Mapping[str, Any]], *, now: datetime
    ) -> list[Observation]:
        """Compare again the check ``check_id`` and the check after it at its site (the one
        compared with it) now that a photo's measurement changed: ``measurements`` holds each
        check's (by check id). Their course, level, rest and re-check are stored anew, but a
        level is never lowered: not below what the typed sizes and the answers give
        (``review``), and not below the level stored (a measurement corrected or cleared later
        leaves a raise it made). Returns the checks stored anew."""
        with self.db.transaction() as s:
            pid = People(s).person_id(self.who.program, self.who.person, now=now, create=False)
            repo = Observations(s, pid, self.who.person)
            target = repo.get(check_id)
            if target is None or target.region is None:
                return []
            site = repo.list(region=target.region)  # oldest first
            at = next(i for i, o in enumerate(site) if o.id == check_id)
            done = []
            for i in (at, at + 1):
                if 0 < i < len(site):
                    found = self._regrade(repo, site[i], site[:i], measurements)
                    if found is not None:
                        site[i] = found
                        done.append(found)
        return done

    def _regrade(
        self,
        repo: Observations,
        obs: Observation,
        earlier: list[Observation],
        measurements: Mapping[int, Mapping[str, Any]],
    ) -> Observation | None:
        stored = obs.assessment.get("course") or {}
        new = review(
            obs.case,
            self.assess(obs.case),
            earlier,
            at=obs.at,
            emergency_number=self.emergency_number,
            language=self.language,
            measurements=measurements,
            measurement=measurements.get(obs.id),
        )
        course = new.get("course") or {}
        was = LEVEL_RANK.get(obs.level or "", 0)
        if LEVEL_RANK[new["level"]] < was:
            return None  # a measurement never lowers a stored level
        if not (course.get("measured") or stored.get("measured") or LEVEL_RANK[new["level"]] > was):
            return None  # no measurement counts, before or now: nothing to store anew
        validate_assessment(new)
        rest = new.get("rest_site_days")
        return repo.regrade(
            obs.id,
            level=new["level"],
            rest_days=None if rest is None else float(rest),
            blocked=rest is None,
            assessment=new,
        )

    # -- the guided questions ----------------------------------------------------------------

    def next_step(self, answers: Mapping[str, Any]) -> Step:
        """The next screen of the guided check, or stop ("call now"), or done with the case."""
        return next_step(answers, emergency_number=self.emergency_number, language=self.language)

    # -- reading -----------------------------------------------------------------------------

    def _checks(
        self, region: str | None, since: datetime | None, *, now: datetime
    ) -> list[Observation]:
        with self.db.reading() as s:
            pid = People(s).person_id(self.who.program, self.who.person, now=now, create=False)
            return Observations(s, pid, self.who.person).list(region=region, since=since)

    def due(self, *, now: datetime, at: datetime | None = None) -> list[Due]:
        """The sites whose re-check is due or overdue at ``at`` (default: now), soonest first."""
        when = now if at is None else check_time(at, now=now, field="at")
        labels = {r.id: r.label for r in self.atlas}
        return due_rechecks(self.list_checks(now=now), when, labels)

    def course(self, region: str, *, now: datetime) -> dict[str, Any]:
        """A site's healing course: its checks in order, the expected course, slower or not."""
        return site_course(self.list_checks(region=region, now=now), now)

    def get_check(self, check_id: int, *, now: datetime) -> Observation:
        check_id_(check_id, field="check_id")
        with self.db.reading() as s:
            pid = People(s).person_id(self.who.program, self.who.person, now=now, create=False)
            found = Observations(s, pid, self.who.person).get(check_id)
        if found is None:
            raise NotFound(Msg("There is no check with id %(check_id)s.", check_id=check_id))
        return found

    def delete_check(self, check_id: int, *, now: datetime) -> Observation:
        """Delete one stored check for good."""
        check_id_(check_id, field="check_id")
        with self.db.transaction() as s:
            pid = People(s).person_id(self.who.program, self.who.person, now=now, create=False)
            repo = Observations(s, pid, self.who.person)
            found = repo.get(check_id)
            if found is None:
                raise NotFound(Msg("There is no check with id %(check_id)s.", check_id=check_id))
            photos = self.photos
            files = set() if photos is None else photos.files_of(s, pid, check_id=check_id)
            repo.remove(check_id)  # (its photo rows go with it: ON DELETE CASCADE)
        if self.photos is not None:
            self.photos.after_delete(files)
        self.db.forget_deleted()
        return found
