"""A person's site checks."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, select
from sqlalchemy.orm import Session

from sitecare.domain.records import Observation
from sitecare.storage.repositories import _fast as fast
from sitecare.storage.repositories._session import new_uid
from sitecare.storage.tables import ObservationRow
from sitecare.storage.times import from_utc, naive_utc, to_utc

_observation = cast(Table, ObservationRow.__table__)
_OBSERVATIONS = (
    select(*(c for c in _observation.c if c.name not in ("person_id", "created_at")))
    .where(_observation.c.person_id == bindparam("p"))
    .order_by(_observation.c.at_utc, _observation.c.id)
)


class Observations:
    """Site checks of one person."""

    def __init__(self, session: Session, person_id: int | None, person_code: str = "me") -> None:
        self.s = session
        self.person_id = person_id
        self.code = person_code

    def _row_to_domain(self, row: ObservationRow | Any) -> Observation:
        return Observation(
            id=row.id,
            uid=row.uid,
            at=from_utc(row.at_utc, row.utc_offset_min),
            region=row.region,
            spot=row.spot,
            level=row.level,
            rest_days=row.rest_days,
            blocked=bool(row.blocked),
            case=dict(row.case or {}),
            assessment=dict(row.assessment or {}),
            note=row.note,
            person=self.code,
        )

    def add(
        self,
        *,
        at: datetime,
        region: str | None,
        spot: str | None,
        level: str | None,
        rest_days: float | None,
        blocked: bool,
        case: dict[str, Any],
        assessment: dict[str, Any],
        note: str | None,
        now: datetime,
        uid: str | None = None,
        id: int | None = None,
    ) -> Observation:
        assert self.person_id is not None
        at_utc, offset = to_utc(at)
        row = ObservationRow(
            id=id,
            uid=uid or new_uid(),
            person_id=self.person_id,
            at_utc=at_utc,
            utc_offset_min=offset,
            region=region,
            spot=spot,
            level=level,
            rest_days=rest_days,
            blocked=blocked,
            case=case,
            assessment=assessment,
            note=note,
            created_at=naive_utc(now),
        )
        self.s.add(row)
        self.s.flush()
        return self._row_to_domain(row)

    def list(
        self, *, region: str | None = None, since: datetime | None = None
    ) -> list[Observation]:
        if self.person_id is None:
            return []
        if region is None and since is None:  # every check (the planner reads them all)
            rows = fast.rows(self.s, _OBSERVATIONS, {"p": self.person_id})
            return [self._row_to_domain(r) for r in rows]
        q = select(ObservationRow).where(ObservationRow.person_id == self.person_id)
        if region:
            q = q.where(ObservationRow.region == region)
        if since:
            q = q.where(ObservationRow.at_utc >= to_utc(since)[0])
        q = q.order_by(ObservationRow.at_utc, ObservationRow.id)
        return [self._row_to_domain(r) for r in self.s.scalars(q)]

    def get(self, observation_id: int) -> Observation | None:
        row = self.s.get(ObservationRow, observation_id)
        if row is None or row.person_id != self.person_id:
            return None
        return self._row_to_domain(row)

    def remove(self, observation_id: int) -> None:
        self.s.execute(
            delete(ObservationRow).where(
                ObservationRow.id == observation_id, ObservationRow.person_id == self.person_id
            )
        )

    def regrade(
        self,
        observation_id: int,
        *,
        level: str,
        rest_days: float | None,
        blocked: bool,
        assessment: dict[str, Any],
    ) -> Observation | None:
        """Store a check's assessment anew (its course compared again, with the sizes measured
        on the photos): the level, rest and assessment change; what was found does not."""
        row = self.s.get(ObservationRow, observation_id)
        if row is None or row.person_id != self.person_id:
            return None
        row.level, row.rest_days, row.blocked = level, rest_days, blocked
        row.assessment = assessment
        self.s.flush()
        return self._row_to_domain(row)
