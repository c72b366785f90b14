"""The report for a clinic (``sitecare report``, the web app's Report button): gather, render.

The period is [since, until): 30 days up to now unless asked otherwise. Site statuses are as
of now (what the clinician needs to know today), the injections and checks those in the period.
With photos (when chosen) each check's photos are printed small beside it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sitecare.domain.atlas import Atlas
from sitecare.domain.errors import InvalidInput
from sitecare.domain.inputs import check_time
from sitecare.domain.messages import Msg
from sitecare.domain.records import HistoryQuery
from sitecare.exports.report import ReportData, ReportPhoto, render_pdf
from sitecare.services.photos import Photos
from sitecare.services.planning import Planning
from sitecare.services.who import Who
from sitecare.storage.engine import Database
from sitecare.storage.repositories import Injections, Observations, People

DEFAULT_DAYS = 30
#: a longer period is refused: the report is for a visit, the export is for everything
MAX_DAYS = 400


class Report:
    """The clinic report for one person."""

    def __init__(self, db: Database, who: Who, atlas: Atlas, photos: Photos | None = None) -> None:
        self.db = db
        self.who = who
        self.atlas = atlas
        self.photos = photos

    def period(
        self, since: datetime | None, until: datetime | None, *, now: datetime
    ) -> tuple[datetime, datetime]:
        until = until or now
        since = since or until - timedelta(days=DEFAULT_DAYS)
        check_time(since, now=now, field="since")
        check_time(until, now=now, field="until")
        if since >= until:
            raise InvalidInput(Msg("'since' must be before 'until'."), field="since")
        if until - since > timedelta(days=MAX_DAYS):
            raise InvalidInput(
                Msg(
                    "A report covers at most %(days)s days; choose a shorter period "
                    "(use sitecare export for everything).",
                    days=MAX_DAYS,
                ),
                field="since",
            )
        return since, until

    def data(
        self,
        *,
        now: datetime,
        since: datetime | None = None,
        until: datetime | None = None,
        with_photos: bool = False,
    ) -> ReportData:
        since, until = self.period(since, until, now=now)
        with self.db.reading() as s:
            pid = self.who.person_id or People(s).person_id(
                self.who.program, self.who.person, now=now, create=False
            )
            injections = Injections(s, pid, self.who.person).list(
                HistoryQuery(since=since, until=until)
            )
            checks = [
                c for c in Observations(s, pid, self.who.person).list(since=since) if c.at < until
            ]
        planning = Planning(self.db, self.who, self.atlas)
        return ReportData(
            person=self.who.person,
            since=since,
            until=until,
            now=now,
            atlas=self.atlas,
            injections=injections,
            checks=checks,
            statuses=[s.to_dict() for s in planning.site_status(now=now)],
            blocks=planning.usage(now=now).blocks,
            outline=_outline(),
            photos=self._photos({c.id for c in checks}, now) if with_photos else {},
        )

    def _photos(self, check_ids: set[int], now: datetime) -> dict[int, list[ReportPhoto]]:
        """The checks' photos (their images as stored), by check id, oldest first."""
        out: dict[int, list[ReportPhoto]] = {}
        if self.photos is None or not check_ids:
            return out
        for p in self.photos.list_photos(now=now):
            if p.check_id in check_ids:
                _, image = self.photos.image(p.id, now=now)
                out.setdefault(p.check_id, []).append(
                    ReportPhoto(image, p.media_type, p.width, p.height, p.mm_per_px)
                )
        return out

    def pdf(
        self,
        *,
        now: datetime,
        since: datetime | None = None,
        until: datetime | None = None,
        with_photos: bool = False,
        language: str = "en",
    ) -> bytes:
        """The report as PDF bytes (with the checks' photos when chosen), in ``language``."""
        data = self.data(now=now, since=since, until=until, with_photos=with_photos)
        return render_pdf(data, language)


def _outline() -> tuple[str, ...]:
    from sitecare.views.bodymap import OUTLINE  # the same outline the body map draws

    return OUTLINE
