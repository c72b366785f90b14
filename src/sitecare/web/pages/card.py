"""The measuring card: a page to print it (PDF, PNG) or to show it on a second screen."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from sitecare.services import measure
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


@router.get("/card.png")
def card_png(download: bool = False) -> Response:
    return _file(measure.card_bytes("png"), "image/png", "sitecare-card.png", download)


@router.get("/card.pdf")
def card_pdf() -> Response:
    return _file(measure.card_bytes("pdf"), "application/pdf", "sitecare-card.pdf", True)


def _file(body: bytes, media: str, name: str, download: bool) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{name}"'} if download else {}
    return Response(body, media_type=media, headers=headers)
