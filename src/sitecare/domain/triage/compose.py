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

from collections.abc import Callable, Sequence
from typing import Any

from sitecare.domain.triage.headline import compose_headline
from sitecare.domain.triage.i18n import local_number, translator
from sitecare.domain.triage.lines import (
    TARGET_RANK,
    Line,
    conflicts_in,
    fill,
    fits,
    holds,
    order_do_now,
    resolve_conflicts,
    safety_net_lines,
)
from sitecare.domain.triage.loader import RuleBase
from sitecare.domain.triage.model import Composition, RestDays, RuleMatch
from sitecare.domain.triage.phrases import (
    HELP_HARM_REDUCTION,
    HELP_PRESCRIBER,
    HELP_TREATMENT,
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

__all__ = [
    "TARGET_RANK",
    "Line",
    "compose_assessment",
    "compose_lines",
    "conflicts_in",
    "resolve_conflicts",
]

MAX_CONDITIONS = 6
#: at most this many conditions give care lines at the leading level, and below it
MAX_LEADING, MAX_BELOW = 2, 1
#: a match's score at or below this was ranked "less likely" by its rule (see engine.py)
LESS_LIKELY = -50


def _nothing_found(tr: Callable[[str], str]) -> list[Line]:
    return [Line(tr(NOTHING_FOUND), "do_now", ("level",)), Line(tr(NOTHING_FOUND_CARE), "care")]


def _rest_line(rest: float, language: str) -> Line:
    days = local_number(rest, language)
    return Line(translator(language)(REST_DAYS).format(days=days), "care", ("rest_days",))


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


def _fallback_rest(rulebase: RuleBase, route: str | None) -> RestDays:
    """The rest after a normal puncture: the figure when no rule matched."""
    return next(
        (
            r.rest_site_days.for_route(route)
            for r in rulebase.rules
            if r.condition == "normal_puncture"
        ),
        2.0,
    )


def _head_line(level: str, vocab: Vocabulary, scope: Scope, number: str) -> Line:
    """The level's first line (for an emergency, the call)."""
    medicine = scope.group("medicine_user") is not None
    texts = vocab.levels[level]
    first = texts.get("first_advice_medicine") if medicine else None
    first = first or texts["first_advice"]
    return Line(fill(first, number), "do_now", ("call" if level == "emergency" else "level",))


def _care_lines(
    group: Sequence[RuleMatch], level: str, comp: Composition, scope: Scope, number: str
) -> list[Line]:
    """The lines of ``group``'s matches that hold and fit the case at ``level``."""
    lines: list[Line] = []
    for m in group:
        for item in m.advice:
            if holds(item, scope) and fits(item.tags, level, comp, scope):
                section = "do_now" if item.now else "care"
                lines.append(
                    Line(fill(item.text, number), section, item.tags, None, None, m.rule.id)
                )
    return lines


def _vital_lines(
    best: Sequence[RuleMatch],
    chosen_rules: set[str],
    level: str,
    comp: Composition,
    scope: Scope,
    number: str,
) -> list[Line]:
    """Life-saving lines (sugar, naloxone, pressure ...) from every other matching condition."""
    lines: list[Line] = []
    vital = set(comp.from_any_level)
    for m in best:
        if m.rule.id in chosen_rules:
            continue
        for item in m.advice:
            fit = fits(item.tags, level, comp, scope)
            if set(item.tags) & vital and holds(item, scope) and fit:
                text = fill(item.text, number)
                lines.append(Line(text, "do_now", item.tags, rule_id=m.rule.id))
    return lines


def _emergency_lines(comp: Composition, scope: Scope, number: str) -> list[Line]:
    lines: list[Line] = []
    for item in comp.emergency_lines:
        if holds(item, scope) and fits(item.tags, "emergency", comp, scope):
            section = "do_now" if item.now else "care"
            lines.append(Line(fill(item.text, number), section, item.tags))
    return lines


def _without_conflicts(candidates: list[tuple[Line, bool]], comp: Composition) -> list[Line]:
    """Lines from the level below (``True``) only when they conflict with nothing at the
    leading level."""
    leading = [line for line, is_below in candidates if not is_below]
    kept = resolve_conflicts(leading, comp)
    for line, is_below in candidates:
        if is_below and not conflicts_in([line.tags, *(k.tags for k in kept)], comp):
            kept.append(line)
    return resolve_conflicts(kept, comp)


def _chosen_lines(
    best: Sequence[RuleMatch], vocab: Vocabulary, comp: Composition, scope: Scope, number: str
) -> list[Line]:
    """The lines of a result with matches, at the level of the first, before ordering."""
    level = best[0].level
    head = _head_line(level, vocab, scope, number)
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
    candidates += [(line, False) for line in _care_lines(lead, level, comp, scope, number)]
    candidates += [(line, True) for line in _care_lines(below, level, comp, scope, number)]
    chosen_rules = {m.rule.id for m in (*lead, *below)}
    vital = _vital_lines(best, chosen_rules, level, comp, scope, number)
    candidates += [(line, False) for line in vital]
    if level == "emergency":
        candidates += [(line, False) for line in _emergency_lines(comp, scope, number)]
    return _without_conflicts(candidates, comp)


def _arranged(chosen: list[Line], comp: Composition) -> tuple[list[Line], list[Line], set[str]]:
    """``do_now`` (ordered, at most ``max_do_now``) and the care lines, each text once; and the
    texts seen."""
    seen: set[str] = set()
    unique: list[Line] = []
    for line in chosen:
        if line.text not in seen:
            seen.add(line.text)
            unique.append(line)
    now = order_do_now([line for line in unique if line.section == "do_now"], comp)
    do_now = [Line(x.text, "do_now", x.tags, rule_id=x.rule_id) for x in now[: comp.max_do_now]]
    overflow = [Line(x.text, "care", x.tags, rule_id=x.rule_id) for x in now[comp.max_do_now :]]
    care = overflow + [line for line in unique if line.section == "care"]
    return do_now, care, seen


def _with_rest(care: list[Line], rest: RestDays, matched: bool, language: str) -> list[Line]:
    if rest is None:  # the rest line says "do not inject into or near this site"
        care = [line for line in care if "avoid_site" not in line.tags]
        care.append(Line(translator(language)(REST_NULL), "care", ("rest_days",)))
    elif rest > 0 and matched:
        care.append(_rest_line(rest, language))
    return care


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
    fallback_rest = _fallback_rest(rulebase, facts.route)
    if best:
        level = best[0].level
        chosen = _chosen_lines(best, vocab, comp, scope, number)
    else:
        level = "routine" if not facts.findings else "self_care"
        chosen = _nothing_found(translator(rulebase.language))
    rest = _rest(matches, facts.route, fallback_rest)
    do_now, care, seen = _arranged(chosen, comp)
    care = _with_rest(care, rest, bool(best), rulebase.language)
    safety = [
        line
        for line in safety_net_lines(level, matches, scope, comp, number)
        if line.text not in seen
    ]
    return level, do_now + care + safety, rest


def _listed(best: Sequence[RuleMatch], level: str, rulebase: RuleBase) -> list[RuleMatch]:
    """The conditions the result names (an emergency names no reassuring one)."""
    listed = [m for m in best if m.rule.list_condition]
    if level == "emergency":
        reassuring = set(rulebase.composition.reassuring_conditions)
        listed = [m for m in listed if m.rule.condition not in reassuring]
    return listed


def _red_flags(facts: Facts) -> list[str]:
    flags = load_red_flags()
    red = [f for f in flags.findings if f in facts.findings]
    if facts.trend in flags.trends:
        red.append(f"redness_trend:{facts.trend}")
    return red


def _safety_net_groups(
    lines: Sequence[Line], comp: Composition, tr: Callable[[str], str], number: str
) -> list[dict[str, Any]]:
    """The safety-net lines grouped for display: {target, lead ("Call 911 now if"), items}."""
    groups: list[dict[str, Any]] = []
    for line in (x for x in lines if x.section == "safety_net"):
        target = line.target or "waiting"
        if not groups or groups[-1]["target"] != target:
            lead = tr(WHILE_YOU_WAIT)
            if target in comp.templates:
                lead = fill(comp.templates[target].split("{sign}")[0].strip(), number)
            groups.append({"target": target, "lead": lead, "items": []})
        groups[-1]["items"].append(line.words or line.text)
    return groups


def _condition(m: RuleMatch, vocab: Vocabulary) -> dict[str, Any]:
    return {
        "id": m.rule.condition,
        "level": m.level,
        "because": list(m.because),
        "name": vocab.condition_name(m.rule.condition),
        "rule_id": m.rule.id,
    }


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
    listed = _listed(best, level, rulebase)
    tr = translator(rulebase.language)
    if best:
        reasons = list(dict.fromkeys(b for m in best if m.level == level for b in m.because))
    else:
        reasons = [tr(NO_SIGNS)]
    first = listed[0].rule.condition if listed else None
    headline = compose_headline(level, first, vocab, tr, number)
    safety_net = [line.text for line in lines if line.section == "safety_net"]
    result: dict[str, Any] = {
        "level": level,
        "conditions": [_condition(m, vocab) for m in listed[:MAX_CONDITIONS]],
        "do_now": [line.text for line in lines if line.section == "do_now"],
        "care": [line.text for line in lines if line.section == "care"],
        "safety_net": safety_net,
        # the same lines grouped for display: {target, lead ("Call 911 now if"), items}
        "safety_net_groups": _safety_net_groups(lines, rulebase.composition, tr, number),
        "advice": [line.text for line in lines],
        "rest_site_days": None if rest is None else float(rest),
        "reasons": reasons,
        "headline": headline,
        "emergency_number": number,
        "red_flags": _red_flags(facts),
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
