"""What several pages of the personal app share: level and route words, help topics, time
formats, and what a submitted form offers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from sitecare.domain.messages import gettext_for
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
    """The ``gettext`` of the page's language (``sc.language``; English without one)."""
    return gettext_for(getattr(sc, "language", "en"))


def when(at: datetime) -> str:
    """Short, readable time: 'Mon 23 Nov, 08:30' (the templates' ``when`` filter)."""
    return f"{at:%a %d %b, %H:%M}"


def when_day(at: datetime) -> str:
    return f"{at:%a %d %b}"


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
