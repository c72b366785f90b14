"""The measuring card: a page to print it (PDF, PNG) or to show it on a second screen."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from sitecare.domain.language import DEFAULT_LANGUAGE
from sitecare.domain.messages import N_
from sitecare.services import measure
from sitecare.web.language import asked_language
from sitecare.web.pages.render import render

router = APIRouter(include_in_schema=False)

#: the card's width in CSS pixels when a CSS millimetre is a real one (96 px per inch)
TRUE_WIDTH_PX = round(85.60 / 25.4 * 96)
SIZE_STEP = 0.04


@router.get("/card", response_class=HTMLResponse)
def card_page(request: Request) -> Response:
    return render(request, "card.html", {"active": None})


@router.get("/card/screen", response_class=HTMLResponse)
def card_screen(
    request: Request, size: Annotated[int, Query(ge=160, le=2400)] = TRUE_WIDTH_PX
) -> Response:
    context = {
        "active": None,
        "size": size,
        "smaller": max(160, round(size * (1 - SIZE_STEP))),
        "bigger": min(2400, round(size * (1 + SIZE_STEP))),
    }
    return render(request, "card_screen.html", context)


#: the card's words: ``?language=es`` (the pages link so), else the page's language
Language = Annotated[str | None, Query(pattern="^[a-z]{2}$")]


@router.get("/card.png")
def card_png(request: Request, download: bool = False, language: Language = None) -> Response:
    lang = _language(request, language)
    body = measure.card_bytes("png", lang)
    return _file(body, "image/png", f"sitecare-card{_suffix(lang)}.png", download, language)


@router.get("/card.pdf")
def card_pdf(request: Request, language: Language = None) -> Response:
    lang = _language(request, language)
    body = measure.card_bytes("pdf", lang)
    return _file(body, "application/pdf", f"sitecare-card{_suffix(lang)}.pdf", True, language)


def _language(request: Request, asked: str | None) -> str:
    return asked_language(request, asked, refusal=N_("The card's language can be %(languages)s."))


def _suffix(language: str) -> str:
    return "" if language == DEFAULT_LANGUAGE else f"-{language}"


def _file(body: bytes, media: str, name: str, download: bool, asked: str | None) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{name}"'} if download else {}
    if asked is None:  # the words followed the cookie or Accept-Language
        headers["Vary"] = "Accept-Language, Cookie"
    return Response(body, media_type=media, headers=headers)
