"""The report's words: plain summary sentences, the site status rows, the checks table rows.

Every word is a :class:`~sitecare.domain.messages.Msg` (English as the ``str``), said in the
report's language by ``exports.report`` (``localise``); the rule base's findings and
conditions are its own terms (``term``: the Spanish rule text of ``data/triage/i18n``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sitecare.domain.atlas import Atlas
from sitecare.domain.messages import (
    N_,
    Msg,
    chained,
    counted,
    day_month,
    lowered,
    number,
    term,
    word,
)
from sitecare.domain.records import Injection, Observation
from sitecare.domain.routes import route_words
from sitecare.domain.triage.vocab import Vocabulary
from sitecare.domain.usage import SiteBlock, describe_check

LEVEL_WORDS = {
    "emergency": N_("emergency"),
    "urgent": N_("get care today"),
    "soon": N_("see a clinician in 1-2 days"),
    "self_care": N_("self-care"),
    "routine": N_("ordinary mark"),
}
_LEVEL_ORDER = ("emergency", "urgent", "soon", "self_care", "routine")
#: how the redness changed, as the checks table says it
_TRENDS = {
    "spreading_fast": N_("redness spreading fast"),
    "spreading": N_("redness spreading"),
    "stable": N_("redness stable"),
    "shrinking": N_("redness shrinking"),
}


def day(at: datetime | str) -> Msg:
    """``22 Nov``; ``22 nov``."""
    return day_month(datetime.fromisoformat(at) if isinstance(at, str) else at)


def level_words(level: str | None, default: str) -> Msg | str:
    return word(LEVEL_WORDS[level]) if level in LEVEL_WORDS else default


def _place(atlas: Atlas, region: str) -> Msg:
    """A region's label in the middle of a sentence (its first letter small)."""
    return lowered(word(atlas.region(region).label))


def summary_sentences(
    atlas: Atlas,
    injections: Sequence[Injection],
    checks: Sequence[Observation],
    statuses: Sequence[Mapping[str, Any]],
    blocks: Sequence[SiteBlock],
    vocab: Vocabulary,
) -> list[Msg]:
    """A few short sentences a clinician reads first."""
    out = [_use_sentence(atlas, injections)]
    for block in blocks:
        out.append(
            Msg(
                "The %(place)s has been blocked since %(day)s after a check that found %(why)s.",
                place=_place(atlas, block.region),
                day=day(block.since),
                why=block.why,
            )
        )
    resting = [s for s in statuses if s.get("state") == "resting"]
    if resting:
        names = [lowered(word(s["label"])) for s in resting[:4]]
        out.append(
            counted(
                "%(n)s site is resting now: %(names)s%(more)s.",
                "%(n)s sites are resting now: %(names)s%(more)s.",
                len(resting),
                n=len(resting),
                names=_comma_list(names),
                more=Msg(" and %(n)s more", n=len(resting) - 4) if len(resting) > 4 else "",
            )
        )
    out.append(_check_sentence(atlas, checks))
    return out


def _comma_list(items: Sequence[Any]) -> Any:
    """``a, b, c``: each item said in the report's language."""
    return chained(list(items), N_("%(first)s, %(next)s"))


def _use_sentence(atlas: Atlas, injections: Sequence[Injection]) -> Msg:
    if not injections:
        return Msg("No injections were recorded in this period.")
    days = len({i.at.date() for i in injections})
    top = Counter(i.region for i in injections).most_common(3)
    places = [Msg("%(place)s (%(n)s)", place=_place(atlas, r), n=n) for r, n in top]
    routes = Counter(i.route for i in injections).most_common()
    how = [Msg("%(n)s %(route)s", n=n, route=route_words(r)) for r, n in routes]
    return Msg(
        "%(injections)s on %(days)s (%(how)s). Most used: %(places)s.",
        injections=counted(
            "%(n)s injection", "%(n)s injections", len(injections), n=len(injections)
        ),
        days=counted("%(n)s day", "%(n)s days", days, n=days),
        how=_comma_list(how),
        places=_comma_list(places),
    )


def _check_sentence(atlas: Atlas, checks: Sequence[Observation]) -> Msg:
    if not checks:
        return Msg("No site checks were recorded in this period.")
    worst = min(checks, key=lambda c: _LEVEL_ORDER.index(c.level or "routine"))
    where = _place(atlas, worst.region) if worst.region else Msg("a site")
    return Msg(
        "%(checks)s The most urgent: %(where)s on %(day)s, %(level)s (%(what)s).",
        checks=counted(
            "%(n)s check in this period.",
            "%(n)s checks in this period.",
            len(checks),
            n=len(checks),
        ),
        where=where,
        day=day(worst.at),
        level=level_words(worst.level, Msg("no level")),
        what=describe_check(worst),
    )


def unused_ready(statuses: Sequence[Mapping[str, Any]]) -> list[Msg]:
    """The ready regions never used (a table row each filled a page): the report writes them
    as one line, in the order of the language's words."""
    return [word(s["label"]) for s in statuses if _unused_ready(s)]


def _unused_ready(s: Mapping[str, Any]) -> bool:
    return s["state"] == "ready" and not s.get("last_used")


def _state(s: Mapping[str, Any]) -> Msg:
    if s["state"] == "resting" and s.get("until"):
        return Msg("resting until %(day)s", day=day(s["until"]))
    if s["state"] == "blocked" and s.get("since"):
        return Msg("blocked since %(day)s", day=day(s["since"]))
    return word(str(s["state"]))


def status_rows(statuses: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One row per region in use: its state (ready, resting until, blocked since) and why."""
    order = {"blocked": 0, "resting": 1, "ready": 2}
    rows = []
    in_use = [s for s in statuses if not _unused_ready(s)]
    for s in sorted(in_use, key=lambda s: (order.get(s["state"], 3), s["label"])):
        if s.get("last_used"):
            last: Msg = Msg("last used %(day)s", day=day(s["last_used"]))
        else:
            last = Msg("not used yet")
        route = s.get("route")
        rows.append(
            {
                "label": word(s["label"]),
                "route": route_words(str(route)) if route else "",
                "state": _state(s),
                "why": (s.get("why") or "") if s["state"] != "ready" else last,
                "kind": s["state"],
            }
        )
    return rows


def check_rows(
    atlas: Atlas, checks: Sequence[Observation], vocab: Vocabulary
) -> list[dict[str, Any]]:
    """One row per check: when, where, the level, what was found, the measurements (the lists
    are joined by the template, once said in the report's language)."""
    rows = []
    for c in checks:
        case = c.case or {}
        found = [term(vocab.finding_reason(str(f))) for f in case.get("findings", [])]
        conditions = [
            term(vocab.condition_name(str(x.get("id"))))
            for x in (c.assessment or {}).get("conditions", [])[:2]
            if isinstance(x, dict)
        ]
        rows.append(
            {
                "when": Msg("%(day)s %(time)s", day=day(c.at), time=c.at.strftime("%H:%M")),
                "where": word(atlas.region(c.region).label) if c.region else "",
                "level": level_words(c.level, "-"),
                "found": found,
                "likely": conditions,
                "measured": measurements(case),
                "rest": _rest(c),
                "note": c.note or "",
            }
        )
    return rows


def measurements(case: Mapping[str, Any]) -> list[Msg]:
    """What a check measured, each part in words (``redness 4 cm``, ``38.2 °C``)."""
    parts = []
    for key, words in (
        ("redness_diameter_cm", N_("redness %(cm)s cm")),
        ("lump_diameter_cm", N_("lump %(cm)s cm")),
        ("wound_diameter_cm", N_("wound %(cm)s cm")),
    ):
        if key in case:
            parts.append(Msg(words, cm=number(case[key])))
    if "days_present" in case:
        n = case["days_present"]
        parts.append(counted("%(n)s day", "%(n)s days", n, n=number(n)))
    vitals = case.get("vitals") or {}
    if "temperature_c" in vitals:
        parts.append(Msg("%(degrees)s °C", degrees=number(vitals["temperature_c"])))
    if "heart_rate" in vitals:
        parts.append(Msg("pulse %(rate)s/min", rate=number(vitals["heart_rate"])))
    trend = case.get("redness_trend")
    if trend in _TRENDS:
        parts.append(word(_TRENDS[trend]))
    return parts


def _rest(c: Observation) -> Msg | str:
    if c.blocked:
        return word(N_("blocked until a clinician or a later check clears it"))
    if c.rest_days:
        return counted("rest %(n)s day", "rest %(n)s days", c.rest_days, n=number(c.rest_days))
    return ""
