"""The report's words: plain summary sentences, the site status rows, the checks table rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sitecare.domain.atlas import Atlas
from sitecare.domain.records import Injection, Observation
from sitecare.domain.triage.vocab import Vocabulary
from sitecare.domain.usage import SiteBlock, describe_check

LEVEL_WORDS = {
    "emergency": "emergency",
    "urgent": "get care today",
    "soon": "see a clinician in 1-2 days",
    "self_care": "self-care",
    "routine": "ordinary mark",
}
_LEVEL_ORDER = ("emergency", "urgent", "soon", "self_care", "routine")


def day(at: datetime | str) -> str:
    when = datetime.fromisoformat(at) if isinstance(at, str) else at
    return f"{when.day} {when:%b}"


def _lower(label: str) -> str:
    return label[:1].lower() + label[1:]


def summary_sentences(
    atlas: Atlas,
    injections: Sequence[Injection],
    checks: Sequence[Observation],
    statuses: Sequence[Mapping[str, Any]],
    blocks: Sequence[SiteBlock],
    vocab: Vocabulary,
) -> list[str]:
    """A few short sentences a clinician reads first."""
    out = [_use_sentence(atlas, injections)]
    for block in blocks:
        label = atlas.region(block.region).label
        out.append(
            f"The {_lower(label)} has been blocked since {day(block.since)} after a check that "
            f"found {block.why}."
        )
    resting = [s for s in statuses if s.get("state") == "resting"]
    if resting:
        names = ", ".join(_lower(s["label"]) for s in resting[:4])
        more = f" and {len(resting) - 4} more" if len(resting) > 4 else ""
        out.append(f"{len(resting)} site(s) are resting now: {names}{more}.")
    out.append(_check_sentence(atlas, checks))
    return out


def _use_sentence(atlas: Atlas, injections: Sequence[Injection]) -> str:
    if not injections:
        return "No injections were recorded in this period."
    days = len({i.at.date() for i in injections})
    top = Counter(i.region for i in injections).most_common(3)
    places = ", ".join(f"{_lower(atlas.region(r).label)} ({n})" for r, n in top)
    routes = Counter(i.route for i in injections).most_common()
    how = ", ".join(f"{n} {r.replace('_', ' ')}" for r, n in routes)
    return f"{len(injections)} injection(s) on {days} day(s) ({how}). Most used: {places}."


def _check_sentence(atlas: Atlas, checks: Sequence[Observation]) -> str:
    if not checks:
        return "No site checks were recorded in this period."
    worst = min(checks, key=lambda c: _LEVEL_ORDER.index(c.level or "routine"))
    where = _lower(atlas.region(worst.region).label) if worst.region else "a site"
    return (
        f"{len(checks)} check(s) in this period. The most urgent: {where} on {day(worst.at)}, "
        f"{LEVEL_WORDS.get(worst.level or '', 'no level')} ({describe_check(worst)})."
    )


def unused_ready(statuses: Sequence[Mapping[str, Any]]) -> str:
    """The ready regions never used, as one line (a table row each filled a page)."""
    return ", ".join(
        s["label"] for s in sorted(statuses, key=lambda s: s["label"]) if _unused_ready(s)
    )


def _unused_ready(s: Mapping[str, Any]) -> bool:
    return s["state"] == "ready" and not s.get("last_used")


def status_rows(statuses: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """One row per region in use: its state (ready, resting until, blocked since) and why."""
    order = {"blocked": 0, "resting": 1, "ready": 2}
    rows = []
    in_use = [s for s in statuses if not _unused_ready(s)]
    for s in sorted(in_use, key=lambda s: (order.get(s["state"], 3), s["label"])):
        state = s["state"]
        if state == "resting" and s.get("until"):
            state = f"resting until {day(s['until'])}"
        elif state == "blocked" and s.get("since"):
            state = f"blocked since {day(s['since'])}"
        last = f"last used {day(s['last_used'])}" if s.get("last_used") else "not used yet"
        why = s.get("why") or ""
        rows.append(
            {
                "label": s["label"],
                "route": str(s.get("route") or "").replace("_", " "),
                "state": state,
                "why": why if s["state"] != "ready" else last,
                "kind": s["state"],
            }
        )
    return rows


def check_rows(
    atlas: Atlas, checks: Sequence[Observation], vocab: Vocabulary
) -> list[dict[str, str]]:
    """One row per check: when, where, the level, what was found, the measurements."""
    rows = []
    for c in checks:
        case = c.case or {}
        found = [vocab.finding_reason(str(f)) for f in case.get("findings", [])]
        conditions = [
            vocab.condition_name(str(x.get("id")))
            for x in (c.assessment or {}).get("conditions", [])[:2]
            if isinstance(x, dict)
        ]
        rows.append(
            {
                "when": f"{day(c.at)} {c.at:%H:%M}",
                "where": atlas.region(c.region).label if c.region else "",
                "level": LEVEL_WORDS.get(c.level or "", "-"),
                "found": "; ".join(found) or "-",
                "likely": "; ".join(conditions),
                "measured": measurements(case),
                "rest": _rest(c),
                "note": c.note or "",
            }
        )
    return rows


def measurements(case: Mapping[str, Any]) -> str:
    parts = []
    for key, words in (
        ("redness_diameter_cm", "redness {} cm"),
        ("lump_diameter_cm", "lump {} cm"),
        ("wound_diameter_cm", "wound {} cm"),
        ("days_present", "{} day(s)"),
    ):
        if key in case:
            parts.append(words.format(f"{case[key]:g}"))
    vitals = case.get("vitals") or {}
    if "temperature_c" in vitals:
        parts.append(f"{vitals['temperature_c']:g} °C")
    if "heart_rate" in vitals:
        parts.append(f"pulse {vitals['heart_rate']:g}/min")
    if case.get("redness_trend") and case["redness_trend"] != "unknown":
        parts.append(f"redness {str(case['redness_trend']).replace('_', ' ')}")
    return ", ".join(parts) or "-"


def _rest(c: Observation) -> str:
    if c.blocked:
        return "blocked until a clinician or a later check clears it"
    if c.rest_days:
        return f"rest {c.rest_days:g} days"
    return ""
