"""The settings page of the personal app: its context, and the form values it sends."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import quote

from sitecare.domain.atlas import ROUTES
from sitecare.domain.errors import InvalidInput
from sitecare.domain.rotation import DEFAULT_RULES
from sitecare.domain.rotation_forms import medicine_form
from sitecare.domain.rotation_settings import (
    MEDICINE_PRESETS,
    PlannerSettings,
    chosen_regions,
    usable_regions,
)
from sitecare.views.bodymap import (
    PARTS,
)
from sitecare.views.page_words import ROUTE_WORDS

# -- settings ----------------------------------------------------------------------------------


def places(
    sc: Any, route: str, chosen: set[str] | None
) -> list[tuple[str, list[tuple[str, str, bool, bool]]]]:
    """The places for ``route`` as a checklist grouped by body part: (id, label, riskier,
    ticked); ``chosen`` None ticks every one."""
    usable = set(usable_regions(sc.atlas, route))
    groups = []
    for part in PARTS:
        items = [
            (
                rid,
                sc.atlas.region(rid).label,
                sc.atlas.region(rid).tier(route) == "caution",
                chosen is None or rid in chosen,
            )
            for rid in part.regions
            if rid in usable
        ]
        if items:
            groups.append((part.label, items))
    return groups


def settings_context(
    sc: Any,
    current: datetime,
    *,
    saved: str | None = None,
    error: InvalidInput | None = None,
    section: str | None = None,
) -> dict[str, Any]:
    """The rotation settings page: the usual route, medicines, places and rest per route."""
    settings = sc.planning.settings(now=current)
    used = sc.planning.routes_used(now=current)
    routes = [_route_row(sc, settings, route, used, section) for route in ROUTES]
    medicines = [
        _medicine_row(sc, label, med, section) for label, med in sorted(settings.medicines.items())
    ]
    return {
        "active": None,
        "saved": saved,
        "error": error,
        "section": section,
        "usual_route": settings.route,
        "route_words": ROUTE_WORDS,
        "routes": routes,
        "medicines": medicines,
        "presets": [
            (name, label, words)
            for name, (label, _route, _places, words) in MEDICINE_PRESETS.items()
            if label not in settings.medicines
        ],
    }


def avoid_words(atlas: Any, route: str) -> list[str]:
    """The places never suggested for ``route``, without their side ("side of the neck"): the
    page shows each through ``_()`` (scripts/i18n.py lists them for the catalog)."""
    return list(
        dict.fromkeys(
            r.label.removeprefix("Left ").removeprefix("Right ").lower()
            for r in atlas.for_route(route)
            if r.tier(route) == "avoid"
        )
    )


def rest_source(route: str) -> str:
    """Why ``route``'s spots rest as long as they do, without the clinical brief's fact ids."""
    return re.sub(r"\s*\(facts? [^)]*\)", "", DEFAULT_RULES[route].source)


def _route_row(
    sc: Any, settings: PlannerSettings, route: str, used: list[str], section: str | None
) -> dict[str, Any]:
    """One route on the settings page: its places, its rest and why, what to avoid."""
    chosen = chosen_regions(settings, sc.atlas, route)
    usable = usable_regions(sc.atlas, route)
    return {
        "id": route,
        "words": ROUTE_WORDS[route],
        "rest": settings.rest_days.get(route),
        "default_rest": DEFAULT_RULES[route].spot_days,
        "source": rest_source(route),
        "places": places(sc, route, chosen),
        "all": chosen == set(usable),
        "count": len(chosen),
        "avoid": avoid_words(sc.atlas, route),
        "open": route in used or route == settings.route or section == f"route-{route}",
    }


def _medicine_row(sc: Any, label: str, med: Any, section: str | None) -> dict[str, Any]:
    """One medicine on the settings page: its route and its places."""
    route = med.route or "subcutaneous"
    picked = None if med.regions is None else set(med.regions)
    return {
        "label": label,
        "route": med.route,
        "shown_route": route,
        "places": places(sc, route, picked),
        "count": None if picked is None else len(picked & set(usable_regions(sc.atlas, route))),
        "open": section == f"medicine:{label}",
    }


def medicine_pairs(
    sc: Any,
    current: datetime,
    *,
    label: str,
    route: str,
    regions: list[str] | None,
    every: str | None,
) -> list[tuple[str, Any]]:
    """The settings a medicine's form asks for (checked; value None removes one)."""
    # a new medicine (no ticks sent) may use every place until its places are chosen
    chosen: list[str] | None = None if every else (regions or [])
    stored = sc.planning.settings(now=current).medicine(label)
    if chosen is not None and stored is not None and stored.route != route:
        # the way of injecting changed: the ticks were for the old one's places
        usable = set(usable_regions(sc.atlas, route))
        chosen = [r for r in chosen if r in usable] or None
    return medicine_form(sc.atlas, label=label, route=route, regions=chosen)


def settings_location(saved: str, section: str | None) -> str:
    """Where the settings page sends the browser after a save (the section kept open)."""
    where = ""
    if section:
        anchor = section.replace(":", "-").replace(" ", "-")
        where = f"&open={quote(section)}#{quote(anchor)}"
    return f"/settings?saved={quote(saved)}{where}"
