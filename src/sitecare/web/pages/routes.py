"""HTML routes. Each one calls services and renders a template; no rule or query lives here."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, time, timedelta
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sitecare.domain.atlas import ROUTES
from sitecare.domain.errors import InvalidInput, NotFound
from sitecare.domain.rotation import DEFAULT_RULES
from sitecare.domain.rotation_settings import (
    MEDICINE_PRESETS,
    chosen_regions,
    medicine_form,
    medicine_key,
    medicine_removal,
    parse_setting,
    preset_form,
    route_form,
    usable_regions,
)
from sitecare.domain.timeparse import parse_when
from sitecare.web.bodymap import (
    PART_OF,
    PARTS,
    MapRegion,
    back_href,
    body_map,
    map_regions,
    part_href,
    spot_picker,
)
from sitecare.web.chart import injection_chart
from sitecare.web.deps import ServicesDep, local_tz, now, one_trip, run_once
from sitecare.web.pages import help as help_pages
from sitecare.web.pages.render import render

router = APIRouter(include_in_schema=False)

Route = Literal["intravenous", "intramuscular", "subcutaneous", "intradermal", "skin_popping"]

ROUTE_WORDS = {
    "intravenous": "Into a vein",
    "intramuscular": "Into a muscle",
    "subcutaneous": "Under the skin",
    "intradermal": "Into the skin",
    "skin_popping": "Skin or muscle popping",
}


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
            states[st["region"]] = st["state"]
            spot_states[st["region"]] = {s["id"]: s["state"] for s in st["spots"]}
    return map_regions(
        sc.atlas,
        href=href,
        states=states,
        counts=counts,
        suggested=suggestion.get("region") if suggestion else None,
        suggested_spot=suggestion.get("spot") if suggestion else None,
        route=route,
        spot_states=spot_states,
    )


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    sc: ServicesDep,
    route: Annotated[Route | None, Query()] = None,
    medicine: Annotated[str | None, Query(max_length=200)] = None,
    part: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    current = now()
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
    return render(
        request,
        "home.html",
        {
            "active": "Home",
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
            ),
            "medicine": medicine,
            "medicines": sorted(sc.planning.settings(now=current).medicines),
        },
    )


@router.get("/log", response_class=HTMLResponse)
def log_form(
    request: Request,
    sc: ServicesDep,
    region: str | None = None,
    spot: str | None = None,
    route: str | None = None,
    medicine: Annotated[str | None, Query(max_length=200)] = None,
    part: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    current = now()
    reg = sc.atlas.region(region) if region else None
    context = _log_context(sc, current, reg, spot=spot, route=route, medicine=medicine, part=part)
    if reg is not None:
        context["warnings"] = sc.records.preview_warnings(
            region=reg.id, route=route, spot=spot, at=current, medicine=medicine
        )
    return render(request, "log.html", context)


def _log_context(
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
        )
        return context
    used = route if route and route in reg.routes else None
    status = sc.planning.region_status(reg.id, now=current, route=used)
    best = _best_spot(status)
    if spot is None:
        context["chosen_spot"] = best
    context.update(
        region=reg,
        status=status,
        picker=spot_picker(reg, status, suggested=best, chosen=context["chosen_spot"], now=current),
        back=part_href("/log", **params).format(part=PART_OF.get(reg.id, "")),
    )
    return context


def _best_spot(status: Mapping[str, Any]) -> str | None:
    """The rested spot of a region that has rested longest (pre-selected on the log form)."""
    if status.get("state") == "blocked":
        return None
    ready = [s for s in status["spots"] if s["state"] == "ready" and not s["next_to_resting"]]
    ready = ready or [s for s in status["spots"] if s["state"] == "ready"]
    if not ready:
        return None
    return str(min(ready, key=lambda s: s["last_used"] or "")["id"])


@router.post("/log", response_class=HTMLResponse)
@one_trip
async def log_submit(
    request: Request,
    region: Annotated[str, Form()],
    spot: Annotated[str | None, Form()] = None,
    route: Annotated[str | None, Form()] = None,
    at: Annotated[str | None, Form()] = None,
    medicine: Annotated[str | None, Form()] = None,
    note: Annotated[str | None, Form()] = None,
) -> Response:
    # the guard, the rest warning, the insert, the page and the commit: one worker thread
    return await run_once(
        request,
        lambda sc: _log_submit(request, sc, region, spot, route, at, medicine, note),
    )


def _log_submit(
    request: Request,
    sc: Any,
    region: str,
    spot: str | None,
    route: str | None,
    at: str | None,
    medicine: str | None,
    note: str | None,
) -> Response:
    current = now()
    try:
        when = current if not at else parse_when(at, now=current, tz=local_tz())
        result = sc.records.log_injection(
            region=region,
            spot=spot or None,
            route=route or None,
            at=when,
            now=current,
            medicine=medicine,
            note=note,
        )
    except InvalidInput as exc:
        try:
            reg = sc.atlas.region(region)
        except InvalidInput:
            reg = None
        context = _log_context(
            sc, current, reg, spot=spot or None, route=route or None, medicine=medicine
        )
        context.update(
            now_value=at or context["now_value"],
            errors={exc.field or "form": str(exc)},
            values={"medicine": medicine or "", "note": note or ""},
        )
        return render(request, "log.html", context, status_code=422)
    # Rendered straight away (not redirected) so the warnings from the moment of logging show.
    page = render(
        request,
        "logged.html",
        {
            "active": "Log",
            "injection": result.injection,
            "region": sc.atlas.region(result.injection.region),
            "warnings": result.warnings,
        },
    )
    sc.db.finish_request()  # committed in this worker thread: no second trip for the commit
    return page


@router.get("/logged/{injection_id}", response_class=HTMLResponse)
def logged(request: Request, injection_id: int, sc: ServicesDep) -> Response:
    injection = sc.records.get_injection(injection_id, now=now())
    return render(
        request,
        "logged.html",
        {
            "active": "Log",
            "injection": injection,
            "region": sc.atlas.region(injection.region),
            "warnings": sc.records.site_warnings(injection.region, injection.route),
        },
    )


@router.post("/injections/{injection_id}/delete")
def delete(injection_id: int, sc: ServicesDep) -> Response:
    sc.records.delete_injection(injection_id, now=now())
    return RedirectResponse("/history?deleted=1", status_code=303)


#: injections per page of the history timeline (a phone page stays short)
HISTORY_PAGE = 20


@router.get("/history", response_class=HTMLResponse)
def history(
    request: Request,
    sc: ServicesDep,
    days: Annotated[int, Query(ge=1, le=3650)] = 30,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    deleted: int = 0,
    part: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    current = now()
    tz = local_tz()
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
    chart = injection_chart(
        sc.records.history(since=since, now=current),
        days=days,
        today=current.astimezone(tz).date(),
        tz=tz,
        labels={r.id: r.label for r in sc.atlas},
    )
    every = sc.planning.site_status(now=current)
    statuses = [st for st in every if st["state"] != "ready"]
    ready_used = [st for st in every if st["state"] == "ready" and st.get("last_used")]
    regions = map_regions(sc.atlas, href="/sites/{id}", counts=counts)
    return render(
        request,
        "history.html",
        {
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
            "statuses": sorted(
                statuses, key=lambda st: ("blocked", "resting", "ready").index(st["state"])
            ),
            "ready_used": ready_used,
            "regions": regions,
            "bodymap": body_map(
                regions,
                part=part,
                part_href=part_href("/history", days=str(days)),
                back_href=back_href("/history", days=str(days)),
                heat=True,
            ),
        },
    )


@router.get("/sites/{region_id}", response_class=HTMLResponse)
def site(request: Request, region_id: str, sc: ServicesDep) -> Response:
    try:
        region = sc.atlas.region(region_id)
    except InvalidInput as exc:
        raise NotFound(exc.message, hint=exc.hint) from None
    current = now()
    items = sc.records.history(region=region.id, newest_first=True, now=current)
    checks = list(reversed(sc.triage.list_checks(region=region.id, now=current)))
    return render(
        request,
        "site.html",
        {
            "active": "History",
            "region": region,
            "items": items,
            "checks": checks,
            "status": sc.planning.region_status(region.id, now=current),
        },
    )


@router.get("/help", response_class=HTMLResponse)
def help_index(request: Request) -> Response:
    return render(request, "help_index.html", {"active": "Help", "topics": help_pages.TOPICS})


@router.get("/help/{topic}", response_class=HTMLResponse)
def help_topic(request: Request, topic: str) -> Response:
    if topic not in help_pages.TOPICS:
        raise NotFound(f"There is no help page called {topic!r}.")
    context: dict[str, Any] = {"active": "Help", "topic": topic, "title": help_pages.TOPICS[topic]}
    if topic == "services":
        context["resources"] = help_pages.resources(request.app.state.settings)
    return render(request, f"help/{topic}.html", context)


def _places(
    sc: Any, route: str, chosen: set[str] | None
) -> list[tuple[str, list[tuple[str, str, bool, bool]]]]:
    """The places for ``route`` as a checklist grouped by body part: (id, label, riskier,
    ticked); ``chosen`` None ticks every one."""
    usable = set(usable_regions(sc.atlas, route))
    groups = []
    for part in PARTS:
        items = [
            (
                rid,
                sc.atlas.region(rid).label,
                sc.atlas.region(rid).tier(route) == "caution",
                chosen is None or rid in chosen,
            )
            for rid in part.regions
            if rid in usable
        ]
        if items:
            groups.append((part.label, items))
    return groups


def _settings_context(
    sc: Any,
    current: datetime,
    *,
    saved: str | None = None,
    error: InvalidInput | None = None,
    section: str | None = None,
) -> dict[str, Any]:
    settings = sc.planning.settings(now=current)
    used = sc.planning.routes_used(now=current)
    routes = []
    for route in ROUTES:
        chosen = chosen_regions(settings, sc.atlas, route)
        usable = usable_regions(sc.atlas, route)
        avoid = list(
            dict.fromkeys(
                r.label.removeprefix("Left ").removeprefix("Right ").lower()
                for r in sc.atlas.for_route(route)
                if r.tier(route) == "avoid"
            )
        )
        routes.append(
            {
                "id": route,
                "words": ROUTE_WORDS[route],
                "rest": settings.rest_days.get(route),
                "default_rest": DEFAULT_RULES[route].spot_days,
                # the why, without the fact ids of the clinical brief
                "source": re.sub(r"\s*\(facts? [^)]*\)", "", DEFAULT_RULES[route].source),
                "places": _places(sc, route, chosen),
                "all": chosen == set(usable),
                "count": len(chosen),
                "avoid": avoid,
                "open": route in used or route == settings.route or section == f"route-{route}",
            }
        )
    medicines = []
    for label, med in sorted(settings.medicines.items()):
        route = med.route or "subcutaneous"
        picked = None if med.regions is None else set(med.regions)
        medicines.append(
            {
                "label": label,
                "route": med.route,
                "shown_route": route,
                "places": _places(sc, route, picked),
                "count": None
                if picked is None
                else len(picked & set(usable_regions(sc.atlas, route))),
                "open": section == f"medicine:{label}",
            }
        )
    return {
        "active": None,
        "saved": saved,
        "error": error,
        "section": section,
        "usual_route": settings.route,
        "route_words": ROUTE_WORDS,
        "routes": routes,
        "medicines": medicines,
        "presets": [
            (name, label, words)
            for name, (label, _route, _places, words) in MEDICINE_PRESETS.items()
            if label not in settings.medicines
        ],
    }


def _settings_answer(
    request: Request, sc: Any, pairs: Any, *, saved: str, section: str | None = None
) -> Response:
    """Store the settings (all or none) and go back to the page; a problem shows in place."""
    current = now()
    try:
        sc.planning.apply_settings(pairs(), now=current)
    except InvalidInput as exc:
        context = _settings_context(sc, current, error=exc, section=section)
        return render(request, "settings.html", context, status_code=422)
    where = ""
    if section:
        anchor = section.replace(":", "-").replace(" ", "-")
        where = f"&open={quote(section)}#{quote(anchor)}"
    return RedirectResponse(f"/settings?saved={quote(saved)}{where}", status_code=303)


@router.get("/settings", response_class=HTMLResponse)
def settings_page(
    request: Request,
    sc: ServicesDep,
    saved: Annotated[str | None, Query(max_length=100)] = None,
    open: Annotated[str | None, Query(max_length=120)] = None,
) -> Response:
    """The rotation settings; ``open`` keeps the section just saved open."""
    context = _settings_context(sc, now(), saved=saved, section=open)
    return render(request, "settings.html", context)


@router.post("/settings/route", response_class=HTMLResponse)
def settings_route(
    request: Request, sc: ServicesDep, route: Annotated[str, Form()] = ""
) -> Response:
    def pairs() -> list[tuple[str, Any]]:
        return [parse_setting(sc.atlas, "route", route)]

    return _settings_answer(request, sc, pairs, saved="your usual way of injecting")


@router.post("/settings/routes/{route}", response_class=HTMLResponse)
def settings_places(
    request: Request,
    sc: ServicesDep,
    route: Route,
    rest: Annotated[str, Form(max_length=20)] = "",
    regions: Annotated[list[str] | None, Form(max_length=100)] = None,
) -> Response:
    def pairs() -> list[tuple[str, Any]]:
        return route_form(sc.atlas, route=route, rest=rest, regions=regions or [])

    return _settings_answer(
        request, sc, pairs, saved=ROUTE_WORDS[route].lower(), section=f"route-{route}"
    )


@router.post("/settings/medicines", response_class=HTMLResponse)
def settings_medicine(
    request: Request,
    sc: ServicesDep,
    label: Annotated[str, Form(max_length=200)] = "",
    route: Annotated[str, Form(max_length=40)] = "subcutaneous",
    regions: Annotated[list[str] | None, Form(max_length=100)] = None,
    every: Annotated[str | None, Form()] = None,
) -> Response:
    def pairs() -> list[tuple[str, Any]]:
        # a new medicine (no ticks sent) may use every place until its places are chosen
        chosen: list[str] | None = None if every else (regions or [])
        stored = sc.planning.settings(now=now()).medicine(label)
        if chosen is not None and stored is not None and stored.route != route:
            # the way of injecting changed: the ticks were for the old one's places
            usable = set(usable_regions(sc.atlas, route))
            chosen = [r for r in chosen if r in usable] or None
        return medicine_form(sc.atlas, label=label, route=route, regions=chosen)

    name = medicine_key(label)
    return _settings_answer(request, sc, pairs, saved=name, section=f"medicine:{name}")


@router.post("/settings/medicines/remove", response_class=HTMLResponse)
def settings_medicine_remove(
    request: Request, sc: ServicesDep, label: Annotated[str, Form(max_length=200)] = ""
) -> Response:
    return _settings_answer(
        request, sc, lambda: medicine_removal(label), saved=f"{medicine_key(label)} removed"
    )


@router.post("/settings/presets/{name}", response_class=HTMLResponse)
def settings_preset(request: Request, sc: ServicesDep, name: str) -> Response:
    label = MEDICINE_PRESETS[name][0] if name in MEDICINE_PRESETS else name
    return _settings_answer(
        request, sc, lambda: preset_form(sc.atlas, name), saved=label, section=f"medicine:{label}"
    )


@router.get("/privacy", response_class=HTMLResponse)
def privacy(request: Request, erased: int = 0) -> Response:
    personal = not getattr(request.state, "server_mode", False)
    return render(request, "privacy.html", {"active": None, "personal": personal, "erased": erased})


@router.get("/export")
def export(sc: ServicesDep, format: Literal["json", "csv"] = "json") -> Response:
    """Everything as a file to keep (the same file 'sitecare import' reads)."""
    current = now()
    if format == "csv":
        body, media = sc.transfer.export_csv(now=current), "text/csv"
    else:
        body, media = sc.transfer.export_json(now=current), "application/json"
    name = f"sitecare-{current:%Y-%m-%d}.{format}"
    return Response(
        body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.post("/erase")
def erase(sc: ServicesDep, confirm: Annotated[str | None, Form()] = None) -> Response:
    if confirm != "yes":
        raise InvalidInput(
            "Tick the box to confirm that everything should be erased.", field="confirm"
        )
    sc.transfer.erase_everything(now=now())
    return RedirectResponse("/privacy?erased=1", status_code=303)
