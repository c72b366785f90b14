"""The language of a page: the switch remembered in a cookie, else the browser's
``Accept-Language``, else English (``sitecare.domain.language`` decides), and the switch itself.

The switch is a plain link (``/language/es?next=/check``): it works without JavaScript, sets
the cookie for a year and goes back to the page it was on. Only a local path is gone back to.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from sitecare.domain.errors import InvalidInput
from sitecare.domain.language import COOKIE, LANGUAGES, NAMES, for_web, shipped
from sitecare.domain.messages import Msg
from sitecare.views.page_words import page_language, switch_links
from sitecare.web.cookies import safe_next, set_cookie

#: the switch is remembered this long (a year)
MAX_AGE = 365 * 24 * 3600

router = APIRouter(include_in_schema=False)  # a page link, like the other pages


def language_of(request: Request) -> str:
    """The language to answer this request in."""
    found = getattr(request.state, "language", None)
    if found is None:
        found = for_web(
            request.cookies.get(COOKIE),
            request.headers.get("accept-language"),
            request.app.state.settings.language,
        )
        request.state.language = found
    return str(found)


def asked_language(request: Request, asked: str | None, *, refusal: str) -> str:
    """The language a download asked for (``?language=``, one sitecare ships), else the
    request's. ``refusal`` is the message template (``N_``) for another, with
    ``%(languages)s``: the ones it can be."""
    if asked is None:
        return language_of(request)
    if shipped(asked) != asked:
        raise InvalidInput(Msg(refusal, languages=", ".join(LANGUAGES)), field="language")
    return asked


def words(request: Request) -> dict[str, Any]:
    """What every template needs to speak the request's language: ``lang``, ``_``,
    ``gettext`` and ``ngettext`` (for ``{% trans %}``) and the switch's links (``languages``:
    code, name in itself, href)."""
    lang = language_of(request)
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return {**page_language(lang), "languages": switch_links(lang, here)}


@router.get("/language/{code}")
def switch_language(request: Request, code: str, next: str | None = None) -> Response:
    """Remember ``code`` (``en``, ``es``) on this device and go back to the page."""
    lang = shipped(code)
    if lang is None or lang != code:
        raise InvalidInput(
            Msg("sitecare does not speak %(code)r.", code=code),
            field="code",
            suggestions=tuple(NAMES),
        )
    response = RedirectResponse(safe_next(next, default="/"), status_code=303)
    set_cookie(response, request, COOKIE, lang, max_age=MAX_AGE)
    return response
