"""The guided check as plain HTML forms: one screen of questions at a time, red flags first.

The answers so far travel in a hidden field, so the flow works without JavaScript and keeps
nothing on the server until the result is stored as a check of the site. A Back button (a
plain submit button, so it works without JavaScript too) removes the last screen's answers
and shows that screen again as it was filled in. The screens and the result are built by
``views.context`` (pocket builds them the same way).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from sitecare.views.context import (
    LEVEL_LOOK,
    Advance,
    advance,
    check_result_context,
    read_answer,
    screen_context,
)
from sitecare.web.deps import ServicesDep, now
from sitecare.web.pages.render import render

__all__ = ["LEVEL_LOOK", "Advance", "_read_answer", "_screen_context", "advance", "router"]

router = APIRouter(include_in_schema=False)

#: the names other pages (and tests) use
_screen_context = screen_context
_read_answer = read_answer


@router.get("/check", response_class=HTMLResponse)
def check_start(
    request: Request, sc: ServicesDep, region: Annotated[str | None, Query()] = None
) -> Response:
    if region:
        region = sc.atlas.region(region).id
    step = sc.triage.next_step({})
    return render(request, "check.html", screen_context(sc, step, {}, region))


@router.post("/check", response_class=HTMLResponse)
async def check_answer_screen(request: Request, sc: ServicesDep) -> Response:
    got = advance(sc, await request.form())
    if not got.finished:
        context = screen_context(sc, got.step, got.answers, got.region, got.error, got.prefill)
        return render(request, "check.html", context, status_code=422 if got.error else 200)
    result = sc.triage.check(got.case(), now=now())
    context = check_result_context(sc, got, result)
    if result.observation is not None:  # a photo can be added to the stored check
        from sitecare.web.pages.photos import photo_form

        context["photo_form"] = photo_form(
            f"/checks/{result.observation.id}/photos", result.observation
        )
    return render(request, "check_result.html", context)
