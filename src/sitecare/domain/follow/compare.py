"""Compare a re-check of a site with the check before: better, same, worse, much worse, healed.

Pure. Each change is named in plain words ("the redness grew from 2 cm to 6 cm"), and a
worsening course gives a *floor*: the least level the re-check may have (the triage engine's
level for the current findings alone is never lowered; the floor can only raise it).

- ``worse``: at least ``soon``, and one level above the check before (at most ``urgent``): a
  redness cared for at home that grows over a day needs a clinician (facts F1.24-F1.26).
- ``same`` after a check the course raised: the raised level stands until it is better.
- ``much_worse`` (new fever or other signs of illness, red streaks, a size more than doubled,
  spreading fast, or a jump of two levels): at least ``urgent``, and one level above the check
  before; a redness that spreads while there is fever is an ``emergency`` (F1.7, F1.12-F1.18).

When both checks have a size measured on their photos (``Look.area_mm2``), the measured area
takes the place of the typed sizes ("the redness is 40% larger than yesterday"), with the
thresholds of ``data/follow/measured.yaml``. A measurement only adds: a typed size that grew
more than the measured one still counts, and ``review`` never gives a level below the one the
comparison without the measurement gives.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from sitecare.domain.follow.data import load_follow
from sitecare.domain.follow.look import BENIGN, SIZES, Look, since_words
from sitecare.domain.messages import N_, Msg, number, term, word
from sitecare.domain.stored_words import to_data
from sitecare.domain.triage.vocab import LEVEL_RANK, level_up, load_vocabulary, more_urgent

CASES = ("better", "same", "worse", "much_worse", "healed")
Case = Literal["better", "same", "worse", "much_worse", "healed"]
Direction = Literal["better", "worse", "note"]

#: a size must change by at least this much to count (a hand-held ruler is not more exact)
MIN_CHANGE_CM = 0.5
#: signs of illness beyond the site (facts F1.8, F1.12-F1.18, F3.7)
SYSTEMIC = frozenset(
    {
        "fever",
        "chills",
        "feeling_very_unwell",
        "fast_heartbeat",
        "rapid_breathing",
        "confusion",
        "shortness_of_breath",
        "chest_pain",
        "fainting_or_dizziness",
    }
)
PUS = frozenset({"pus", "foul_smell"})
#: kinds of lump: a lump that changes kind is the same lump (a soft one firming up is noted)
LUMPS = frozenset({"fluctuant_lump", "hard_lump", "rubbery_lump"})
#: how much it hurts, least first
PAIN = ("tenderness", "pain", "severe_pain", "pain_out_of_proportion")
PAIN_WORDS = (
    N_("no pain"),
    N_("tender"),
    N_("painful"),
    N_("severe pain"),
    N_("pain far worse than it looks"),
)
#: new findings that are noted but do not make a course worse
MILD = frozenset({"bruise", "itch", "scab"}) | BENIGN
SPREADING = frozenset({"spreading", "spreading_fast"})
LEVEL_WORDS: Mapping[str, str] = {
    "emergency": N_("emergency"),
    "urgent": N_("get care today"),
    "soon": N_("see a clinician in 1 to 2 days"),
    "self_care": N_("care at home"),
    "routine": N_("an ordinary mark"),
}
#: a course's summary: "<head> <when>: <what changed>."
HEADS: Mapping[str, str] = {
    "better": N_("Better than %(when)s: %(detail)s."),
    "same": N_("About the same as %(when)s: %(detail)s."),
    "worse": N_("Worse than %(when)s: %(detail)s."),
    "much_worse": N_("Much worse than %(when)s: %(detail)s."),
}
#: the same, when nothing has changed
HEADS_SAME: Mapping[str, str] = {
    "better": N_("Better than %(when)s: nothing has changed."),
    "same": N_("About the same as %(when)s: nothing has changed."),
    "worse": N_("Worse than %(when)s: nothing has changed."),
    "much_worse": N_("Much worse than %(when)s: nothing has changed."),
}


@dataclass(frozen=True)
class Change:
    """One thing that changed since the check before. ``weight`` 2 makes a course much worse."""

    what: str
    direction: Direction
    words: str
    weight: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {"what": self.what, "direction": self.direction, "words": self.words}


@dataclass(frozen=True)
class Course:
    """A re-check compared with the check before it."""

    case: Case
    before: Look
    changes: tuple[Change, ...]
    summary: str
    floor: str | None = None

    @property
    def measured(self) -> bool:
        """Whether the sizes measured on both checks' photos were compared."""
        return any(c.what == MEASURED for c in self.changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "since": self.before.at.isoformat(),
            "since_level": self.before.level,
            "summary": self.summary,
            # the summary as a message, to say it again in a reader's language later
            "said": to_data(self.summary),
            "changes": [c.to_dict() for c in self.changes],
            "raised_to": self.floor,
            "measured": self.measured,
        }


#: the ``what`` of the change in the size measured on the photos
MEASURED = "measured_area"
#: what the mark is called, by what the checks found (the first that fits)
MARK_NAMES = (
    (
        N_("the redness"),
        frozenset({"redness", "redness_diameter_cm", "spreading", "spreading_fast"}),
    ),
    (N_("the wound"), frozenset({"open_wound", "dead_tissue", "wound_diameter_cm"})),
    (N_("the lump"), LUMPS | {"lump_diameter_cm"}),
    (N_("the bruise"), frozenset({"bruise"})),
)


def mark_name(before: Look, now: Look) -> str:
    """What the measured mark is: "the redness", "the wound", "the lump", "the bruise" or
    "the mark"."""
    found = now.findings | before.findings | set(now.sizes) | set(before.sizes)
    found |= {now.trend} if now.trend else set()
    return next((name for name, ids in MARK_NAMES if found & ids), N_("the mark"))


def _longest_doubled(before: Look, now: Look, least_mm: float) -> bool:
    a, b = before.longest_mm, now.longest_mm
    return a is not None and b is not None and b >= 2 * a and b - a >= least_mm


def measured_change(before: Look, now: Look) -> Change | None:
    """How the area measured on the photos changed (None unless both checks have one)."""
    a, b = before.area_mm2, now.area_mm2
    if a is None or b is None or a <= 0:
        return None
    rule = load_follow().measured
    pct, grew = (b - a) / a * 100, b - a
    name, since = word(mark_name(before, now)), since_words(before.at, now.at)
    sizes = Msg(
        "measured on the photos: %(now)s mm², %(before)s mm² before",
        now=number(b, ".0f"),
        before=number(a, ".0f"),
    )
    said = {"what": name, "pct": number(abs(pct), ".0f"), "since": since, "sizes": sizes}
    if pct >= rule.worse_pct and grew >= rule.min_change_mm2:
        much = pct >= rule.much_worse_pct and grew >= rule.much_worse_min_mm2
        heavy = 2 if much or _longest_doubled(before, now, rule.much_worse_longest_mm) else 1
        words = Msg("%(what)s is %(pct)s%% larger than %(since)s (%(sizes)s)", **said)
        return Change(MEASURED, "worse", words, heavy)
    if -pct >= rule.better_pct and -grew >= rule.min_change_mm2:
        words = Msg("%(what)s is %(pct)s%% smaller than %(since)s (%(sizes)s)", **said)
        return Change(MEASURED, "better", words)
    if abs(pct) < rule.same_pct:
        words = Msg("%(what)s is about the same size as %(since)s (%(sizes)s)", **said)
        return Change(MEASURED, "note", words, 0)
    if pct > 0:
        template = N_(
            "%(what)s is only %(pct)s%% larger than %(since)s, too little to count (%(sizes)s)"
        )
    else:
        template = N_(
            "%(what)s is only %(pct)s%% smaller than %(since)s, too little to count (%(sizes)s)"
        )
    return Change(MEASURED, "note", Msg(template, **said), 0)


def cm(value: float) -> Msg:
    """A size in cm as the comparison says it: ``2``, ``2.5`` (``2,5`` in Spanish)."""
    return number(value, "g")


def _size_changes(before: Look, now: Look) -> list[Change]:
    out = []
    for key, name in SIZES.items():
        a, b = before.sizes.get(key), now.sizes.get(key)
        if a is None or b is None or abs(b - a) < MIN_CHANGE_CM:
            continue
        if b > a:
            heavy = 2 if b >= 2 * a and b - a >= 2 else 1
            said = Msg("%(what)s grew from %(a)s cm to %(b)s cm", what=word(name), a=cm(a), b=cm(b))
            out.append(Change(key, "worse", said, heavy))
        else:
            said = Msg(
                "%(what)s shrank from %(a)s cm to %(b)s cm", what=word(name), a=cm(a), b=cm(b)
            )
            out.append(Change(key, "better", said))
    return out


def _pain(findings: frozenset[str]) -> int:
    return max((i + 1 for i, p in enumerate(PAIN) if p in findings), default=0)


def _pain_change(before: Look, now: Look) -> list[Change]:
    a, b = _pain(before.findings), _pain(now.findings)
    if a == b:
        return []
    words = Msg(
        "%(now)s now, %(before)s before", now=word(PAIN_WORDS[b]), before=word(PAIN_WORDS[a])
    )
    if b > a:
        return [
            Change("pain", "worse", Msg("more pain: %(words)s", words=words), 2 if b >= 3 else 1)
        ]
    return [Change("pain", "better", Msg("less pain: %(words)s", words=words))]


def _finding_changes(before: Look, now: Look) -> list[Change]:
    vocab = load_vocabulary()
    out = []
    skip = set(PAIN) | {"redness_trend"}
    for f in sorted(now.findings - before.findings - skip):
        if f in SYSTEMIC:
            out.append(Change(f, "worse", _new(vocab.finding_reason(f)), 2))
        elif f == "red_streaks":
            out.append(Change(f, "worse", Msg("new red streaks running from the site"), 2))
        elif f in PUS:
            said = Msg("new pus: %(what)s", what=term(vocab.finding_reason(f)))
            out.append(Change(f, "worse", said))
        elif f in MILD or (f in LUMPS and before.findings & LUMPS):
            out.append(Change(f, "note", _new(vocab.finding_reason(f)), 0))
        else:
            out.append(Change(f, "worse", _new(vocab.finding_reason(f))))
    for f in sorted(before.findings - now.findings - skip - BENIGN):
        if f in LUMPS and now.findings & LUMPS:
            continue  # the lump is still there, of another kind
        out.append(Change(f, "better", Msg("gone: %(what)s", what=term(vocab.finding_reason(f)))))
    return out


def _new(reason: str) -> Msg:
    return Msg("new: %(what)s", what=term(reason))


def _trend_change(now: Look) -> list[Change]:
    if now.trend == "spreading_fast":
        said = Msg("the redness is spreading fast (bigger within hours)")
        return [Change("trend", "worse", said, 2)]
    if now.trend == "spreading":
        said = Msg("the redness has spread (bigger, or past the pen line)")
        return [Change("trend", "worse", said)]
    if now.trend == "shrinking":
        return [Change("trend", "better", Msg("the redness is getting smaller"))]
    return []


def _level_change(before: Look, now: Look) -> list[Change]:
    """The engine's level for the findings alone, now and before (a raise is not a finding)."""
    was = before.engine_level or before.level
    a, b = LEVEL_RANK.get(was, 0), LEVEL_RANK.get(now.level, 0)
    if a == b or was not in LEVEL_WORDS or now.level not in LEVEL_WORDS:
        return []
    said = Msg(
        "the check now says %(now)s, not %(was)s",
        now=word(LEVEL_WORDS[now.level]),
        was=word(LEVEL_WORDS[was]),
    )
    if b > a:
        return [Change("level", "worse", said, 2 if b - a >= 2 else 1)]
    return [Change("level", "better", said)]


def _sizes(before: Look, now: Look) -> list[Change]:
    """The measured size's change when both checks have one (measured beats typed), with any
    typed size that grew more (a measurement never cancels a bigger size a person typed);
    else the typed sizes' changes."""
    typed = _size_changes(before, now)
    m = measured_change(before, now)
    if m is None:
        return typed
    least = m.weight if m.direction == "worse" else 0
    return [m] + [c for c in typed if c.direction == "worse" and c.weight > least]


def changes(before: Look, now: Look) -> list[Change]:
    """Everything that changed from ``before`` to ``now``, worse first."""
    found = (
        _sizes(before, now)
        + _trend_change(now)
        + _pain_change(before, now)
        + _finding_changes(before, now)
        + _level_change(before, now)
    )
    order = {"worse": 0, "better": 1, "note": 2}
    return sorted(found, key=lambda c: (order[c.direction], -c.weight))


def _spreading(before: Look, now: Look, found: list[Change]) -> bool:
    redness = mark_name(before, now) == "the redness"
    grown = {"redness_diameter_cm"} | ({MEASURED} if redness else set())
    grew = any(c.what in grown and c.direction == "worse" for c in found)
    return grew or now.trend in SPREADING


def _floor(case: Case, before: Look, now: Look, found: list[Change]) -> str | None:
    if case == "same" and before.engine_level and before.level != before.engine_level:
        return before.level  # raised before and no better since: the raise stands
    # An emergency is not carried over from an earlier check: the rule engine calls one for
    # whatever red flag is there now. (A bleed that has stopped, with new redness, is worse
    # than the redness alone says, not still an emergency.) Worse goes up from at most
    # "get care today".
    base = before.level if LEVEL_RANK.get(before.level, 0) < LEVEL_RANK["emergency"] else "urgent"
    if case == "worse":
        return more_urgent("soon", level_up(base, 1, "urgent"))
    if case != "much_worse":
        return None
    if _spreading(before, now, found) and now.findings & SYSTEMIC:
        return "emergency"
    return more_urgent("urgent", level_up(base, 1, "emergency"))


def _case(now: Look, found: list[Change]) -> Case:
    if now.clear:
        return "healed"
    worse = [c for c in found if c.direction == "worse"]
    if any(c.weight >= 2 for c in worse):
        return "much_worse"
    if worse:
        return "worse"
    if any(c.direction == "better" for c in found):
        return "better"
    return "same"


def _summary(case: Case, before: Look, now: Look, found: list[Change]) -> str:
    when = since_words(before.at, now.at)
    if case == "healed":
        return Msg(
            "Healed: nothing is left to watch since the check %(when)s. The site is back in the "
            "rotation.",
            when=when,
        )
    shown = [c for c in found if c.direction != "note"] or found
    if case in ("worse", "much_worse"):
        shown = [c for c in shown if c.direction == "worse"] + [
            c for c in shown if c.direction != "worse"
        ]
    if not shown:
        return Msg(HEADS_SAME[case], when=when)
    detail = shown[0].words
    for c in shown[1:]:
        detail = Msg("%(first)s; %(next)s", first=detail, next=c.words)
    return Msg(HEADS[case], when=when, detail=detail)


def said_at(course: Course, now: Look, level: str) -> Course:
    """``course`` as said to a person given ``level`` (raised above the engine's ``now.level``):
    its line on the level names that level, never the lower one of the findings alone; what
    changed and the course's case stay as they are."""
    if not any(c.what == "level" for c in course.changes):
        return course  # no level named
    raised = replace(now, level=level)
    found = [c for c in course.changes if c.what != "level"] + _level_change(course.before, raised)
    summary = _summary(course.case, course.before, raised, found)
    return replace(course, changes=tuple(found), summary=summary)


def compare(before: Look, now: Look, *, measured: bool = True) -> Course:
    """Compare a re-check (``now``, at the engine's level) with the check before it; with
    ``measured=False`` the sizes measured on the photos are left out (the typed ones count)."""
    if not measured:
        before, now = replace(before, area_mm2=None), replace(now, area_mm2=None)
    found = changes(before, now)
    case = _case(now, found)
    floor = _floor(case, before, now, found)
    if floor is not None and LEVEL_RANK[floor] <= LEVEL_RANK.get(now.level, 0):
        floor = None  # the engine already says as much
    return Course(case, before, tuple(found), _summary(case, before, now, found), floor)
