"""The planner's use cases on inputs already read (pure: no storage, no clock).

The services read :class:`~sitecare.domain.usage.PlanningInputs` with SQL (or the standard
library on a SQLite file); pocket builds them from the records it keeps in memory
(:func:`inputs_from_records`). Both end in the functions below, so the web app, the CLI and
pocket suggest sites, give site status and warn about a use in the same way.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sitecare.domain.atlas import ROUTES, Atlas, check_route
from sitecare.domain.errors import InvalidInput
from sitecare.domain.messages import Msg
from sitecare.domain.records import Injection, Observation, SiteUse
from sitecare.domain.rotation import Policy, Usage, site_notes
from sitecare.domain.rotation_settings import PlannerSettings
from sitecare.domain.site_status import RegionStatus, region_status
from sitecare.domain.suggestion import Suggestion, plan_next_site
from sitecare.domain.usage import HORIZON, PlanningInputs, describe_check
from sitecare.domain.use_warnings import use_warnings as warnings_for_use

__all__ = [
    "describe_check",
    "inputs_from_records",
    "one_region_status",
    "policy_for",
    "resolve_route",
    "site_status",
    "status_inputs",
    "suggest_from",
    "usage_from",
    "use_warnings_from",
]

#: how many of the latest (route, medicine) pairs the planner looks at (as the SQL reads)
RECENT = 50


def usage_from(inputs: PlanningInputs, *, until: datetime) -> Usage:
    """The planner's summary: last uses within the horizon, plus checks up to ``until``."""
    usage = Usage.from_last_uses(inputs.last_uses)
    checks = [o for o in inputs.observations if o.at <= until]
    usage.rests, usage.blocks = site_notes(checks)
    return usage


def inputs_from_records(
    injections: Iterable[Injection],
    observations: Iterable[Observation],
    settings: dict[str, Any],
    *,
    until: datetime,
    recent: bool = True,
) -> PlanningInputs:
    """What the SQL reads, from plain lists: the reference for pocket's in-memory records.

    ``recent``: (route, medicine) of the latest 50 injections, newest first (by time, then
    id); ``last_uses``: the last use (aware UTC) of every (region, spot) used in
    (until - HORIZON, until]; every check; the settings as stored.
    """
    items = injections if isinstance(injections, list | tuple) else list(injections)
    after = until - HORIZON
    last: dict[tuple[str, str | None], datetime] = {}
    for inj in items:
        at = inj.at
        if after < at <= until:
            key = (inj.region, inj.spot)
            seen = last.get(key)
            if seen is None or at > seen:
                last[key] = at
    newest = heapq.nlargest(RECENT, items, key=lambda i: (i.at, i.id)) if recent else []
    return PlanningInputs(
        settings=dict(settings),
        recent=[(i.route, i.medicine) for i in newest],
        last_uses=[(region, spot, at.astimezone(UTC)) for (region, spot), at in last.items()],
        observations=sorted(observations, key=lambda o: (o.at, o.id)),
    )


def resolve_route(
    route: str | None,
    medicine: str | None,
    settings: PlannerSettings,
    recent: Sequence[tuple[str, str | None]],
) -> str:
    """The route to plan for: given, else the medicine's, the setting, or the last one logged."""
    if route:
        return check_route(route.strip().lower())
    med = settings.medicine(medicine)
    if med is not None and med.route:
        return med.route
    if settings.route:
        return settings.route
    last = [(r, m) for r, m in recent if r in ROUTES]
    if medicine:
        same = [(r, m) for r, m in last if (m or "").lower() == medicine.strip().lower()]
        last = same or last
    if last:
        return last[0][0]
    raise InvalidInput(
        Msg("Which route is the next injection? Nothing is logged yet to go by."),
        field="route",
        hint=Msg(
            "Choose how you inject (%(routes)s), or set your usual route in the rotation settings.",
            routes=", ".join(ROUTES),
        ),
        command_hint=Msg("Use --route, or set a default with 'sitecare settings set route ROUTE'."),
    )


def suggest_from(
    atlas: Atlas,
    inputs: PlanningInputs,
    *,
    now: datetime,
    route: str | None = None,
    medicine: str | None = None,
) -> Suggestion:
    """Suggest the next region and spot at ``now`` from already-read inputs."""
    if now.tzinfo is None:
        raise InvalidInput("The time needs a zone.", field="at")
    settings = PlannerSettings.from_stored(inputs.settings)
    chosen = resolve_route(route, medicine, settings, inputs.recent)
    suggestion = plan_next_site(
        atlas, usage_from(inputs, until=now), settings.policy(chosen, medicine), now
    )
    suggestion.extra["medicine"] = medicine
    return suggestion


def status_inputs(
    inputs: PlanningInputs, *, now: datetime
) -> tuple[PlannerSettings, Usage, list[str]]:
    """Settings, usage and the routes this person uses (most recent first) for site status."""
    settings = PlannerSettings.from_stored(inputs.settings)
    usual = [r for r, _ in inputs.recent]
    if settings.route:
        usual.append(settings.route)
    return settings, usage_from(inputs, until=now), list(dict.fromkeys(usual))


def policy_for(
    atlas: Atlas,
    settings: PlannerSettings,
    region_id: str,
    route: str | None,
    usual: Sequence[str] | None = None,
) -> Policy:
    """The policy a site's status is measured by: the route given, else the one the person
    uses there (the latest one the place is used for), else the place's first usable one."""
    if route:
        return settings.policy(check_route(route.strip().lower()))
    reg = atlas.region(region_id)
    usable = [r for r, rt in reg.routes.items() if rt.tier != "avoid"]
    mine = [r for r in usual or () if r in usable]
    chosen = mine[0] if mine else usable[0] if usable else next(iter(reg.routes))
    return settings.policy(chosen)


def site_status(
    atlas: Atlas, inputs: PlanningInputs, *, now: datetime, route: str | None = None
) -> list[RegionStatus]:
    """Every region (of ``route`` when given): ready / resting (until, why) / blocked."""
    if route:
        route = check_route(route.strip().lower())
    settings, usage, usual = status_inputs(inputs, now=now)
    regions = atlas.for_route(route) if route else atlas.regions
    return [
        region_status(r, usage, policy_for(atlas, settings, r.id, route, usual), now)
        for r in regions
    ]


def one_region_status(
    atlas: Atlas, inputs: PlanningInputs, region: str, *, now: datetime, route: str | None = None
) -> RegionStatus:
    """One region's status (``GET /api/v1/sites/{region}/status``)."""
    reg = atlas.region(region)
    settings, usage, usual = status_inputs(inputs, now=now)
    return region_status(reg, usage, policy_for(atlas, settings, reg.id, route, usual), now)


def use_warnings_from(atlas: Atlas, inputs: PlanningInputs, use: SiteUse) -> list[str]:
    """Warnings for ``use`` of a site (read the inputs before the use is stored)."""
    usage = usage_from(inputs, until=use.at)
    policy = PlannerSettings.from_stored(inputs.settings).policy(use.route, use.medicine)
    return warnings_for_use(atlas, usage, policy, region=use.region, spot=use.spot, at=use.at)
