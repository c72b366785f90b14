"""The clinic report as a download: the personal history page's and a client page's button.

Its words follow ``?language=es`` (the report form sends the page's language, as the card's
links do), else the request's language (the switch's cookie, then Accept-Language)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import Response

from sitecare.domain.messages import N_
from sitecare.web.deps import now
from sitecare.web.language import asked_language

#: the report's words: ``?language=es`` (the form sends it), else the page's language
Language = Annotated[str | None, Query(pattern="^[a-z]{2}$")]


def report_language(request: Request, asked: str | None) -> str:
    """The language asked for (one sitecare ships), else the request's."""
    return asked_language(request, asked, refusal=N_("The report's language can be %(languages)s."))


def pdf_answer(
    sc: Any,
    days: int,
    *,
    name: str,
    with_photos: bool = False,
    language: str = "en",
    asked: bool = True,
) -> Response:
    """The report of the last ``days`` days as a PDF attachment (with photos when chosen), in
    ``language`` (``asked``: from ``?language=``, else it followed the cookie or the header)."""
    current = now()
    since = current - timedelta(days=days)
    pdf = sc.report.pdf(now=current, since=since, with_photos=with_photos, language=language)
    filename = f"{name}-{current:%Y-%m-%d}.pdf"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if not asked:
        headers["Vary"] = "Accept-Language, Cookie"
    return Response(pdf, media_type="application/pdf", headers=headers)
