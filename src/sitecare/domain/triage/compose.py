"""Turn rule matches into the assessment dictionary (``assessment.schema.json``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sitecare.domain.triage.loader import RuleBase
from sitecare.domain.triage.model import AdviceItem, RestDays, RuleMatch
from sitecare.domain.triage.predicates import Facts, Scope
from sitecare.domain.triage.redflags import load_red_flags
from sitecare.domain.triage.vitals import VitalsResult
from sitecare.domain.triage.vocab import LEVEL_RANK, Vocabulary

MAX_ADVICE = 12
MAX_CONDITIONS = 6

HELP_HARM_REDUCTION = {
    "name": "Harm-reduction or syringe service program",
    "contact": "your local service",
    "what": "Many offer free wound care, sterile supplies, naloxone and testing, "
    "with no judgement.",
}
HELP_TREATMENT = {
    "name": "SAMHSA National Helpline (US)",
    "contact": "1-800-662-4357",
    "what": "Free and confidential, any time of day: information and support, "
    "and help finding services if and when you want them.",
}

NOTHING_FOUND_ADVICE = (
    "Nothing you described needs care right now.",
    "Get care today if the site turns red, hot, swollen or more painful, or you get a fever.",
    "Call {emergency_number} if you have trouble breathing, new confusion, a cold or blue "
    "hand or foot, or bleeding that will not stop.",
)
REST_NULL = (
    "Do not inject into or near this site until a doctor or nurse has checked it. "
    "Use a different area well away from it."
)
REST_DAYS = "Let this spot rest for at least {days} days before using it again."


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def _fill(text: str, number: str) -> str:
    return text.replace("{emergency_number}", number)


def _applies(item: AdviceItem, scope: Scope) -> bool:
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


def _advice(
    level: str, best: Sequence[RuleMatch], scope: Scope, vocab: Vocabulary, number: str
) -> tuple[list[str], list[str]]:
    first = vocab.levels[level]["first_advice"]
    lines = [first]
    watch: list[str] = []
    rank = LEVEL_RANK[level]
    # emergencies: only emergency advice; otherwise also the level just below
    floor = rank if level == "emergency" else rank - 1
    for m in [m for m in best if LEVEL_RANK[m.level] >= floor][:3]:
        lines.extend(i.text for i in m.advice if _applies(i, scope))
        if level != "emergency":
            watch.extend(i.text for i in m.rule.watch_for if _applies(i, scope))
    return [_fill(t, number) for t in _dedupe(lines)], [_fill(t, number) for t in _dedupe(watch)]


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
    best = _distinct(matches)
    fallback_rest = next(
        (
            r.rest_site_days.for_route(facts.route)
            for r in rulebase.rules
            if r.condition == "normal_puncture"
        ),
        2.0,
    )
    if best:
        level = best[0].level
        reasons = _dedupe(b for m in best if m.level == level for b in m.because)
        advice, watch = _advice(level, best, scope, vocab, number)
    else:
        level = "routine" if not facts.findings else "self_care"
        reasons = ["no warning signs were reported"]
        advice = [_fill(t, number) for t in NOTHING_FOUND_ADVICE]
        watch = []
    rest = _rest(matches, facts.route, fallback_rest)
    if level != "emergency":
        advice.extend(watch)
    if rest is None:
        advice.append(REST_NULL)
    elif rest > 0 and best:
        advice.append(REST_DAYS.format(days=int(rest) if float(rest).is_integer() else rest))
    advice = _dedupe(advice)[:MAX_ADVICE]

    headline = _fill(vocab.levels[level]["headline"], number)
    if best:
        headline += ". Most likely: " + vocab.condition_name(best[0].rule.condition).lower() + "."
    else:
        headline += "."
    flags = load_red_flags()
    red = [f for f in flags.findings if f in facts.findings]
    if facts.trend in flags.trends:
        red.append(f"redness_trend:{facts.trend}")
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
            for m in best[:MAX_CONDITIONS]
        ],
        "advice": advice,
        "rest_site_days": None if rest is None else float(rest),
        "reasons": reasons,
        "headline": headline,
        "emergency_number": number,
        "red_flags": red,
        "rule_ids": [m.rule.id for m in matches],
        "watch_for": watch,
        "help": _help(scope, best),
    }
    if vitals.scores:
        result["scores"] = dict(vitals.scores)
    return result


def _help(scope: Scope, best: Sequence[RuleMatch]) -> list[dict[str, str]]:
    injects = scope.group("injects") is not None
    wound = any(m.rule.condition in ("xylazine_wound", "chronic_wound", "abscess") for m in best)
    if injects:
        return [dict(HELP_HARM_REDUCTION), dict(HELP_TREATMENT)]
    if wound:
        return [dict(HELP_HARM_REDUCTION)]
    return []
