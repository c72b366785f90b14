"""What each page of the personal app shows: the template contexts, built from a service facade.

Pure: ``sc`` is anything with ``atlas``, ``records``, ``planning`` and ``triage`` as
``services.app.Sitecare`` has them (the web app passes its facade, pocket its in-memory
``views.state.Pocket``), and the clock and the zone are parameters. The web app's routes and
pocket's ``views.pages`` both render their templates with these, so the pages are the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta, tzinfo
from typing import Any
from urllib.parse import quote

from sitecare.domain.errors import InvalidInput, NotFound
from sitecare.domain.site_status import RegionStatus
from sitecare.views.bodymap import (
    PART_OF,
    MapRegion,
    back_href,
    body_map,
    map_regions,
    part_href,
    spot_picker,
)
from sitecare.views.chart import injection_chart
from sitecare.views.check_context import (
    Advance,
    advance,
    check_result_context,
    read_answer,
    screen_context,
)
from sitecare.views.follow_context import course_view, due_list
from sitecare.views.page_words import (
    HISTORY_PAGE,
    LEVEL_LOOK,
    ROUTE_WORDS,
    TOPICS,
    Form,
    page_gettext,
    status_lists,
    when,
    when_day,
)
from sitecare.views.settings_context import (
    medicine_pairs,
    places,
    settings_context,
    settings_location,
)

# re-exported: the shared words, the settings page and the guided check have modules of their own
__all__ = [
    "HISTORY_PAGE",
    "LEVEL_LOOK",
    "ROUTE_WORDS",
    "TOPICS",
    "Advance",
    "Form",
    "advance",
    "best_spot",
    "check_result_context",
    "history_context",
    "home_context",
    "log_context",
    "log_page_context",
    "logged_context",
    "medicine_pairs",
    "places",
    "read_answer",
    "screen_context",
    "settings_context",
    "settings_location",
    "site_context",
    "site_map",
    "when",
    "when_day",
]


# -- the body map ------------------------------------------------------------------------------


def site_map(
    sc: Any,
    *,
    current: datetime,
    route: str | None = None,
    href: str = "/log?region={id}",
    counts: Mapping[str, int] | None = None,
    suggestion: Mapping[str, Any] | None = None,
    with_states: bool = True,
) -> list[MapRegion]:
    """Every region as the body map draws it: its state for ``route`` and its spots' states."""
    states: dict[str, str] = {}
    spot_states: dict[str, dict[str, str]] = {}
    if with_states:
        for st in sc.planning.site_status(now=current, route=route):
            states[st.region] = st.state
            spot_states[st.region] = {s.id: s.state for s in st.spots}
    return map_regions(
        sc.atlas,
        href=href,
        states=states,
        counts=counts,
        suggested=suggestion.get("region") if suggestion else None,
        suggested_spot=suggestion.get("spot") if suggestion else None,
        route=route,
        spot_states=spot_states,
        _=page_gettext(sc),
    )


# -- home, log, logged -------------------------------------------------------------------------


def home_context(
    sc: Any,
    current: datetime,
    *,
    route: str | None = None,
    medicine: str | None = None,
    part: str | None = None,
) -> dict[str, Any]:
    """The home page: the suggested site, the body map, the last injections."""
    medicine = " ".join((medicine or "").split()) or None
    recent = sc.records.history(limit=5, newest_first=True, now=current)
    try:
        suggestion = sc.planning.suggest(now=current, route=route, medicine=medicine).to_dict()
    except InvalidInput:
        suggestion = None  # nothing logged yet and no route chosen: offer the routes
    chosen_route = suggestion["route"] if suggestion else route
    log_href = "/log?region={id}" + (f"&route={chosen_route}" if chosen_route else "")
    if medicine:
        log_href += f"&medicine={quote(medicine)}"
    regions = site_map(
        sc,
        current=current,
        route=chosen_route,
        href=log_href,
        suggestion=suggestion if suggestion and suggestion.get("region") else None,
    )
    params = {"route": route, "medicine": medicine}
    return {
        "active": "Home",
        "due": due_list(sc, current),
        "recent": recent,
        "atlas": sc.atlas,
        "suggestion": suggestion if suggestion and suggestion.get("region") else None,
        "no_site": suggestion if suggestion and not suggestion.get("region") else None,
        "route_words": ROUTE_WORDS,
        "regions": regions,
        "bodymap": body_map(
            regions,
            part=part,
            part_href=part_href("/", **params),
            back_href=back_href("/", **params),
            _=page_gettext(sc),
        ),
        "medicine": medicine,
        "medicines": sorted(sc.planning.settings(now=current).medicines),
    }


def log_page_context(
    sc: Any,
    current: datetime,
    *,
    region: str | None = None,
    spot: str | None = None,
    route: str | None = None,
    medicine: str | None = None,
    part: str | None = None,
) -> dict[str, Any]:
    """GET /log: the body map, or a region's spots and the form with its warnings."""
    reg = sc.atlas.region(region) if region else None
    context = log_context(sc, current, reg, spot=spot, route=route, medicine=medicine, part=part)
    if reg is not None:
        context["warnings"] = sc.records.preview_warnings(
            region=reg.id, route=route, spot=spot, at=current, medicine=medicine
        )
    return context


def log_context(
    sc: Any,
    current: datetime,
    reg: Any,
    *,
    spot: str | None,
    route: str | None,
    medicine: str | None,
    part: str | None = None,
) -> dict[str, Any]:
    """The log page: the body map (no region yet), or the region's spots and the form."""
    context: dict[str, Any] = {
        "active": "Log",
        "route_words": ROUTE_WORDS,
        "now_value": f"{current:%Y-%m-%dT%H:%M}",
        "chosen_spot": spot,
        "chosen_route": route,
        "errors": {},
        "values": {"medicine": medicine or ""},
        "medicines": sorted(sc.planning.settings(now=current).medicines),
    }
    params = {"route": route, "medicine": medicine}
    if reg is None:
        href = "/log?region={id}" + "".join(f"&{k}={quote(v)}" for k, v in params.items() if v)
        regions = site_map(sc, current=current, route=route, href=href)
        context["regions"] = regions
        context["bodymap"] = body_map(
            regions,
            part=part,
            part_href=part_href("/log", **params),
            back_href=back_href("/log", **params),
            _=page_gettext(sc),
        )
        return context
    used = route if route and route in reg.routes else None
    status = sc.planning.region_status(reg.id, now=current, route=used)
    best = best_spot(status)
    if spot is None:
        context["chosen_spot"] = best
    context.update(
        region=reg,
        status=status,
        picker=spot_picker(reg, status, suggested=best, chosen=context["chosen_spot"], now=current),
        back=part_href("/log", **params).format(part=PART_OF.get(reg.id, "")),
    )
    return context


def best_spot(status: RegionStatus) -> str | None:
    """The rested spot of a region that has rested longest (pre-selected on the log form)."""
    if status.state == "blocked":
        return None
    ready = [s for s in status.spots if s.state == "ready" and not s.next_to_resting]
    ready = ready or [s for s in status.spots if s.state == "ready"]
    if not ready:
        return None
    return min(ready, key=lambda s: s.last_used or "").id


def logged_context(sc: Any, injection: Any, warnings: list[str]) -> dict[str, Any]:
    return {
        "active": "Log",
        "injection": injection,
        "region": sc.atlas.region(injection.region),
        "warnings": warnings,
    }


# -- history and a site ------------------------------------------------------------------------


def history_context(
    sc: Any,
    current: datetime,
    tz: tzinfo,
    *,
    days: int = 30,
    page: int = 1,
    deleted: int = 0,
    part: str | None = None,
) -> dict[str, Any]:
    """The history: chart, heat map, site status and the timeline (a page of it)."""
    # the last N days are N whole days, today included (the chart's days)
    first_day = current.astimezone(tz).date() - timedelta(days=days - 1)
    since = datetime.combine(first_day, time(0), tzinfo=tz)
    total = sc.records.count(since=since, now=current)
    pages = max(1, -(-total // HISTORY_PAGE))
    page = min(page, pages)
    items = sc.records.history(
        since=since,
        newest_first=True,
        limit=HISTORY_PAGE,
        offset=(page - 1) * HISTORY_PAGE,
        now=current,
    )
    counts = sc.records.region_counts(since=since, now=current)
    tr = page_gettext(sc)  # the chart's and the map's words: the page's language
    chart = injection_chart(
        sc.records.history(since=since, now=current),
        days=days,
        today=current.astimezone(tz).date(),
        tz=tz,
        labels={r.id: tr(r.label) for r in sc.atlas},
        _=tr,
    )
    regions = map_regions(sc.atlas, href="/sites/{id}", counts=counts, _=tr)
    return {
        **status_lists(sc.planning.site_status(now=current)),
        "active": "History",
        "items": items,
        "days": days,
        "periods": (30, 90, 365),
        "page": page,
        "pages": pages,
        "total": total,
        "first_shown": (page - 1) * HISTORY_PAGE + 1 if items else 0,
        "last_shown": (page - 1) * HISTORY_PAGE + len(items),
        "chart": chart,
        "deleted": deleted,
        "atlas": sc.atlas,
        "counts": counts,
        "regions": regions,
        "bodymap": body_map(
            regions,
            part=part,
            part_href=part_href("/history", days=str(days)),
            back_href=back_href("/history", days=str(days)),
            heat=True,
            _=tr,
        ),
    }


def site_context(sc: Any, region_id: str, current: datetime) -> dict[str, Any]:
    """One place: its status, its checks and the injections there (404 for an unknown one)."""
    try:
        region = sc.atlas.region(region_id)
    except InvalidInput as exc:
        raise NotFound(exc.message, hint=exc.hint) from None
    items = sc.records.history(region=region.id, newest_first=True, now=current)
    checks = list(reversed(sc.triage.list_checks(region=region.id, now=current)))
    return {
        "active": "History",
        "region": region,
        "items": items,
        "checks": checks,
        "course": course_view(sc, region.id, current),
        "status": sc.planning.region_status(region.id, now=current),
    }
