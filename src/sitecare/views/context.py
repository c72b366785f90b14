"""What each page of the personal app shows: the template contexts, built from a service facade.

Pure: ``sc`` is anything with ``atlas``, ``records``, ``planning`` and ``triage`` as
``services.app.Sitecare`` has them (the web app passes its facade, pocket its in-memory
``views.state.Pocket``), and the clock and the zone are parameters. The web app's routes and
pocket's ``views.pages`` both render their templates with these, so the pages are the same.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from typing import Any, Protocol
from urllib.parse import quote

from sitecare.domain.atlas import ROUTES
from sitecare.domain.errors import InvalidInput, NotFound
from sitecare.domain.messages import N_
from sitecare.domain.rotation import DEFAULT_RULES
from sitecare.domain.rotation_settings import (
    MEDICINE_PRESETS,
    chosen_regions,
    medicine_form,
    usable_regions,
)
from sitecare.domain.triage.questionnaire import Question, Step, check_answer, go_back, read_number
from sitecare.views.bodymap import (
    PART_OF,
    PARTS,
    MapRegion,
    back_href,
    body_map,
    map_regions,
    part_href,
    spot_picker,
)
from sitecare.views.chart import injection_chart

ROUTE_WORDS = {
    "intravenous": N_("Into a vein"),
    "intramuscular": N_("Into a muscle"),
    "subcutaneous": N_("Under the skin"),
    "intradermal": N_("Into the skin"),
    "skin_popping": N_("Skin or muscle popping"),
}
#: a route's tier at a region, as the log form shows it
TIER_WORDS = {"preferred": N_("preferred"), "caution": N_("caution"), "avoid": N_("avoid")}

#: level -> (words, icon). The icon is decoration (aria-hidden), set apart from the words.
LEVEL_LOOK = {
    "emergency": (N_("Emergency: call now"), "!!!"),
    "urgent": (N_("See a clinician today"), "!!"),
    "soon": (N_("See a clinician in 1 to 2 days"), "!"),
    "self_care": (N_("Care for it at home and watch it"), "⌂"),
    "routine": (N_("An ordinary mark"), "✓"),
}

#: the help topics (their text is in templates/help/, written from the seeds and the brief)
TOPICS = {
    "marks": "What marks look like, stage by stage",
    "why": "Why marks and damage happen",
    "prevent": "How to prevent marks and infections",
    "care": "How to care for a mark or wound",
    "when": "When to get help",
    "someone": "Helping someone you care about",
    "services": "Where to find help: treatment and harm-reduction services",
}

#: injections per page of the history timeline (a phone page stays short)
HISTORY_PAGE = 20


def when(at: datetime) -> str:
    """Short, readable time: 'Mon 23 Nov, 08:30' (the templates' ``when`` filter)."""
    return f"{at:%a %d %b, %H:%M}"


def when_day(at: datetime) -> str:
    return f"{at:%a %d %b}"


class Form(Protocol):
    """What a submitted form offers (Starlette's FormData, or ``views.pages.FormValues``)."""

    def get(self, key: str, /) -> Any: ...

    def getlist(self, key: str, /) -> list[Any]: ...


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


def best_spot(status: Mapping[str, Any]) -> str | None:
    """The rested spot of a region that has rested longest (pre-selected on the log form)."""
    if status.get("state") == "blocked":
        return None
    ready = [s for s in status["spots"] if s["state"] == "ready" and not s["next_to_resting"]]
    ready = ready or [s for s in status["spots"] if s["state"] == "ready"]
    if not ready:
        return None
    return str(min(ready, key=lambda s: s["last_used"] or "")["id"])


def log_error_context(
    sc: Any,
    current: datetime,
    exc: InvalidInput,
    *,
    region: str,
    spot: str | None,
    route: str | None,
    at: str | None,
    medicine: str | None,
    note: str | None,
) -> dict[str, Any]:
    """POST /log refused: the form again, as filled in, with the problem (a 422)."""
    try:
        reg = sc.atlas.region(region)
    except InvalidInput:
        reg = None
    context = log_context(
        sc, current, reg, spot=spot or None, route=route or None, medicine=medicine
    )
    context.update(
        now_value=at or context["now_value"],
        errors={exc.field or "form": str(exc)},
        values={"medicine": medicine or "", "note": note or ""},
    )
    return context


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
    return {
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
        "status": sc.planning.region_status(region.id, now=current),
    }


# -- settings ----------------------------------------------------------------------------------


def places(
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


def settings_context(
    sc: Any,
    current: datetime,
    *,
    saved: str | None = None,
    error: InvalidInput | None = None,
    section: str | None = None,
) -> dict[str, Any]:
    """The rotation settings page: the usual route, medicines, places and rest per route."""
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
                "places": places(sc, route, chosen),
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
                "places": places(sc, route, picked),
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


def medicine_pairs(
    sc: Any,
    current: datetime,
    *,
    label: str,
    route: str,
    regions: list[str] | None,
    every: str | None,
) -> list[tuple[str, Any]]:
    """The settings a medicine's form asks for (checked; value None removes one)."""
    # a new medicine (no ticks sent) may use every place until its places are chosen
    chosen: list[str] | None = None if every else (regions or [])
    stored = sc.planning.settings(now=current).medicine(label)
    if chosen is not None and stored is not None and stored.route != route:
        # the way of injecting changed: the ticks were for the old one's places
        usable = set(usable_regions(sc.atlas, route))
        chosen = [r for r in chosen if r in usable] or None
    return medicine_form(sc.atlas, label=label, route=route, regions=chosen)


def settings_location(saved: str, section: str | None) -> str:
    """Where the settings page sends the browser after a save (the section kept open)."""
    where = ""
    if section:
        anchor = section.replace(":", "-").replace(" ", "-")
        where = f"&open={quote(section)}#{quote(anchor)}"
    return f"/settings?saved={quote(saved)}{where}"


# -- the guided check --------------------------------------------------------------------------


def screen_context(
    sc: Any,
    step: Step,
    answers: dict[str, Any],
    region: str | None,
    error: str | None = None,
    prefill: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One screen of the guided check (the answers so far travel in a hidden field)."""
    return {
        "active": "Check",
        "screen": step.screen,
        "answers_json": json.dumps(answers),
        "region": region,
        "region_label": sc.atlas.region(region).label if region else None,
        "first": not answers,
        "error": error,
        "step_number": step.number,
        "step_total": step.total,
        "prefill": prefill or {},
        "regions": sorted(sc.atlas.regions, key=lambda r: r.label),
    }


@dataclass
class Advance:
    """Where a guided check stands after one screen of answers."""

    step: Step
    answers: dict[str, Any]
    region: str | None
    error: str | None = None
    #: answers to show again on the screen (after Back, or when one answer was refused)
    prefill: dict[str, Any] | None = None

    @property
    def finished(self) -> bool:
        return self.error is None and self.step.kind != "ask"

    def case(self) -> dict[str, Any]:
        case = dict(self.step.case)
        if self.region:
            case["region"] = self.region
        return case


def advance(sc: Any, form: Form) -> Advance:
    """Read one submitted screen (answers so far travel in a hidden field) and step on."""
    try:
        answers = json.loads(str(form.get("answers") or "{}"))
        if not isinstance(answers, dict):
            raise ValueError
    except ValueError:
        raise InvalidInput("The answers sent back were damaged. Please start again.") from None
    region = str(form.get("region") or "") or None
    if region:
        region = sc.atlas.region(region).id
    if form.get("back"):
        kept, removed = go_back(answers)
        return Advance(sc.triage.next_step(kept), kept, region, prefill=removed)
    asked = [q for q in str(form.get("asked") or "").split(",") if q]
    current = sc.triage.next_step(answers)
    by_id = {q.id: q for q in current.screen}
    given: dict[str, Any] = {}
    try:
        for qid in asked:
            if qid in by_id:
                given[qid] = read_answer(by_id[qid], form)
    except InvalidInput as exc:
        return Advance(current, answers, region, error=str(exc), prefill=given)
    answers.update(given)
    return Advance(sc.triage.next_step(answers), answers, region)


def read_answer(q: Question, form: Form) -> Any:
    """One question's answer from the form, checked."""
    if q.kind == "checklist":
        value: Any = [str(v) for v in form.getlist(q.id)]
    elif q.kind == "choice":
        raw = form.get(q.id)
        if not raw:
            unsure = next((o.id for o in q.options if o.id in ("not_sure", "not_say")), None)
            if unsure is None:
                raise InvalidInput(f"Please choose an answer: {q.text}", field=q.id)
            raw = unsure
        value = str(raw)
    elif q.kind == "yes_no":
        value = str(form.get(q.id) or "no") == "yes"
    else:
        unit = str(form.get(f"{q.id}__unit") or "") or None
        try:
            return read_number(q, str(form.get(q.id) or ""), unit)
        except InvalidInput:
            low, high = q.minimum, q.maximum
            rng = f" from {low:g} to {high:g}" if low is not None and high is not None else ""
            raise InvalidInput(
                f"Please type a number{rng}, or leave it empty: {q.text}", field=q.id
            ) from None
    return check_answer(q.id, value)


def check_result_context(sc: Any, got: Advance, result: Any) -> dict[str, Any]:
    """The result of a guided check (``result``: the CheckResult of storing it)."""
    a = result.assessment
    words, icon = LEVEL_LOOK[a["level"]]
    return {
        "active": "Check",
        "a": a,
        "stopped": got.step.kind == "stop",
        "stop_message": got.step.message,
        "words": words,
        "icon": icon,
        "region": sc.atlas.region(got.region) if got.region else None,
        "observation": result.observation,
    }
