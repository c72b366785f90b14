"""The planner's inputs of one person (``PlanningInputs``), read in one go.

On PostgreSQL they are ONE statement (issue 10): each input is a scalar subquery that
aggregates its rows into JSON, so recording an injection pays one round trip for the settings,
the recent routes, the last use of each spot and the checks instead of four. The JSON is
decoded into exactly the values the repositories give (``Settings.all``,
``Injections.recent_routes``, ``Injections.last_use_by_spot``, ``Observations.list``): aware
times, floats for rest days, the same order. SQLite runs the four statements (in process, each
costs little there). ``tests/rotation/test_planning_inputs_contract.py`` holds both ways to
one spec.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, bindparam, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import TextualSelect

from sitecare.domain.records import Observation
from sitecare.domain.usage import PlanningInputs
from sitecare.storage.repositories import _fast as fast
from sitecare.storage.repositories.injections import Injections
from sitecare.storage.repositories.observations import Observations
from sitecare.storage.repositories.settings import Settings
from sitecare.storage.times import aware_utc, from_utc, naive_utc

_SETTINGS = "(SELECT json_object_agg(s.key, s.value) FROM setting s WHERE s.person_id = {p})"
_RECENT = """(SELECT json_agg(json_build_array(r.route, r.medicine)
                      ORDER BY r.at_utc DESC, r.id DESC)
   FROM (SELECT i.route, i.medicine, i.at_utc, i.id FROM injection i WHERE i.person_id = {p}
         ORDER BY i.at_utc DESC, i.id DESC LIMIT :n) AS r)"""
# the same aggregate as ``Injections.last_use_by_spot`` runs on PostgreSQL
_LAST_USES = """(SELECT json_agg(json_build_array(u.region, u.spot, u.last_at))
   FROM (SELECT i.region, i.spot, max(i.at_utc) AS last_at FROM injection i
         WHERE i.person_id = {p} AND i.at_utc > :after AND i.at_utc <= :until
         GROUP BY i.region, i.spot) AS u)"""
_OBSERVATIONS = """(SELECT json_agg(json_build_array(o.id, o.uid, o.at_utc, o.utc_offset_min,
          o.region, o.spot, o.level, o.rest_days, o.blocked, o."case", o.assessment, o.note)
          ORDER BY o.at_utc, o.id)
   FROM observation o WHERE o.person_id = {p})"""
#: the names of the four columns, in order (``decode`` reads them so)
COLUMNS = ("settings", "recent", "last_uses", "checks")


def input_columns(person: str, *, recent: bool) -> str:
    """The four inputs as select-list items for the person whose id is the SQL ``person``
    (a bind, or a column of another statement's row); binds ``:after``, ``:until`` and, with
    the recent routes, ``:n``."""
    parts = [_SETTINGS, _RECENT if recent else "NULL", _LAST_USES, _OBSERVATIONS]
    return ",\n".join(
        f"{part.format(p=person)} AS {name}" for part, name in zip(parts, COLUMNS, strict=True)
    )


def input_binds(*, recent: bool) -> list[Any]:
    """The binds ``input_columns`` uses (besides the person's)."""
    binds: list[Any] = [bindparam(k, type_=DateTime()) for k in ("after", "until")]
    if recent:
        binds.append(bindparam("n", type_=Integer()))
    return binds


def input_params(*, until: datetime, after: datetime, recent: int) -> dict[str, Any]:
    """The values of ``input_binds``."""
    params: dict[str, Any] = {"after": naive_utc(after), "until": naive_utc(until)}
    if recent:
        params["n"] = recent
    return params


def decode(settings: Any, routes: Any, uses: Any, checks: Any, code: str) -> PlanningInputs:
    """The four JSON columns as exactly what the repositories give (see the module's text)."""
    return PlanningInputs(
        settings=dict(settings or {}),
        recent=[(route, medicine) for route, medicine in routes or ()],
        last_uses=[(region, spot, aware_utc(at)) for region, spot, at in uses or ()],
        observations=[_observation(c, code) for c in checks or ()],
    )


@functools.cache
def _inputs_statement(recent: bool) -> TextualSelect:
    """The one statement (with the recent routes only when they are wanted; built once)."""
    binds = [*input_binds(recent=recent), bindparam("p", type_=Integer())]
    return (
        text("SELECT " + input_columns(":p", recent=recent))
        .bindparams(*binds)
        .columns(settings=JSON(), recent=JSON(), last_uses=JSON(), checks=JSON())
    )


def _observation(values: list[Any], code: str) -> Observation:
    """One check from its JSON array, as ``Observations`` makes it from its row."""
    oid, uid, at, offset, region, spot, level, rest, blocked, case, assessment, note = values
    return Observation(
        id=oid,
        uid=uid,
        at=from_utc(datetime.fromisoformat(at), offset),
        region=region,
        spot=spot,
        level=level,
        rest_days=None if rest is None else float(rest),  # JSON writes 3.0 as 3
        blocked=bool(blocked),
        case=dict(case or {}),
        assessment=dict(assessment or {}),
        note=note,
        person=code,
    )


class PlannerInputs:
    """Everything the planner reads about one person."""

    def __init__(self, session: Session, person_id: int | None, person_code: str = "me") -> None:
        self.s = session
        self.person_id = person_id
        self.code = person_code

    def read(self, *, until: datetime, after: datetime, recent: int) -> PlanningInputs:
        """The settings, the latest ``recent`` (route, medicine) pairs (none for 0), the last
        use of each spot in ``(after, until]`` and every check."""
        if self.person_id is None:
            return PlanningInputs(settings={}, recent=[], last_uses=[], observations=[])
        if self.s.get_bind().dialect.name == "postgresql":
            return self.one_statement(until=until, after=after, recent=recent)
        return self.separate(until=until, after=after, recent=recent)

    def separate(self, *, until: datetime, after: datetime, recent: int) -> PlanningInputs:
        """One statement for each input, through each one's repository."""
        injections = Injections(self.s, self.person_id, self.code)
        return PlanningInputs(
            settings=Settings(self.s, self.person_id).all(),
            recent=list(injections.recent_routes(limit=recent)) if recent else [],
            last_uses=list(injections.last_use_by_spot(until=until, after=after)),
            observations=Observations(self.s, self.person_id, self.code).list(),
        )

    def one_statement(self, *, until: datetime, after: datetime, recent: int) -> PlanningInputs:
        """All four inputs in one statement (PostgreSQL's JSON aggregates)."""
        if self.person_id is None:
            return PlanningInputs(settings={}, recent=[], last_uses=[], observations=[])
        params = {"p": self.person_id, **input_params(until=until, after=after, recent=recent)}
        stmt = _inputs_statement(bool(recent))
        settings, routes, uses, checks = fast.rows(self.s, stmt, params)[0]
        return decode(settings, routes, uses, checks, self.code)
