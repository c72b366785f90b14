"""The triage engine: a case in, an assessment out. Pure and deterministic.

The most urgent level of any matching rule sets the assessment's level; a rule's own level
is its base level, raised by its escalations and (only when nothing escalates it) lowered by
its relief. Conditions are listed most urgent first, then by how much of the case they
explain, then in the vocabulary's order of seriousness.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from sitecare.domain.atlas import load_atlas
from sitecare.domain.emergency import DEFAULT_EMERGENCY_NUMBER, DOCUMENTED_EMERGENCY_NUMBERS
from sitecare.domain.errors import InvalidInput
from sitecare.domain.language import DEFAULT_LANGUAGE
from sitecare.domain.messages import Msg, localise, lowered
from sitecare.domain.routes import route_reason
from sitecare.domain.triage.compose import Line, compose_assessment, compose_lines
from sitecare.domain.triage.i18n import local_number, translator
from sitecare.domain.triage.loader import RuleBase, load_rulebase
from sitecare.domain.triage.model import RestDays, RestSpec, Rule, RuleMatch
from sitecare.domain.triage.predicates import Evidence, Facts, Result
from sitecare.domain.triage.vitals import FLAG_REASONS, VitalsResult, score_vitals
from sitecare.domain.triage.vocab import (
    LEVEL_RANK,
    MEASUREMENTS,
    Vocabulary,
    level_up,
    load_vocabulary,
    more_urgent,
)

_NUMBER_RE = re.compile(r"^\+?[0-9][0-9 \-]{0,14}$")
REGION_PREFIX = "the site is at the "


class Scope:
    """Evaluation scope for one case: the facts and a cache of named groups."""

    def __init__(self, facts: Facts, rulebase: RuleBase) -> None:
        self.facts = facts
        self._groups = rulebase.groups
        self._cache: dict[str, Result] = {}

    def group(self, name: str) -> Result:
        if name not in self._cache:
            self._cache[name] = None  # guards against cycles
            group = self._groups.get(name)
            got = group.when.test(self) if group else None
            if got is not None and group is not None and group.supporting:
                got = tuple((kind, key, True) for kind, key, _ in got)
            self._cache[name] = got
        return self._cache[name]


def _strings(value: Any) -> frozenset[str]:
    if isinstance(value, list | tuple | set | frozenset):
        return frozenset(v for v in value if isinstance(v, str))
    return frozenset()


def normalise(case: Mapping[str, Any], vocab: Vocabulary) -> tuple[Facts, VitalsResult]:
    """Turn a case mapping into :class:`Facts`; unknown or malformed values are ignored."""
    findings = _strings(case.get("findings"))
    measures: dict[str, float] = {}
    for key in MEASUREMENTS:
        value = case.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            measures[key] = float(value)
    vitals_raw = case.get("vitals")
    vitals = score_vitals(
        vitals_raw if isinstance(vitals_raw, Mapping) else None,
        fever_reported="fever" in findings,
        fast_heart_reported="fast_heartbeat" in findings,
        fast_breathing_reported="rapid_breathing" in findings,
    )
    route = case.get("route") if isinstance(case.get("route"), str) else None
    region = case.get("region") if isinstance(case.get("region"), str) else None
    trend = case.get("redness_trend") if isinstance(case.get("redness_trend"), str) else None
    facts = Facts(
        findings=findings,
        context=_strings(case.get("context")),
        route=route or None,
        region=region or None,
        region_groups=vocab.region_groups_of(region),
        measures=measures,
        trend=trend,
        flags=vitals.flags,
    )
    return facts, vitals


def _evidence_text(ev: Evidence, facts: Facts, vitals: VitalsResult, vocab: Vocabulary) -> str:
    kind, key, _ = ev
    if kind == "finding":
        return vocab.finding_reason(key)
    if kind == "context":
        return vocab.context_reason(key)
    if kind == "route":
        return translator(vocab.language)(route_reason(key))
    if kind == "measure":
        template = vocab.measurements.get(key, {}).get("reason", key + " {value}")
        return template.format(value=local_number(facts.measures[key], vocab.language))
    if kind == "trend":
        return vocab.trends.get(key, key)
    if kind == "flag":
        return _flag_reason(key, vitals, vocab.language)
    if kind == "region":
        return translator(vocab.language)(REGION_PREFIX) + _region_words(key, vocab.language)
    return key


def _flag_reason(key: str, vitals: VitalsResult, language: str) -> str:
    """A vital-sign flag's reason in ``language``, its numbers written as there ("39,5")."""
    if language == DEFAULT_LANGUAGE or key not in FLAG_REASONS or not vitals.values:
        return vitals.reasons.get(key, key.replace("_", " "))
    values = {
        k: local_number(v, language) if isinstance(v, int | float) else str(v)
        for k, v in vitals.values.items()
    }
    return translator(language)(FLAG_REASONS[key]).format(**values)


def _region_words(region: str, language: str) -> str:
    """The region a rule's reason names: the id's words in English ("groin (left)", as ever);
    the atlas's label, small-lettered, in another language ("ingle izquierda")."""
    if language != DEFAULT_LANGUAGE:
        atlas = load_atlas()
        if region in atlas.ids:
            return str(localise(lowered(Msg(atlas.region(region).label)), language))
    return region.replace("_left", " (left)").replace("_right", " (right)").replace("_", " ")


def _pick_rest(specs: Sequence[RestSpec], route: str | None) -> RestDays:
    """Most cautious of several rest specs: ``None`` (see a clinician) wins, else the longest."""
    values = [s.for_route(route) for s in specs]
    if any(v is None for v in values):
        return None
    return max((v for v in values if v is not None), default=0.0)


def evaluate_rule(
    rule: Rule, scope: Scope, vitals: VitalsResult, vocab: Vocabulary
) -> RuleMatch | None:
    """Apply one rule to a case; ``None`` when its ``when`` does not hold."""
    base = rule.when.test(scope)
    if base is None:
        return None
    evidence = list(base)
    because_extra: list[str] = []
    advice = list(rule.advice)
    rests: list[RestSpec] = []
    level = rule.level
    fired = [(esc, got) for esc in rule.escalations if (got := esc.when.test(scope)) is not None]
    # relief lowers the base level only when nothing sets a higher level; a "raise" still
    # applies on top of it, so it can never push a case below where it started
    if not any(esc.level is not None for esc, _ in fired):
        for relief in rule.relief:
            if relief.when.test(scope) is not None:
                level = relief.level
                because_extra.append(relief.because)
                if relief.rest_site_days is not None:
                    rests.append(relief.rest_site_days)
                break
    for esc, got in fired:
        evidence.extend(got)
        because_extra.append(esc.because)
        advice.extend(esc.advice)
        if esc.rest_site_days is not None:
            rests.append(esc.rest_site_days)
        if esc.level is not None:
            level = more_urgent(level, esc.level)
    raised = level
    for esc, _ in fired:
        if esc.raise_by:
            raised = more_urgent(raised, level_up(level, esc.raise_by, esc.max_level))
    level = raised
    if not rests:
        rests.append(rule.rest_site_days)
    if LEVEL_RANK[level] >= LEVEL_RANK["soon"]:
        # anything a clinician should see: do not use the site until they have
        rests = [RestSpec(None)]
    facts = scope.facts
    seen: dict[tuple[str, str], bool] = {}
    for kind, key, supporting in evidence:
        seen[(kind, key)] = seen.get((kind, key), True) and supporting
    because = [_evidence_text((k, key, s), facts, vitals, vocab) for (k, key), s in seen.items()]
    score = sum(1 for supporting in seen.values() if not supporting)
    if rule.less_likely_when is not None and rule.less_likely_when.test(scope) is not None:
        score -= 100  # ranks after the other conditions of the same level; the level stands
    return RuleMatch(
        rule=rule,
        level=level,
        because=tuple(dict.fromkeys(because + because_extra)),
        score=score,
        rest=RestSpec(_pick_rest(rests, facts.route)) if len(rests) > 1 else rests[0],
        advice=tuple(advice),
    )


def _run(
    case: Mapping[str, Any], rulebase: RuleBase
) -> tuple[Facts, VitalsResult, Scope, list[RuleMatch]]:
    vocab = load_vocabulary(rulebase.language)
    facts, vitals = normalise(case, vocab)
    scope = Scope(facts, rulebase)
    matches = [m for r in rulebase.rules if (m := evaluate_rule(r, scope, vitals, vocab))]
    order = vocab.condition_order
    matches.sort(
        key=lambda m: (-LEVEL_RANK[m.level], -m.score, order.get(m.rule.condition, 99), m.rule.id)
    )
    return facts, vitals, scope, matches


def match_rules(case: Mapping[str, Any], rulebase: RuleBase | None = None) -> list[RuleMatch]:
    """Every rule that matches ``case``, most urgent first."""
    return _run(case, rulebase or load_rulebase())[3]


def check_emergency_number(number: str) -> str:
    """Validate the configurable emergency number (911 by default; 112 and 999 are common)."""
    if not isinstance(number, str) or not _NUMBER_RE.match(number.strip()):
        raise InvalidInput(
            f"{number!r} is not a phone number sitecare can show.",
            field="emergency_number",
            suggestions=DOCUMENTED_EMERGENCY_NUMBERS,
        )
    return number.strip()


def assess(
    case: Mapping[str, Any],
    *,
    emergency_number: str = DEFAULT_EMERGENCY_NUMBER,
    floor: tuple[str, Sequence[str]] | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> dict[str, Any]:
    """Assess one case (``case.schema.json``) and return an assessment (``assessment.schema.json``).

    Keys: ``level``, ``conditions`` (``{id, level, because, name, rule_id}``, most urgent
    first), ``advice`` (for emergencies the first line says to call ``emergency_number``),
    ``rest_site_days`` (days, or ``None`` = not until a clinician has seen it), ``reasons``,
    plus ``headline``, ``emergency_number``, ``red_flags``, ``rule_ids``, ``help``,
    ``watch_for`` and, when vital signs were given, ``scores``. ``language`` (``"es"``)
    gives the texts in that language; ids, keys, levels and the number stay the same.

    ``floor`` is ``(level, because)`` from outside the case (a re-check that found the site
    worse than before): the leading condition is raised to at least that level, with those
    reasons, and the result is composed for the raised level. It never lowers anything.
    """
    number = check_emergency_number(emergency_number)
    rulebase = load_rulebase(language)
    facts, vitals, scope, matches = _run(case, rulebase)
    if floor is not None and matches:
        matches = _raised(matches, *floor)
    vocab = load_vocabulary(rulebase.language)
    return compose_assessment(matches, facts, vitals, vocab, rulebase, scope, number)


def _raised(matches: list[RuleMatch], level: str, because: Sequence[str]) -> list[RuleMatch]:
    """The matches with the leading one raised to at least ``level`` (a floor from outside)."""
    lead = matches[0]
    if LEVEL_RANK[lead.level] >= LEVEL_RANK[level]:
        return matches
    rest = RestSpec(None) if LEVEL_RANK[level] >= LEVEL_RANK["soon"] else lead.rest
    raised = replace(
        lead, level=level, because=tuple(dict.fromkeys((*because, *lead.because))), rest=rest
    )
    return [raised, *matches[1:]]


def explain(
    case: Mapping[str, Any], *, emergency_number: str = DEFAULT_EMERGENCY_NUMBER
) -> list[Line]:
    """Every line :func:`assess` shows for ``case``, with its section, tags and origin."""
    number = check_emergency_number(emergency_number)
    rulebase = load_rulebase()
    facts, _vitals, scope, matches = _run(case, rulebase)
    return compose_lines(matches, facts, load_vocabulary(), rulebase, scope, number)[1]


__all__ = [
    "DEFAULT_EMERGENCY_NUMBER",
    "DOCUMENTED_EMERGENCY_NUMBERS",
    "RuleMatch",
    "assess",
    "explain",
    "check_emergency_number",
    "evaluate_rule",
    "match_rules",
    "normalise",
]
