"""The routes of injection: ids and their words, from ``data/routes.yaml`` (the one source).

``RouteId`` is the type of a route id: for mypy a ``str``, at run time the ``Literal`` of the
ids in the data file, so FastAPI and pydantic check and publish exactly those ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

from sitecare.domain.messages import N_, Msg, word
from sitecare.domain.yamlload import load_data


def _load() -> Mapping[str, Mapping[str, str]]:
    raw = load_data("routes.yaml")["routes"]
    return MappingProxyType({route: MappingProxyType(dict(words)) for route, words in raw.items()})


_ROUTES = _load()
#: every route id, in the order people see them
ROUTES: tuple[str, ...] = tuple(_ROUTES)
#: route id -> what a person picks on a page ("Into a vein")
ROUTE_LABELS: Mapping[str, str] = MappingProxyType({r: w["label"] for r, w in _ROUTES.items()})
#: route id -> what the route is ("into a vein")
ROUTE_MEANINGS: Mapping[str, str] = MappingProxyType({r: w["meaning"] for r, w in _ROUTES.items()})

if TYPE_CHECKING:
    RouteId = str
else:
    RouteId = Literal[ROUTES]


def route_reason(route: str) -> str:
    """The triage engine's phrase for a route ("injected into a vein"); the id when unknown."""
    words = _ROUTES.get(route)
    return words["reason"] if words else route


def route_choices(last: str = "or") -> str:
    """The ids as a list for help texts: "intravenous, ..., intradermal or skin_popping"."""
    return ", ".join(ROUTES[:-1]) + f" {last} {ROUTES[-1]}"


#: a route in the planner's sentences ("intravenous spots rest 2 days")
_ROUTE_WORDS = {
    "intravenous": N_("intravenous"),
    "intramuscular": N_("intramuscular"),
    "subcutaneous": N_("subcutaneous"),
    "intradermal": N_("intradermal"),
    "skin_popping": N_("skin popping"),
}


def route_words(route: str) -> Msg:
    """A route id as the planner says it in a sentence: ``skin popping``, ``intravenous``."""
    return word(_ROUTE_WORDS.get(route, route.replace("_", " ")))
