"""Turn rule matches into the assessment dictionary (``assessment.schema.json``).

How the lines are put together is data (``data/triage/composition.yaml`` and
``data/triage/safety_net.yaml``); this module applies it:

* ``do_now``: the level's first line (for an emergency, the call) and the rules' "now" lines,
  in the order ``do_now_order`` gives, at most ``max_do_now``; the rest move to the care lines;
* care lines come from the conditions at the leading level, and from the level just below
  only when they do not conflict; lines whose tags do not fit the case (raising a limb for a
  belly site, a syringe service for someone using a prescribed medicine, later care inside an
  emergency) are left out, and of two conflicting tags only one side stays;
* one rest line, with the longest rest that applies;
* ``safety_net``: every sign of every matching rule, plus the defaults, for each target more
  urgent than the level, never one the person already has, never cut.

``advice`` is every line in the order shown: do_now, then care, then safety_net.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sitecare.domain.triage.i18n import local_number, translator
from sitecare.domain.triage.loader import RuleBase
from sitecare.domain.triage.model import TARGETS, AdviceItem, Composition, RestDays, RuleMatch
from sitecare.domain.triage.phrases import (
    HELP_HARM_REDUCTION,
    HELP_PRESCRIBER,
    HELP_TREATMENT,
    MOST_LIKELY,
    NO_SIGNS,
    NOTHING_FOUND,
    NOTHING_FOUND_CARE,
    REST_DAYS,
    REST_NULL,
    WHILE_YOU_WAIT,
)
from sitecare.domain.triage.predicates import Facts, Scope
from sitecare.domain.triage.redflags import load_red_flags
from sitecare.domain.triage.vitals import VitalsResult
from sitecare.domain.triage.vocab import LEVEL_RANK, Vocabulary

MAX_CONDITIONS = 6
#: at most this many conditions give care lines at the leading level, and below it
MAX_LEADING, MAX_BELOW = 2, 1
#: rank of each safety-net target: its lines show in results less urgent than it
TARGET_RANK = {"emergency": 4, "urgent": 3, "soon": 2, "recheck": 1}
#: a match's score at or below this was ranked "less likely" by its rule (see engine.py)
LESS_LIKELY = -50


@dataclass(frozen=True)
class Line:
    """One line a person reads: where it goes, what it tells them to do, and from where."""

    text: str
    section: str  # "do_now", "care" or "safety_net"
    tags: tuple[str, ...] = ()
    #: safety-net lines: the target (emergency, urgent, soon, recheck) or "waiting"
    target: str | None = None
    #: safety-net lines: the sign id it comes from
    sign: str | None = None
    #: the rule it came from ("" for the level's own lines)
    rule_id: str = ""
    #: safety-net lines: the sign's words alone, without "Call 911 now if" (for grouping)
    words: str = ""


def _nothing_found(tr: Callable[[str], str]) -> list[Line]:
    return [Line(tr(NOTHING_FOUND), "do_now", ("level",)), Line(tr(NOTHING_FOUND_CARE), "care")]


def _rest_line(rest: float, language: str) -> Line:
    days = local_number(rest, language)
    return Line(translator(language)(REST_DAYS).format(days=days), "care", ("rest_days",))


def _headline(
    level: str, listed: Sequence[RuleMatch], vocab: Vocabulary, tr: Callable[[str], str], n: str
) -> str:
    headline = _fill(vocab.levels[level]["headline"], n)
    if not listed:
        return headline + "."
    name = vocab.condition_name(listed[0].rule.condition)
    return headline + tr(MOST_LIKELY) + name[:1].lower() + name[1:] + "."


def _fill(text: str, number: str) -> str:
    return text.replace("{emergency_number}", number)


def _holds(item: AdviceItem, scope: Scope) -> bool:
    return item.when is None or item.when.test(scope) is not None


def _distinct(matches: Sequence[RuleMatch]) -> list[RuleMatch]:
    """The best match per condition, in order."""
    seen: set[str] = set()
    out: list[RuleMatch] = []
    for m in matches:
        if m.rule.condition not in seen:
            seen.add(m.rule.condition)
            out.append(m)
    return out


def _rest(matches: Sequence[RuleMatch], route: str | None, fallback: RestDays) -> RestDays:
    if not matches:
        return fallback
    values = [m.rest.for_route(route) for m in matches]
    if any(v is None for v in values):
        return None
    return max(v for v in values if v is not None)


def _fits(tags: Iterable[str], level: str, comp: Composition, scope: Scope) -> bool:
    """Do a line's tags fit this case and this level (``tags:`` in composition.yaml)?"""
    for tag in tags:
        rule = comp.tags.get(tag)
        if rule is None:
            continue
        if rule.max_level is not None and LEVEL_RANK[level] > LEVEL_RANK[rule.max_level]:
            return False
        if rule.applies_when is not None and rule.applies_when.test(scope) is None:
            return False
    return True


def resolve_conflicts(lines: Sequence[Line], comp: Composition) -> list[Line]:
    """Keep one side of every conflicting pair of tags.

    With ``prefer``, every line carrying the other side goes; otherwise the first line seen
    (from the most urgent, most likely condition) decides, and lines of the other side go.
    """
    present = {t for line in lines for t in line.tags}
    dropped: set[str] = set()
    for c in comp.conflicts:
        a, b = c.tags
        if c.prefer is not None and a in present and b in present:
            dropped.add(b if c.prefer == a else a)
    kept: list[Line] = []
    seen: set[str] = set()
    single = set(comp.one_line)
    for line in lines:
        tags = set(line.tags)
        if tags & dropped or tags & single & seen:
            continue
        clash = False
        for c in comp.conflicts:
            a, b = c.tags
            if c.prefer is None and ((a in tags and b in seen) or (b in tags and a in seen)):
                clash = True
        if clash:
            continue
        kept.append(line)
        seen |= tags
    return kept


def conflicts_in(tag_sets: Iterable[Iterable[str]], comp: Composition) -> list[tuple[str, str]]:
    """The conflicting tag pairs that one result holds (empty for a good result)."""
    present = {t for tags in tag_sets for t in tags}
    return [c.tags for c in comp.conflicts if c.tags[0] in present and c.tags[1] in present]


def _order(lines: list[Line], comp: Composition) -> list[Line]:
    rank = {t: i for i, t in enumerate(comp.do_now_order)}
    last = len(rank)

    def key(item: tuple[int, Line]) -> tuple[int, int]:
        n, line = item
        return (min((rank.get(t, last) for t in line.tags), default=last), n)

    return [line for _, line in sorted(enumerate(lines), key=key)]


def _safety_net(
    level: str,
    matches: Sequence[RuleMatch],
    scope: Scope,
    rb: RuleBase,
    number: str,
) -> list[Line]:
    comp = rb.composition
    lines: list[Line] = []
    if level == "emergency":
        waiting: list[tuple[AdviceItem, str]] = [
            (item, m.rule.id)
            for m in matches
            if m.level == "emergency"
            for item in m.rule.safety_net.waiting
        ]
        waiting += [(item, "") for item in comp.default_waiting]
        for item, rule_id in waiting:
            if _holds(item, scope):
                lines.append(
                    Line(
                        _fill(item.text, number), "safety_net", item.tags, "waiting", None, rule_id
                    )
                )
        return lines
    done: set[str] = set()  # a sign shows once, under its most urgent target
    for target in TARGETS:
        if TARGET_RANK[target] <= LEVEL_RANK[level]:
            continue
        ids: list[tuple[str, str]] = [(s, "") for s in comp.default_signs.get(target, ())]
        for m in matches:
            ids += [(s, m.rule.id) for s in m.rule.safety_net.signs.get(target, ())]
        template = comp.templates[target]
        for sign_id, rule_id in ids:
            sign = comp.signs.get(sign_id)
            if sign is None or sign_id in done:
                continue
            done.add(sign_id)
            if sign.when is not None and sign.when.test(scope) is None:
                continue
            words = sign.text
            if sign.present is not None and sign.present.test(scope) is not None:
                if sign.worse is None:
                    continue  # never a line conditioned on a sign the person already has
                words = sign.worse
            text = _fill(template.replace("{sign}", words), number)
            lines.append(Line(text, "safety_net", (), target, sign_id, rule_id, words))
    return lines


def compose_lines(
    matches: Sequence[RuleMatch],
    facts: Facts,
    vocab: Vocabulary,
    rulebase: RuleBase,
    scope: Scope,
    number: str,
) -> tuple[str, list[Line], RestDays]:
    """The level, every line of the assessment in the order shown, and the rest figure."""
    comp = rulebase.composition
    best = _distinct(matches)
    fallback_rest = next(
        (
            r.rest_site_days.for_route(facts.route)
            for r in rulebase.rules
            if r.condition == "normal_puncture"
        ),
        2.0,
    )
    medicine = scope.group("medicine_user") is not None
    if best:
        level = best[0].level
        texts = vocab.levels[level]
        first = texts.get("first_advice_medicine") if medicine else None
        first = first or texts["first_advice"]
        head = Line(_fill(first, number), "do_now", ("call" if level == "emergency" else "level",))
        # care comes from the likely conditions: one ranked "less likely" (less_likely_when)
        # gives lines only when nothing else at its level does
        likely = [m for m in best if m.score > LESS_LIKELY] or best
        lead = [m for m in likely if m.level == level][:MAX_LEADING] or [
            m for m in best if m.level == level
        ][:MAX_LEADING]
        below = (
            []
            if level == "emergency"
            else [m for m in likely if LEVEL_RANK[m.level] == LEVEL_RANK[level] - 1][:MAX_BELOW]
        )
        candidates: list[tuple[Line, bool]] = [(head, False)]
        for group, is_below in ((lead, False), (below, True)):
            for m in group:
                for item in m.advice:
                    if _holds(item, scope) and _fits(item.tags, level, comp, scope):
                        section = "do_now" if item.now else "care"
                        line = Line(
                            _fill(item.text, number), section, item.tags, None, None, m.rule.id
                        )
                        candidates.append((line, is_below))
        # life-saving lines (sugar, naloxone, pressure ...) from every matching condition
        chosen_rules = {m.rule.id for m in (*lead, *below)}
        vital = set(comp.from_any_level)
        for m in best:
            if m.rule.id in chosen_rules:
                continue
            for item in m.advice:
                fits = _fits(item.tags, level, comp, scope)
                if set(item.tags) & vital and _holds(item, scope) and fits:
                    text = _fill(item.text, number)
                    candidates.append((Line(text, "do_now", item.tags, rule_id=m.rule.id), False))
        if level == "emergency":
            for item in comp.emergency_lines:
                if _holds(item, scope) and _fits(item.tags, level, comp, scope):
                    section = "do_now" if item.now else "care"
                    candidates.append((Line(_fill(item.text, number), section, item.tags), False))
        # lines from the level below only when they conflict with nothing at the leading level
        leading = [line for line, is_below in candidates if not is_below]
        kept = resolve_conflicts(leading, comp)
        for line, is_below in candidates:
            if is_below and not conflicts_in([line.tags, *(k.tags for k in kept)], comp):
                kept.append(line)
        chosen = resolve_conflicts(kept, comp)
    else:
        level = "routine" if not facts.findings else "self_care"
        chosen = _nothing_found(translator(rulebase.language))
    rest = _rest(matches, facts.route, fallback_rest)

    seen: set[str] = set()
    unique: list[Line] = []
    for line in chosen:
        if line.text not in seen:
            seen.add(line.text)
            unique.append(line)
    now = _order([line for line in unique if line.section == "do_now"], comp)
    do_now = [Line(x.text, "do_now", x.tags, rule_id=x.rule_id) for x in now[: comp.max_do_now]]
    overflow = [Line(x.text, "care", x.tags, rule_id=x.rule_id) for x in now[comp.max_do_now :]]
    care = overflow + [line for line in unique if line.section == "care"]
    if rest is None:  # the rest line says "do not inject into or near this site"
        care = [line for line in care if "avoid_site" not in line.tags]
        care.append(Line(translator(rulebase.language)(REST_NULL), "care", ("rest_days",)))
    elif rest > 0 and best:
        care.append(_rest_line(rest, rulebase.language))
    safety = [
        line
        for line in _safety_net(level, matches, scope, rulebase, number)
        if line.text not in seen
    ]
    return level, do_now + care + safety, rest


def compose_assessment(
    matches: Sequence[RuleMatch],
    facts: Facts,
    vitals: VitalsResult,
    vocab: Vocabulary,
    rulebase: RuleBase,
    scope: Scope,
    number: str,
) -> dict[str, Any]:
    """Build the assessment from the ordered rule matches of one case."""
    level, lines, rest = compose_lines(matches, facts, vocab, rulebase, scope, number)
    best = _distinct(matches)
    listed = [m for m in best if m.rule.list_condition]
    if level == "emergency":
        reassuring = set(rulebase.composition.reassuring_conditions)
        listed = [m for m in listed if m.rule.condition not in reassuring]
    tr = translator(rulebase.language)
    if best:
        reasons = list(dict.fromkeys(b for m in best if m.level == level for b in m.because))
    else:
        reasons = [tr(NO_SIGNS)]
    headline = _headline(level, listed, vocab, tr, number)
    flags = load_red_flags()
    red = [f for f in flags.findings if f in facts.findings]
    if facts.trend in flags.trends:
        red.append(f"redness_trend:{facts.trend}")
    safety_net = [line.text for line in lines if line.section == "safety_net"]
    comp = rulebase.composition
    groups: list[dict[str, Any]] = []
    for line in (x for x in lines if x.section == "safety_net"):
        target = line.target or "waiting"
        if not groups or groups[-1]["target"] != target:
            lead = tr(WHILE_YOU_WAIT)
            if target in comp.templates:
                lead = _fill(comp.templates[target].split("{sign}")[0].strip(), number)
            groups.append({"target": target, "lead": lead, "items": []})
        groups[-1]["items"].append(line.words or line.text)
    result: dict[str, Any] = {
        "level": level,
        "conditions": [
            {
                "id": m.rule.condition,
                "level": m.level,
                "because": list(m.because),
                "name": vocab.condition_name(m.rule.condition),
                "rule_id": m.rule.id,
            }
            for m in listed[:MAX_CONDITIONS]
        ],
        "do_now": [line.text for line in lines if line.section == "do_now"],
        "care": [line.text for line in lines if line.section == "care"],
        "safety_net": safety_net,
        # the same lines grouped for display: {target, lead ("Call 911 now if"), items}
        "safety_net_groups": groups,
        "advice": [line.text for line in lines],
        "rest_site_days": None if rest is None else float(rest),
        "reasons": reasons,
        "headline": headline,
        "emergency_number": number,
        "red_flags": red,
        "rule_ids": [m.rule.id for m in matches],
        # the name this list had before it became the safety net (kept for older clients)
        "watch_for": list(safety_net),
        "help": [{k: tr(v) for k, v in h.items()} for h in _help(scope, best)],
    }
    if vitals.scores:
        result["scores"] = dict(vitals.scores)
    return result


def _help(scope: Scope, best: Sequence[RuleMatch]) -> list[dict[str, str]]:
    injects = scope.group("injects") is not None
    medicine = scope.group("medicine_user") is not None
    wound = any(m.rule.condition in ("xylazine_wound", "chronic_wound", "abscess") for m in best)
    if injects:
        return [dict(HELP_HARM_REDUCTION), dict(HELP_TREATMENT)]
    if medicine:
        return [dict(HELP_PRESCRIBER)]
    if wound:
        return [dict(HELP_HARM_REDUCTION)]
    return []
