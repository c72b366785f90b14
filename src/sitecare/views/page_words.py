"""What several pages of the personal app share: level and route words, help topics, time
formats, and what a submitted form offers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from sitecare.domain.language import NAMES
from sitecare.domain.localdates import decimal, short_datetime, short_day
from sitecare.domain.messages import Msg, date_name, gettext_for, ngettext_for
from sitecare.domain.routes import ROUTE_LABELS
from sitecare.domain.site_status import RegionStatus
from sitecare.domain.triage import level_looks

#: route id -> what a person picks (data/routes.yaml)
ROUTE_WORDS = ROUTE_LABELS

#: level -> (words, icon) from the vocabulary. The icon is decoration (aria-hidden), set apart
#: from the words.
LEVEL_LOOK = {level: (look.label, look.icon) for level, look in level_looks().items()}

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


def page_gettext(sc: Any) -> Callable[[str], str]:
    """The ``gettext`` of the page's language (``sc.language``; English without one): for the
    words a view lays out itself (the map's labels, measured in that language)."""
    return gettext_for(getattr(sc, "language", "en"))


def use_i18n(env: Environment) -> None:
    """Turn on Jinja2's i18n extension (``{% trans %}``, ``{% pluralize %}``, ``ngettext``) in a
    page environment: the web app's and pocket's. One environment serves every language, so
    each render brings its language's ``gettext`` and ``ngettext`` (:func:`page_language`);
    without them the environment's own say the words in the render's ``lang`` (English
    without one). Old-style gettext: ``_("...")|format(...)`` as before, and a block's
    ``{{ name }}`` is ``%(name)s`` in the catalog, escaped when it is put in."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined] # added by the extension
        gettext=_context_gettext, ngettext=_context_ngettext, newstyle=False
    )
    env.globals["_"] = _context_gettext


@pass_context
def _context_gettext(context: Context, text: str) -> str:
    return gettext_for(str(context.get("lang") or "en"))(text)


@pass_context
def _context_ngettext(context: Context, singular: str, plural: str, n: float) -> str:
    return ngettext_for(str(context.get("lang") or "en"))(singular, plural, n)


def page_language(language: str) -> dict[str, Any]:
    """What a render needs to speak ``language``: ``lang``, ``_`` and the ``gettext`` and
    ``ngettext`` that ``{% trans %}`` blocks call (looked up in the render's context)."""
    gettext = gettext_for(language)
    return {"lang": language, "_": gettext, "gettext": gettext, "ngettext": ngettext_for(language)}


def switch_links(language: str, here: str) -> list[dict[str, str]]:
    """The language switch of a page at ``here`` (a local path and its query) in ``language``:
    each other language's code, name in itself and link (``/language/es?next=/log``), the
    same on the web app's pages and pocket's."""
    from urllib.parse import quote

    return [
        {"code": code, "name": name, "href": f"/language/{code}?next={quote(here, safe='/')}"}
        for code, name in NAMES.items()
        if code != language
    ]


def local_path(target: str | None, default: str = "/") -> str:
    """Only a local path to go on to (never another site); ``default`` for anything else."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


def when(at: datetime, language: str | None = None) -> str:
    """Short, readable time: 'Mon 23 Nov, 08:30', 'lun 23 nov, 08:30'. Without a language, a
    :class:`Msg` (English as it is; the page says it in its own language)."""
    if language is not None:
        return short_datetime(at, language)
    weekday, day, month = date_name(at, "%a"), date_name(at, "%d"), date_name(at, "%b")
    clock = at.strftime("%H:%M")
    return Msg(
        "%(weekday)s %(day)s %(month)s, %(time)s",
        weekday=weekday,
        day=day,
        month=month,
        time=clock,
    )


def when_day(at: datetime, language: str = "en") -> str:
    return short_day(at, language)


@pass_context
def when_filter(context: Context, at: datetime) -> str:
    """The templates' ``when`` filter, in the page's language (``lang``)."""
    return when(at, str(context.get("lang") or "en"))


@pass_context
def when_day_filter(context: Context, at: datetime) -> str:
    """The templates' ``when_day`` filter, in the page's language (``lang``)."""
    return when_day(at, str(context.get("lang") or "en"))


@pass_context
def num_filter(context: Context, value: float, spec: str = "g") -> str:
    """The templates' ``num`` filter: a number a person reads, in the page's language
    (``{{ 0.5|num }}`` is ``0.5``, ``0,5`` in Spanish; ``{{ x|num(".0f") }}``). A form's
    ``value=`` and JSON keep ``'%g'|format(x)`` (a dot, what the browser sends back)."""
    number = value if isinstance(value, int | float) else float(value)
    return decimal(number, str(context.get("lang") or "en"), spec)


#: the filters every page's templates use (the web app's and pocket's environments)
FILTERS = {"when": when_filter, "when_day": when_day_filter, "num": num_filter}


class Form(Protocol):
    """What a submitted form offers (Starlette's FormData, or ``views.pages.FormValues``)."""

    def get(self, key: str, /) -> Any: ...

    def getlist(self, key: str, /) -> list[Any]: ...


def status_lists(every: list[RegionStatus]) -> dict[str, list[RegionStatus]]:
    """The places not ready (blocked first, then resting) and the ready ones that were used."""
    order = ("blocked", "resting", "ready")
    return {
        "statuses": sorted(
            (st for st in every if st.state != "ready"), key=lambda st: order.index(st.state)
        ),
        "ready_used": [st for st in every if st.state == "ready" and st.last_used],
    }
