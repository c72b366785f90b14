"""HTML routes. Each one calls services and renders a template; no rule or query lives here."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sitecare.domain.errors import InvalidInput, NotFound
from sitecare.domain.timeparse import parse_when
from sitecare.web.bodymap import map_regions
from sitecare.web.deps import ServicesDep, local_tz, now
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


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    sc: ServicesDep,
    route: Annotated[Route | None, Query()] = None,
) -> Response:
    current = now()
    recent = sc.records.history(limit=5, newest_first=True, now=current)
    try:
        suggestion = sc.planning.suggest(now=current, route=route).to_dict()
    except InvalidInput:
        suggestion = None  # nothing logged yet and no route chosen: offer the routes
    statuses = {s["region"]: s["state"] for s in sc.planning.site_status(now=current)}
    chosen_route = suggestion["route"] if suggestion else route
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
            "regions": map_regions(
                sc.atlas,
                states=statuses,
                suggested=suggestion["region"] if suggestion else None,
                suggested_spot=suggestion["spot"] if suggestion else None,
                route=chosen_route,
            ),
        },
    )


@router.get("/log", response_class=HTMLResponse)
def log_form(
    request: Request,
    sc: ServicesDep,
    region: str | None = None,
    spot: str | None = None,
    route: str | None = None,
) -> Response:
    context: dict[str, Any] = {
        "active": "Log",
        "route_words": ROUTE_WORDS,
        "now_value": f"{now():%Y-%m-%dT%H:%M}",
        "chosen_spot": spot,
        "chosen_route": route,
        "errors": {},
        "values": {},
    }
    current = now()
    if region:
        reg = sc.atlas.region(region)
        context["region"] = reg
        if spot is None:
            context["chosen_spot"] = _best_spot(sc, reg.id, route, current)
        context["warnings"] = sc.records.preview_warnings(
            region=reg.id, route=route, spot=spot, at=current
        )
    else:
        statuses = {st["region"]: st["state"] for st in sc.planning.site_status(now=current)}
        context["regions"] = map_regions(sc.atlas, states=statuses)
    return render(request, "log.html", context)


def _best_spot(sc: Any, region: str, route: str | None, at: Any) -> str | None:
    """The rested spot of a region that has rested longest (pre-selected on the log form)."""
    status = sc.planning.region_status(region, now=at, route=route)
    ready = [s for s in status["spots"] if s["state"] == "ready" and not s["next_to_resting"]]
    ready = ready or [s for s in status["spots"] if s["state"] == "ready"]
    if not ready:
        return None
    return str(min(ready, key=lambda s: s["last_used"] or "")["id"])


@router.post("/log", response_class=HTMLResponse)
def log_submit(
    request: Request,
    sc: ServicesDep,
    region: Annotated[str, Form()],
    spot: Annotated[str | None, Form()] = None,
    route: Annotated[str | None, Form()] = None,
    at: Annotated[str | None, Form()] = None,
    medicine: Annotated[str | None, Form()] = None,
    note: Annotated[str | None, Form()] = None,
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
        return render(
            request,
            "log.html",
            {
                "active": "Log",
                "route_words": ROUTE_WORDS,
                "now_value": at or f"{current:%Y-%m-%dT%H:%M}",
                "region": reg,
                "regions": None if reg else map_regions(sc.atlas),
                "chosen_spot": spot,
                "chosen_route": route,
                "errors": {exc.field or "form": str(exc)},
                "values": {"medicine": medicine or "", "note": note or ""},
            },
            status_code=422,
        )
    # Rendered straight away (not redirected) so the warnings from the moment of logging show.
    return render(
        request,
        "logged.html",
        {
            "active": "Log",
            "injection": result.injection,
            "region": sc.atlas.region(result.injection.region),
            "warnings": result.warnings,
        },
    )


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


@router.get("/history", response_class=HTMLResponse)
def history(
    request: Request,
    sc: ServicesDep,
    days: Annotated[int, Query(ge=1, le=3650)] = 30,
    deleted: int = 0,
) -> Response:
    current = now()
    since = current - timedelta(days=days)
    items = sc.records.history(since=since, newest_first=True, now=current)
    counts = sc.records.region_counts(since=since, now=current)
    statuses = [
        st
        for st in sc.planning.site_status(now=current)
        if st["state"] != "ready" or st.get("last_used")
    ]
    return render(
        request,
        "history.html",
        {
            "active": "History",
            "items": items,
            "days": days,
            "deleted": deleted,
            "atlas": sc.atlas,
            "counts": counts,
            "statuses": sorted(
                statuses, key=lambda st: ("blocked", "resting", "ready").index(st["state"])
            ),
            "regions": map_regions(sc.atlas, href="/sites/{id}", counts=counts),
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


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request, sc: ServicesDep, saved: int = 0) -> Response:
    return render(
        request,
        "settings.html",
        {
            "active": None,
            "rows": sc.planning.settings_rows(now=now()),
            "saved": saved,
            "errors": {},
            "values": {},
        },
    )


@router.post("/settings", response_class=HTMLResponse)
def settings_save(
    request: Request,
    sc: ServicesDep,
    key: Annotated[str, Form()],
    value: Annotated[str, Form()] = "",
) -> Response:
    try:
        sc.planning.set_setting(key, value, now=now())
    except InvalidInput as exc:
        return render(
            request,
            "settings.html",
            {
                "active": None,
                "rows": sc.planning.settings_rows(now=now()),
                "saved": 0,
                "errors": {exc.field or "key": str(exc)},
                "values": {"key": key, "value": value},
            },
            status_code=422,
        )
    return RedirectResponse("/settings?saved=1", status_code=303)


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
