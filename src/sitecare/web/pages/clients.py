"""Worker pages: find or add a client, the client's page, record a visit, a guided check.

Each page opens the client through ``ClientRecords`` (scoped to the worker's program, audited)
and then uses the ordinary services, exactly as the personal pages do.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sitecare.domain.errors import InvalidInput
from sitecare.domain.timeparse import parse_when
from sitecare.domain.triage.headline import headline_words
from sitecare.services.clients import Access, visit_options
from sitecare.views.bodymap import body_map, map_regions
from sitecare.views.context import ROUTE_WORDS
from sitecare.views.follow_context import client_follow
from sitecare.views.page_words import page_gettext
from sitecare.web.deps import ClientsDep, local_tz, now
from sitecare.web.pages.check import LEVEL_LOOK, _screen_context, advance
from sitecare.web.pages.photos import client_photos, photo_form
from sitecare.web.pages.render import render
from sitecare.web.pages.report_pdf import Language as ReportLanguage
from sitecare.web.pages.report_pdf import pdf_answer, report_language

router = APIRouter(include_in_schema=False)
#: how many injections one visit form offers (phones: short forms)
INJECTION_ROWS = 2


@router.get("/clients", response_class=HTMLResponse)
def clients_page(
    request: Request,
    clients: ClientsDep,
    code: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    found = clients.find(code, now=now())
    exact = bool(code) and any(c.code == " ".join((code or "").split()).upper() for c in found)
    return render(
        request,
        "clients.html",
        {"active": "Clients", "found": found, "code": code or "", "exact": exact},
    )


@router.post("/clients")
def add_client(
    request: Request, clients: ClientsDep, code: Annotated[str, Form(max_length=100)]
) -> Response:
    try:
        client = clients.add(code, now=now())
    except InvalidInput as exc:
        found = clients.find(code[:40], now=now())
        return render(
            request,
            "clients.html",
            {"active": "Clients", "found": found, "code": code, "error": exc.message},
            status_code=422,
        )
    return RedirectResponse(f"/clients/{client.id}?added=1", status_code=303)


@router.get("/clients/{client_id}", response_class=HTMLResponse)
def client_page(
    request: Request,
    client_id: int,
    clients: ClientsDep,
    added: int = 0,
    saved: int = 0,
    photo: Annotated[str | None, Query(max_length=10)] = None,
    part: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    current = now()
    client, sc = clients.open_client(Access(client_id, "client.read"), now=current)
    statuses = {s.region: s for s in sc.planning.site_status(now=current)}
    since = current - timedelta(days=90)
    injections = sc.records.history(since=since, newest_first=True, limit=20, now=current)
    checks = list(reversed(sc.triage.list_checks(now=current)))[:20]
    visits = clients.visits(client_id, now=current, limit=10)
    site_photos = client_photos(
        client_id, sc, current, checks, added=photo == "added", measured=photo == "measured"
    )
    follow = client_follow(sc, client_id, current)
    return render(
        request,
        "client.html",
        {
            "active": "Clients",
            "client": client,
            "added": added,
            "saved": saved,
            "site_photos": site_photos,
            "atlas": sc.atlas,
            "injections": injections,
            "checks": checks,
            # each check's stored headline, said again in the page's language
            "headlines": {c.id: headline_words(c.assessment) for c in checks},
            "visits": visits,
            "options": visit_options(),
            "level_look": LEVEL_LOOK,
            **follow,
            "not_ready": [s for s in statuses.values() if s.state != "ready"],
            "regions": (
                regions := map_regions(
                    sc.atlas,
                    href=f"/clients/{client_id}/check?region={{id}}",
                    states={r: s.state for r, s in statuses.items()},
                    spot_states={r: {p.id: p.state for p in s.spots} for r, s in statuses.items()},
                    _=page_gettext(sc),
                )
            ),
            "bodymap": body_map(
                regions,
                part=part,
                part_href=f"/clients/{client_id}?part={{part}}",
                back_href=f"/clients/{client_id}",
                _=page_gettext(sc),
            ),
        },
    )


def _visit_context(sc: Any, client: Any, **extra: Any) -> dict[str, Any]:
    return {
        "active": "Clients",
        "client": client,
        "options": visit_options(),
        "regions": sorted(sc.atlas.regions, key=lambda r: r.label),
        "route_words": ROUTE_WORDS,
        "rows": range(INJECTION_ROWS),
        "errors": {},
        "values": {},
        **extra,
    }


@router.get("/clients/{client_id}/report.pdf")
def client_report(
    request: Request,
    client_id: int,
    clients: ClientsDep,
    days: Annotated[int, Query(ge=1, le=400)] = 30,
    with_photos: bool = False,
    language: ReportLanguage = None,
) -> Response:
    """The report for a clinic (PDF) of one client's last ``days`` days (photos when chosen),
    in ``?language=`` or the page's language."""
    lang = report_language(request, language)
    client, sc = clients.open_client(Access(client_id, "client.report"), now=now())
    return pdf_answer(
        sc,
        days,
        name=f"sitecare-report-{client.id}",
        with_photos=with_photos,
        language=lang,
        asked=language is not None,
    )


@router.get("/clients/{client_id}/visit", response_class=HTMLResponse)
def visit_form(
    request: Request, client_id: int, clients: ClientsDep, region: str | None = None
) -> Response:
    current = now()
    client, sc = clients.open_client(Access(client_id, "visit.form"), now=current)
    values = {"region-0": sc.atlas.region(region).id} if region else {}
    return render(request, "visit.html", _visit_context(sc, client, values=values))


@router.post("/clients/{client_id}/visit", response_class=HTMLResponse)
async def visit_submit(request: Request, client_id: int, clients: ClientsDep) -> Response:
    form = await request.form()
    current = now()
    client, sc = clients.open_client(Access(client_id, "visit.add"), now=current)
    values = {k: str(v) for k, v in form.items() if k != "csrf_token"}
    reported: list[tuple[str, str | None, str | None, datetime]] = []
    try:
        for i in range(INJECTION_ROWS):
            region = values.get(f"region-{i}") or None
            if region is None:
                continue
            at_text = values.get(f"at-{i}") or ""
            spot = values.get(f"spot-{i}") or None
            route = values.get(f"route-{i}") or None
            at = parse_when(at_text, now=current, tz=local_tz()) if at_text else current
            sc.records.validate_site(region, spot, route)
            reported.append((region, spot, route, at))
        supplies = [str(v) for v in form.getlist("supplies")]
        referrals = [str(v) for v in form.getlist("referrals")]
        clients.record_visit(
            client_id,
            now=current,
            supplies=supplies,
            referrals=referrals,
            note=values.get("note"),
        )
    except InvalidInput as exc:
        context = _visit_context(
            sc, client, errors={exc.field or "form": exc.message}, values=values
        )
        context["chosen"] = {
            "supplies": form.getlist("supplies"),
            "referrals": form.getlist("referrals"),
        }
        return render(request, "visit.html", context, status_code=422)
    for region, spot, route, at in reported:
        sc.records.log_injection(region=region, spot=spot, route=route, at=at, now=current)
    return RedirectResponse(f"/clients/{client_id}?saved=1", status_code=303)


# -- the guided check, for one client ----------------------------------------------------------


def _check_context(
    sc: Any, client: Any, step: Any, answers: dict[str, Any], region: str | None, **extra: Any
) -> dict[str, Any]:
    context = _screen_context(
        sc, step, answers, region, extra.pop("error", None), extra.pop("prefill", None)
    )
    return {**context, "active": "Clients", "client": client, **extra}


@router.get("/clients/{client_id}/check", response_class=HTMLResponse)
def check_start(
    request: Request,
    client_id: int,
    clients: ClientsDep,
    region: Annotated[str | None, Query()] = None,
) -> Response:
    current = now()
    client, sc = clients.open_client(Access(client_id, "check.form"), now=current)
    if region:
        region = sc.atlas.region(region).id
    step = sc.triage.next_step({})
    return render(request, "check.html", _check_context(sc, client, step, {}, region))


@router.post("/clients/{client_id}/check", response_class=HTMLResponse)
async def check_answer(request: Request, client_id: int, clients: ClientsDep) -> Response:
    form = await request.form()
    current = now()
    client, sc = clients.open_client(Access(client_id, "check.answer"), now=current)
    got = advance(sc, form)
    if not got.finished:
        context = _check_context(
            sc, client, got.step, got.answers, got.region, error=got.error, prefill=got.prefill
        )
        return render(request, "check.html", context, status_code=422 if got.error else 200)
    step, region, case = got.step, got.region, got.case()
    sc = clients.open(Access(client_id, "check.add", "check"), now=current)
    result = sc.triage.check(case, now=current)
    words, icon = LEVEL_LOOK[result.assessment["level"]]
    return render(
        request,
        "client_check_result.html",
        {
            "active": "Clients",
            "client": client,
            "a": result.assessment,
            "stopped": step.kind == "stop",
            "stop_message": step.message,
            "words": words,
            "icon": icon,
            "region": sc.atlas.region(region) if region else None,
            "stored": result.observation,
            "observation": None,  # the personal links of check_result.html stay hidden
            "photo_form": None
            if result.observation is None
            else photo_form(
                f"/clients/{client_id}/checks/{result.observation.id}/photos", result.observation
            ),
        },
    )
