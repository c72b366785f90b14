"""Photo pages: add a photo to a check (a plain multipart form; the phone's camera opens from
the file picker), show a photo, delete one; and the page parts that show this photo beside the
last one (``_site_photos.html``) and the form (``_photo_form.html``).

Personal routes here; the program server's (a worker's client, audited as ``photo.view`` and
``photo.add``) at the end. Pocket keeps no photos: without these contexts the parts render
nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from sitecare.domain.errors import InvalidInput, TooLarge
from sitecare.domain.messages import N_
from sitecare.services.clients import Access
from sitecare.views.context import site_context, when
from sitecare.web.api.photos import image_response, read_upload
from sitecare.web.deps import ClientsDep, ServicesDep, now
from sitecare.web.pages.render import render

router = APIRouter(include_in_schema=False)

#: the widths a photo of the pair can be drawn at (per cent, as CSS classes ``pw-N``: the
#: pages' CSP allows no inline style)
_STEPS = range(10, 55, 5)


def _step(width: float) -> int:
    return min(_STEPS, key=lambda s: abs(s - width))


def photo_form(action: str, check: Any | None) -> dict[str, Any] | None:
    """The add-a-photo form for a stored check (None when there is no check to add it to)."""
    if check is None:
        return None
    return {"action": action, "when": when(check.at)}


def figures(side: Any, href: str, label: str) -> list[dict[str, Any]]:
    """The pair, older first: what ``_site_photos.html`` draws (``href``: ``.../{id}``)."""
    pair = [
        (side.previous, side.widths[1], N_("Before")),
        (side.current, side.widths[0], N_("Now")),
    ]
    shown = pair if side.previous is not None else pair[1:]
    return [
        {
            "href": href.format(id=p.id),
            "alt": f"Photo of {label}, taken for the check of {when(p.check_at)}",
            "width": p.width,
            "height": p.height,
            "check_at": p.check_at,
            "label": label,  # the template says "Photo of {label}, ..." in the page's language
            "caption": caption if side.previous is not None else N_("Latest photo"),
            "step": _step(w) if side.previous is not None else 50,
            "id": p.id,
            "measure": href.format(id=p.id) + "/measure",
            "measurement": p.measurement,
        }
        for p, w, caption in shown
    ]


def site_photos(
    sc: Any,
    region: Any,
    current: datetime,
    *,
    href: str,
    upload: str,
    check: Any | None,
    **extra: Any,
) -> dict[str, Any]:
    """The context of ``_site_photos.html`` for one site (``check``: the one to add photos to;
    ``upload``: the form's action, with ``{check}``)."""
    side = sc.photos.beside_last(now=current, region=region.id)
    action = upload.format(check=check.id) if check is not None else ""
    from sitecare.web.pages.photo_measure import growth

    return {
        "side": side,
        "figures": [] if side is None else figures(side, href, region.label),
        "form": photo_form(action, check),
        "growth": None if side is None else growth(sc, region.id, current),
        **extra,
    }


def _site_page(sc: Any, region_id: str, **extra: Any) -> dict[str, Any]:
    current = now()
    context = site_context(sc, region_id, current)
    checks = context["checks"]  # newest first
    context["site_photos"] = site_photos(
        sc,
        context["region"],
        current,
        href="/photos/{id}",
        upload="/checks/{check}/photos",
        check=checks[0] if checks else None,
        delete="/photos/{id}/delete",
        **extra,
    )
    return context


def site_page_context(sc: Any, region_id: str, photo: str | None) -> Any:
    """The site page's context with its photos (``routes.site`` calls this)."""
    return _site_page(
        sc,
        region_id,
        added=photo == "added",
        deleted=photo == "deleted",
        measured=photo in ("measured", "raised"),
        raised=photo == "raised",
    )


@router.post("/checks/{check_id}/photos")
async def add_photo(request: Request, check_id: int, sc: ServicesDep) -> Response:
    from fastapi.concurrency import run_in_threadpool

    check = await run_in_threadpool(lambda: sc.triage.get_check(check_id, now=now()))
    region = check.region or ""
    try:
        data = await read_upload(request)
        added = await run_in_threadpool(lambda: sc.photos.add(check_id, data, now=now()))
    except InvalidInput as exc:
        status, problem = (413 if isinstance(exc, TooLarge) else 422), exc
        context = await run_in_threadpool(lambda: _site_page(sc, region, error=problem))
        return render(request, "site.html", context, status_code=status)
    # next: the photo with the outline sitecare found, to keep, change or type by hand
    return RedirectResponse(f"/photos/{added.id}/measure?added=1", status_code=303)


@router.get("/photos/{photo_id}")
def photo(photo_id: int, sc: ServicesDep) -> Response:
    found, data = sc.photos.image(photo_id, now=now())
    return image_response(found.media_type, data)


@router.post("/photos/{photo_id}/delete")
def delete_photo(photo_id: int, sc: ServicesDep) -> Response:
    gone = sc.photos.delete(photo_id, now=now())
    return RedirectResponse(f"/sites/{gone.region or ''}?photo=deleted#photos", status_code=303)


# -- the program server: a worker's client ----------------------------------------------------


def client_photos(
    client_id: int, sc: Any, current: datetime, checks: list[Any], **extra: Any
) -> Any:
    """The client page's photos: the latest photographed site, this photo beside the last."""
    photos = sc.photos.list_photos(now=current)
    if not photos or photos[-1].region is None:
        return None
    region = sc.atlas.region(photos[-1].region)
    newest = next((c for c in checks if c.region == region.id), None)
    return site_photos(
        sc,
        region,
        current,
        href=f"/clients/{client_id}/photos/{{id}}",
        upload=f"/clients/{client_id}/checks/{{check}}/photos",
        check=newest,
        title=region.label,
        **extra,
    )


@router.get("/clients/{client_id}/photos/{photo_id}")
def client_photo(client_id: int, photo_id: int, clients: ClientsDep) -> Response:
    sc = clients.open(Access(client_id, "photo.view", "photo", str(photo_id)), now=now())
    found, data = sc.photos.image(photo_id, now=now())
    return image_response(found.media_type, data)


@router.post("/clients/{client_id}/checks/{check_id}/photos")
async def client_add_photo(
    request: Request, client_id: int, check_id: int, clients: ClientsDep
) -> Response:
    from fastapi.concurrency import run_in_threadpool

    data = await read_upload(request)
    sc = await run_in_threadpool(
        lambda: clients.open(Access(client_id, "photo.add", "check", str(check_id)), now=now())
    )
    added = await run_in_threadpool(lambda: sc.photos.add(check_id, data, now=now()))
    return RedirectResponse(
        f"/clients/{client_id}/photos/{added.id}/measure?added=1", status_code=303
    )
