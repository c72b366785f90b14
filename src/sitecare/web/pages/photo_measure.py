"""Measure a photo's mark: the photo with the outline sitecare found drawn on it (an SVG
overlay, no script needed), a plain form to keep that outline, and one to type the size in mm.
With JavaScript, ``static/outline.js`` lets a person drag the outline's points or trace it with
a finger; it posts the polygon in photo pixels through the same form.

Personal routes first; the program server's (a worker's client, audited as ``photo.view`` and
``photo.measure``) at the end. After a photo is added, its page comes here.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from sitecare.domain.errors import InvalidInput
from sitecare.domain.messages import N_, Msg, join_sentences, number
from sitecare.domain.triage.vocab import LEVEL_RANK
from sitecare.services.clients import Access
from sitecare.services.measure import parse_points
from sitecare.services.photo_measure import NO_CARD_HELP, compare_areas
from sitecare.views.area_chart import area_chart
from sitecare.views.context import when
from sitecare.web.deps import ClientsDep, ServicesDep, local_tz, now
from sitecare.web.pages.render import render

router = APIRouter(include_in_schema=False)

Kind = Literal["auto", "outline", "by_hand"]
Text = Annotated[str, Form(max_length=200_000)]
Short = Annotated[str, Form(max_length=20)]


def _measure_form(
    kind: Annotated[Kind, Form()] = "auto",
    outline: Text = "",
    longest_mm: Short = "",
    across_mm: Short = "",
) -> tuple[Kind, str, str, str]:
    """The measure page's forms: what to keep, the outline ("x,y;..." photo pixels), the size."""
    return kind, outline, longest_mm, across_mm


MeasureForm = Annotated[tuple[Kind, str, str, str], Depends(_measure_form)]


def growth(sc: Any, region: str, current: Any) -> dict[str, Any] | None:
    """The measured area of a site over time: the chart (two or more measured checks) and the
    change in words; None before the first measurement."""
    tz = local_tz()
    series = [
        (at.astimezone(tz), area)
        for at, area, _ in sc.measurements.area_series(region, now=current)
    ]
    if not series:
        return None
    last_at, last = series[-1]
    change = compare_areas(series[-2], series[-1]) if len(series) > 1 else None
    words = (
        change["words"]
        if change
        else Msg(
            "The mark measured %(area)s mm² on %(when)s.",
            area=number(last, ".0f"),
            when=when(last_at),
        )
    )
    return {"chart": area_chart(series), "words": words, "change": change}


def _points_text(points: list[Any]) -> str:
    return ";".join(f"{float(x):.1f},{float(y):.1f}" for x, y in points)


def _found(sc: Any, photo: Any, current: Any) -> dict[str, Any]:
    """The stored outline when there is one, else what sitecare finds now (not stored)."""
    m = photo.measurement
    if m and m.get("outline"):
        return {"card_found": True, **m, "stored": True}
    found = sc.measurements.preview(photo.id, now=current)
    return {**found, "stored": False, "by_hand": m}


def view_box(photo: Any, outline: list[Any]) -> str:
    """The part of the photo the editor shows: the mark, zoomed so that its points can be
    dragged with a finger (twice its size, at least 240 pixels), else the whole photo."""
    if len(outline) < 3:
        return f"0 0 {photo.width} {photo.height}"
    xs, ys = [float(p[0]) for p in outline], [float(p[1]) for p in outline]
    side = min(max(2 * max(max(xs) - min(xs), max(ys) - min(ys)), 240.0), photo.width, photo.height)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    x = min(max(cx - side / 2, 0.0), photo.width - side)
    y = min(max(cy - side / 2, 0.0), photo.height - side)
    return f"{x:.0f} {y:.0f} {side:.0f} {side:.0f}"


def measure_context(sc: Any, photo_id: int, *, base: str, back: str, **extra: Any) -> Any:
    """The measure page's context (``base``: the photo's address, ``back``: the site's page)."""
    current = now()
    photo = sc.photos.get(photo_id, now=current)
    found = _found(sc, photo, current)
    label = sc.atlas.region(photo.region).label if photo.region else N_("the site")
    return {
        "photo": photo,
        "label": label,
        "when": when(photo.check_at),
        "src": base,
        "action": f"{base}/measure",
        "back": back,
        "found": found,
        "outline_text": _points_text(found.get("outline") or []),
        "view_box": view_box(photo, found.get("outline") or []),
        "no_card": NO_CARD_HELP,
        **extra,
    }


def save(sc: Any, photo_id: int, kind: Kind, outline: str, longest: str, across: str) -> bool:
    """Keep what the form sent; InvalidInput names the field. True when the measured size made
    the photo's check more urgent (the follow-up compares the checks again)."""
    current = now()
    check_id = sc.photos.get(photo_id, now=current).check_id
    before = sc.triage.get_check(check_id, now=current).level
    _keep(sc, photo_id, kind, outline, longest, across, current)
    after = sc.triage.get_check(check_id, now=current).level
    return bool(LEVEL_RANK.get(after, 0) > LEVEL_RANK.get(before, 0))


def _keep(
    sc: Any, photo_id: int, kind: Kind, outline: str, longest: str, across: str, current: Any
) -> Any:
    if kind == "by_hand":
        return sc.measurements.save_by_hand(photo_id, longest, across or None, now=current)
    points = None
    if kind == "outline":
        points = [list(p) for p in parse_points(outline, field="outline")]
        if len(points) < 3:
            raise InvalidInput(Msg("An outline needs at least 3 points."), field="outline")
    photo, found = sc.measurements.measure(photo_id, now=current, outline=points)
    if photo.measurement is None or found["area_mm2"] is None:
        raise InvalidInput(join_sentences(found["warnings"]) or NO_CARD_HELP, field="outline")
    return photo


async def _post(
    request: Request,
    sc: Any,
    photo_id: int,
    form: tuple[Kind, str, str, str],
    where: tuple[str, str],
) -> Response:
    base, back = where
    try:
        raised = await run_in_threadpool(lambda: save(sc, photo_id, *form))
    except InvalidInput as exc:
        problem = exc
        context = await run_in_threadpool(
            lambda: measure_context(sc, photo_id, base=base, back=back, error=problem)
        )
        return render(request, "photo_measure.html", context, status_code=422)
    said = "raised" if raised else "measured"
    target = back if "?" in back else f"{back}?photo={said}"
    return RedirectResponse(f"{target}#photos", status_code=303)


@router.get("/photos/{photo_id}/measure")
def measure_page(request: Request, photo_id: int, sc: ServicesDep) -> Response:
    region = sc.photos.get(photo_id, now=now()).region or ""
    context = measure_context(sc, photo_id, base=f"/photos/{photo_id}", back=f"/sites/{region}")
    return render(request, "photo_measure.html", context)


@router.post("/photos/{photo_id}/measure")
async def measure_save(
    request: Request,
    photo_id: int,
    sc: ServicesDep,
    form: MeasureForm,
) -> Response:
    found = await run_in_threadpool(lambda: sc.photos.get(photo_id, now=now()))
    where = (f"/photos/{photo_id}", f"/sites/{found.region or ''}")
    return await _post(request, sc, photo_id, form, where)


# -- the program server: a worker's client ----------------------------------------------------


def _client(clients: Any, client_id: int, photo_id: int, action: str) -> Any:
    return clients.open(Access(client_id, action, "photo", str(photo_id)), now=now())


@router.get("/clients/{client_id}/photos/{photo_id}/measure")
def client_measure_page(
    request: Request, client_id: int, photo_id: int, clients: ClientsDep
) -> Response:
    sc = _client(clients, client_id, photo_id, "photo.view")
    base = f"/clients/{client_id}/photos/{photo_id}"
    context = measure_context(sc, photo_id, base=base, back=f"/clients/{client_id}")
    return render(request, "photo_measure.html", context)


@router.post("/clients/{client_id}/photos/{photo_id}/measure")
async def client_measure_save(
    request: Request,
    client_id: int,
    photo_id: int,
    clients: ClientsDep,
    form: MeasureForm,
) -> Response:
    sc = await run_in_threadpool(lambda: _client(clients, client_id, photo_id, "photo.measure"))
    where = (f"/clients/{client_id}/photos/{photo_id}", f"/clients/{client_id}")
    return await _post(request, sc, photo_id, form, where)
