"""A person's rotation settings from the web app's forms (pocket's too): one route's ticked
places and rest days, a medicine's route and places, a one-tap preset, as the stored
``(key, value)`` pairs ``domain.rotation_settings`` reads (value ``None``: remove the key).

Its errors are :class:`~sitecare.domain.messages.Msg` values (English as the ``str``), said in
the page's language where the page is rendered.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from sitecare.domain.atlas import Atlas, check_route
from sitecare.domain.errors import InvalidInput
from sitecare.domain.messages import Msg, counted, number, word
from sitecare.domain.rotation_settings import (
    MAX_MEDICINE_LABEL,
    MAX_REST_DAYS,
    MEDICINE_FIELDS,
    MEDICINE_PRESETS,
    PREFIX,
    expand_regions,
    medicine_key,
    usable_regions,
)
from sitecare.domain.routes import route_words


def _picked(atlas: Atlas, route: str, regions: Iterable[str], field: str) -> list[str] | None:
    """The ticked places as a stored list (None: all of them, so no setting is needed)."""
    usable = usable_regions(atlas, route)
    picked = []
    for rid in regions:
        if rid not in atlas:
            said = Msg("There is no place %(id)s on the body map.", id=repr(rid))
            raise InvalidInput(said, field=field)
        if rid not in usable:
            said = Msg(
                "%(place)s is not a place for %(route)s injections.",
                place=word(atlas.region(rid).label),
                route=route_words(route),
            )
            raise InvalidInput(said, field=field)
        picked.append(rid)
    if not picked:
        raise InvalidInput(
            Msg("Tick at least one place, or tick them all to let sitecare choose from every one."),
            field=field,
        )
    if set(picked) == set(usable):
        return None
    return sorted(set(picked), key=atlas.ids.index)


def _rest_value(text: str, field: str) -> float | None:
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        days = float(text)
    except ValueError:
        days = math.nan
    if not 0 < days <= MAX_REST_DAYS:
        said = Msg(
            "Rest days must be a number more than 0 and at most %(most)s, like 28 (not %(text)s)."
            " Leave it empty for the default.",
            most=number(MAX_REST_DAYS),
            text=repr(text),
        )
        raise InvalidInput(said, field=field)
    return days


def route_form(
    atlas: Atlas, *, route: str, rest: str, regions: Iterable[str]
) -> list[tuple[str, Any]]:
    """Stored (key, value) pairs for one route's section of the form (value None: remove)."""
    route = check_route(route)
    days = _rest_value(rest, "rest")
    picked = _picked(atlas, route, regions, "regions")
    return [
        (f"{PREFIX}rest.{route}", days),
        (f"{PREFIX}regions.{route}", picked),
        (f"{PREFIX}exclude.{route}", None),  # the ticks say it all
    ]


def medicine_label(text: str) -> str:
    """A medicine label from a form: normalised, with a plain error when it cannot be one."""
    label = medicine_key(text)
    if not label:
        raise InvalidInput(Msg("Give the medicine a name, like 'bolus insulin'."), field="label")
    if len(label) > MAX_MEDICINE_LABEL or any(not c.isprintable() for c in label):
        said = counted(
            "A medicine name can be at most %(n)s ordinary character.",
            "A medicine name can be at most %(n)s ordinary characters.",
            MAX_MEDICINE_LABEL,
            n=MAX_MEDICINE_LABEL,
        )
        raise InvalidInput(said, field="label")
    if label.endswith((".regions", ".exclude", ".route")):
        said = Msg("Give the medicine a plain name, like 'bolus insulin'.")
        raise InvalidInput(said, field="label")
    return label


def medicine_form(
    atlas: Atlas, *, label: str, route: str, regions: Iterable[str] | None
) -> list[tuple[str, Any]]:
    """Stored pairs for one medicine: its route and its places (None: every place)."""
    name = medicine_label(label)
    route = check_route(route)
    key = f"{PREFIX}medicine.{name}"
    picked = None if regions is None else _picked(atlas, route, regions, "regions")
    return [(f"{key}.route", route), (f"{key}.regions", picked), (f"{key}.exclude", None)]


def medicine_removal(label: str) -> list[tuple[str, Any]]:
    name = medicine_label(label)
    return [(f"{PREFIX}medicine.{name}.{f}", None) for f in MEDICINE_FIELDS]


def preset_form(atlas: Atlas, name: str) -> list[tuple[str, Any]]:
    if name not in MEDICINE_PRESETS:
        raise InvalidInput(Msg("There is no preset %(name)s.", name=repr(name)), field="preset")
    label, route, places, _words = MEDICINE_PRESETS[name]
    regions = expand_regions(atlas, places, route=route, field="regions")
    return medicine_form(atlas, label=label, route=route, regions=regions)
