"""The words people use for regions and routes: one resolver for every front end.

``data/region_words.yaml`` holds the words ("belly", "inner elbow", "left forearm", "iv",
"subq", "im"); :func:`resolve_region_id` and :func:`resolve_route_id` turn what a person typed
into ids, or raise :class:`~sitecare.domain.errors.InvalidInput` with every region or route it
could be. :meth:`sitecare.domain.atlas.Atlas.region` and
:func:`sitecare.domain.atlas.check_route` call them, so ``sitecare log``, ``next``,
``history``, ``check`` and the API all read the same words. Pure: stdlib and PyYAML.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from sitecare.domain.errors import InvalidInput, close_matches
from sitecare.domain.language import LANGUAGES
from sitecare.domain.messages import Msg, gettext_for, or_words
from sitecare.domain.yamlload import load_data

__all__ = ["PlaceWords", "load_place_words", "resolve_region_id", "resolve_route_id"]

_SPLIT = re.compile(r"[\s_\-/,.'’]+")


@dataclass(frozen=True)
class PlaceWords:
    sides: Mapping[str, str]  # word -> left / right
    filler: frozenset[str]
    places: Mapping[str, tuple[str, ...]]  # phrase -> region bases
    routes: Mapping[str, str]  # phrase -> route id


def _words(text: str) -> list[str]:
    return [w for w in _SPLIT.split(text.strip().lower()) if w]


@cache
def load_place_words() -> PlaceWords:
    """The packaged words (parsed once)."""
    raw = load_data("region_words.yaml")
    sides = {" ".join(_words(w)): side for side, ws in raw["sides"].items() for w in ws}
    places = {" ".join(_words(p)): tuple(bases) for p, bases in raw["places"].items()}
    routes = {" ".join(_words(w)): route for route, ws in raw["routes"].items() for w in ws}
    return PlaceWords(sides, frozenset(raw.get("filler") or ()), places, routes)


def _label_list(ids: Sequence[str], labels: Mapping[str, str]) -> str:
    return "; ".join(f"{labels.get(i, i)} ({i})" for i in ids)


def _ids_for(base: str, side: str | None, known: set[str]) -> list[str]:
    if base in known:  # a region without sides (face)
        return [base]
    return [
        f"{base}_{s}" for s in ([side] if side else ["left", "right"]) if f"{base}_{s}" in known
    ]


def _plain(text: str) -> str:
    """Lower case, no accents, single spaces: "Antebrazo  Izquierdo" -> "antebrazo izquierdo"."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_words(bare))


def _by_translated_label(ids: Sequence[str], labels: Mapping[str, str]) -> dict[str, str]:
    """A region's name in every shipped language (its English one too), as a person may type
    it: "antebrazo izquierdo" -> ``forearm_left``."""
    found: dict[str, str] = {}
    for language in LANGUAGES:
        say = gettext_for(language)
        for region_id in ids:
            label = labels.get(region_id)
            if label:
                found.setdefault(_plain(say(label)), region_id)
    return found


def _side_and_rest(words: list[str], pw: PlaceWords) -> tuple[str | None, list[str]]:
    """The side the words name (left, right), and the other words but filler."""
    side: str | None = None
    rest: list[str] = []
    i = 0
    while i < len(words):
        two = " ".join(words[i : i + 2])
        if two in pw.sides and len(words) > 2:
            side, i = pw.sides[two], i + 2
            continue
        if words[i] in pw.sides and len(words) > 1:
            side, i = pw.sides[words[i]], i + 1
            continue
        if words[i] not in pw.filler:
            rest.append(words[i])
        i += 1
    return side, rest


def resolve_region_id(text: str, ids: Sequence[str], labels: Mapping[str, str]) -> str:
    """The region id ``text`` names: an id, or words like "left inner elbow" or "belly".

    ``ids`` are the atlas's region ids and ``labels`` their plain names. Raises InvalidInput
    (field ``region``) when ``text`` could be several regions (every one is suggested, e.g.
    both sides, or the four belly quarters) or none (the closest are suggested).
    """
    known = set(ids)
    if text in known:
        return text
    words = _words(text)
    exact = "_".join(words)
    if exact in known:
        return exact
    by_label = _by_translated_label(ids, labels).get(_plain(text))
    if by_label is not None:
        return by_label
    pw = load_place_words()
    side, rest = _side_and_rest(words, pw)
    phrase = " ".join(rest)
    bases = pw.places.get(phrase, ())
    if bases:
        found = [i for base in bases for i in _ids_for(base, side, known)]
        if len(found) == 1:
            return found[0]
        if found:
            raise InvalidInput(
                Msg("%(text)s could be more than one region.", text=repr(text)),
                field="region",
                suggestions=found,
                hint=Msg("Which one? %(list)s.", list=_label_list(found, labels)),
            )
    # not a whole phrase: suggest the places named by part of it ("antecubital_fosa_left")
    partial: list[str] = []
    for size in range(len(rest) - 1, 0, -1):
        for start in range(len(rest) - size + 1):
            for base in pw.places.get(" ".join(rest[start : start + size]), ()):
                partial += _ids_for(base, side, known)
        if partial:
            break
    near = close_matches(exact, ids) or close_matches(" ".join(words), pw.places)
    suggestions: list[str] = list(partial)
    for item in near:
        if item in known:
            suggestions.append(item)
        else:
            suggestions += [i for base in pw.places[item] for i in _ids_for(base, None, known)]
    suggestions = list(dict.fromkeys(suggestions))[:6]
    raise _unknown_region(text, suggestions)


def _unknown_region(text: str, suggestions: list[str]) -> InvalidInput:
    return InvalidInput(
        Msg("Unknown region %(text)s.", text=repr(text)),
        field="region",
        suggestions=suggestions,
        hint=(
            Msg("Did you mean %(which)s?", which=or_words(suggestions))
            if suggestions
            else Msg(
                "Region ids look like forearm_left; words like 'left inner elbow' or "
                "'lower left belly' work too."
            )
        ),
        command_hint=None if suggestions else Msg("Run 'sitecare sites' to see every region id."),
    )


def resolve_route_id(text: str, routes: Sequence[str]) -> str:
    """The route id ``text`` names: an id, or words like "iv", "subq", "im", "into a vein"."""
    if text in routes:
        return text
    words = " ".join(_words(text))
    if words.replace(" ", "_") in routes:
        return words.replace(" ", "_")
    found = load_place_words().routes.get(words)
    if found is not None and found in routes:
        return found
    raise InvalidInput(
        Msg(
            "Unknown route %(text)s. Routes are: %(routes)s.",
            text=repr(text),
            routes=", ".join(routes),
        ),
        field="route",
        suggestions=close_matches(text, routes, n=1),
        hint=None
        if close_matches(text, routes, n=1)
        else Msg("Words like 'iv', 'im', 'subq' and 'skin popping' work too."),
    )
