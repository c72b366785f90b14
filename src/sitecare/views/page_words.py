"""What several pages of the personal app share: level and route words, help topics, time
formats, and what a submitted form offers."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from jinja2 import pass_context
from jinja2.runtime import Context

from sitecare.domain.localdates import short_datetime, short_day
from sitecare.domain.messages import Msg, date_name
from sitecare.domain.routes import ROUTE_LABELS
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


#: the filters every page's templates use (the web app's and pocket's environments)
FILTERS = {"when": when_filter, "when_day": when_day_filter}


class Form(Protocol):
    """What a submitted form offers (Starlette's FormData, or ``views.pages.FormValues``)."""

    def get(self, key: str, /) -> Any: ...

    def getlist(self, key: str, /) -> list[Any]: ...
