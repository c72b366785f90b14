"""Template set-up shared by every page."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from sitecare.domain.errors import SitecareError
from sitecare.domain.messages import localise
from sitecare.views.context import LEVEL_LOOK, ROUTE_WORDS
from sitecare.views.page_words import FILTERS, use_i18n
from sitecare.web.language import words

TEMPLATES_DIR = Path(str(files("sitecare.web").joinpath("templates")))
templates = Jinja2Templates(directory=TEMPLATES_DIR)


use_i18n(templates.env)  # {% trans %} blocks; the request's words come with each render
templates.env.filters.update(FILTERS)  # dates in the page's language
# English until a page's context says otherwise (render() always does)
templates.env.globals.update({"lang": "en", "languages": []})
templates.env.globals["level_look"] = LEVEL_LOOK  # level -> (words, icon), from data
templates.env.globals["route_words"] = ROUTE_WORDS  # route id -> words, from data


def render(
    request: Request, name: str, context: dict[str, Any], *, status_code: int = 200
) -> HTMLResponse:
    settings = request.app.state.settings
    base = {"emergency_number": settings.emergency_number, "active": None, **words(request)}
    # the domain's words (a site's status, warnings, reasons) in the page's language
    context = localise(context, base["lang"])
    return templates.TemplateResponse(
        request=request, name=name, context={**base, **context}, status_code=status_code
    )


def error_page(request: Request, exc: SitecareError, status: int) -> HTMLResponse:
    return render(
        request,
        "error.html",
        {"message": exc.message, "hint": exc.hint, "status": status},
        status_code=status,
    )
