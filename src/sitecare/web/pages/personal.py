"""The personal pages' HTTP endpoints (the program pages are in `server.py`). Each one calls
services and renders a template; no rule or query lives here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sitecare.domain.errors import InvalidInput, NotFound
from sitecare.domain.messages import Msg
from sitecare.domain.rotation_forms import medicine_removal, preset_form, route_form
from sitecare.domain.rotation_settings import (
    MEDICINE_PRESETS,
    medicine_key,
    parse_setting,
)
from sitecare.domain.routes import RouteId
from sitecare.services.app import Sitecare
from sitecare.views.context import (
    HISTORY_PAGE,
    ROUTE_WORDS,
    best_spot,
    history_context,
    home_context,
    log_page_context,
    logged_context,
    medicine_pairs,
    places,
    settings_context,
    settings_location,
    site_map,
)
from sitecare.views.log_submit import LogForm, log_submitted
from sitecare.web.deps import ServicesDep, local_tz, now, one_trip, run_once
from sitecare.web.language import language_of
from sitecare.web.pages import help as help_pages
from sitecare.web.pages.render import render
from sitecare.web.pages.report_pdf import Language as ReportLanguage
from sitecare.web.pages.report_pdf import pdf_answer, report_language

__all__ = ["HISTORY_PAGE", "ROUTE_WORDS", "best_spot", "places", "router", "site_map"]

router = APIRouter(include_in_schema=False)

Route = RouteId  # the ids of data/routes.yaml


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    sc: ServicesDep,
    route: Annotated[Route | None, Query()] = None,
    medicine: Annotated[str | None, Query(max_length=200)] = None,
    part: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    context = home_context(sc, now(), route=route, medicine=medicine, part=part)
    return render(request, "home.html", context)


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
    context = log_page_context(
        sc, now(), region=region, spot=spot, route=route, medicine=medicine, part=part
    )
    return render(request, "log.html", context)


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
    form = LogForm(region, spot, route, at, medicine, note)
    return await run_once(request, lambda sc: _log_submit(request, sc, form))


def _log_submit(request: Request, sc: Sitecare, form: LogForm) -> Response:
    # Rendered straight away (not redirected) so the warnings from the moment of logging show.
    template, context, status = log_submitted(sc, form, now=now(), tz=local_tz())
    page = render(request, template, context, status_code=status)
    if status == 200:
        sc.db.finish_request()  # committed in this worker thread: no second trip for the commit
    return page


@router.get("/logged/{injection_id}", response_class=HTMLResponse)
def logged(request: Request, injection_id: int, sc: ServicesDep) -> Response:
    injection = sc.records.get_injection(injection_id, now=now())
    warnings = sc.records.site_warnings(injection.region, injection.route)
    return render(request, "logged.html", logged_context(sc, injection, warnings))


@router.post("/injections/{injection_id}/delete")
def delete(injection_id: int, sc: ServicesDep) -> Response:
    sc.records.delete_injection(injection_id, now=now())
    return RedirectResponse("/history?deleted=1", status_code=303)


@router.get("/history", response_class=HTMLResponse)
def history(
    request: Request,
    sc: ServicesDep,
    days: Annotated[int, Query(ge=1, le=3650)] = 30,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    deleted: int = 0,
    part: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    context = history_context(
        sc, now(), local_tz(), days=days, page=page, deleted=deleted, part=part
    )
    return render(request, "history.html", context)


@router.get("/sites/{region_id}", response_class=HTMLResponse)
def site(
    request: Request,
    region_id: str,
    sc: ServicesDep,
    photo: Annotated[Literal["added", "deleted", "measured", "raised"] | None, Query()] = None,
) -> Response:
    from sitecare.web.pages.photos import site_page_context  # with its photos

    return render(request, "site.html", site_page_context(sc, region_id, photo))


@router.get("/help", response_class=HTMLResponse)
def help_index(request: Request) -> Response:
    return render(request, "help_index.html", {"active": "Help", "topics": help_pages.TOPICS})


@router.get("/help/{topic}", response_class=HTMLResponse)
def help_topic(request: Request, topic: str) -> Response:
    if topic not in help_pages.TOPICS:
        raise NotFound(Msg("There is no help page called %(topic)s.", topic=repr(topic)))
    context: dict[str, Any] = {"active": "Help", "topic": topic, "title": help_pages.TOPICS[topic]}
    if topic == "services":
        context["resources"] = help_pages.resources(
            request.app.state.settings, language_of(request)
        )
    return render(request, f"help/{topic}.html", context)


def _settings_answer(
    request: Request,
    sc: Sitecare,
    pairs: Callable[[], list[tuple[str, Any]]],
    *,
    saved: str,
    section: str | None = None,
) -> Response:
    """Store the settings (all or none) and go back to the page; a problem shows in place."""
    current = now()
    try:
        sc.planning.apply_settings(pairs(), now=current)
    except InvalidInput as exc:
        context = settings_context(sc, current, error=exc, section=section)
        return render(request, "settings.html", context, status_code=422)
    return RedirectResponse(settings_location(saved, section), status_code=303)


@router.get("/settings", response_class=HTMLResponse)
def settings_page(
    request: Request,
    sc: ServicesDep,
    saved: Annotated[str | None, Query(max_length=100)] = None,
    open: Annotated[str | None, Query(max_length=120)] = None,
) -> Response:
    """The rotation settings; ``open`` keeps the section just saved open."""
    context = settings_context(sc, now(), saved=saved, section=open)
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
        return medicine_pairs(sc, now(), label=label, route=route, regions=regions, every=every)

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
def export(sc: ServicesDep, format: Literal["json", "csv", "zip"] = "json") -> Response:
    """Everything as a file to keep (the same file 'sitecare import' reads)."""
    current = now()
    body: str | bytes
    if format == "zip":
        body, media = sc.transfer.export_zip(now=current), "application/zip"
    elif format == "csv":
        body, media = sc.transfer.export_csv(now=current), "text/csv"
    else:
        body, media = sc.transfer.export_json(now=current), "application/json"
    name = f"sitecare-{current:%Y-%m-%d}.{format}"
    return Response(
        body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.get("/report.pdf")
def report_pdf(
    request: Request,
    sc: ServicesDep,
    days: Annotated[int, Query(ge=1, le=400)] = 30,
    with_photos: bool = False,
    language: ReportLanguage = None,
) -> Response:
    """The report for a clinic (PDF) of the last ``days`` days (the photos when chosen), in
    ``?language=`` or the page's language."""
    lang = report_language(request, language)
    return pdf_answer(
        sc,
        days,
        name="sitecare-report",
        with_photos=with_photos,
        language=lang,
        asked=language is not None,
    )


@router.post("/erase")
def erase(sc: ServicesDep, confirm: Annotated[str | None, Form()] = None) -> Response:
    if confirm != "yes":
        raise InvalidInput(
            "Tick the box to confirm that everything should be erased.", field="confirm"
        )
    sc.transfer.erase_everything(now=now())
    return RedirectResponse("/privacy?erased=1", status_code=303)
