"""Lint the whole rule base: each check returns issues with a severity.

Checks: ids unique, well-formed and matching their file names; categories matching their
folders; every finding, context, route, trend, measurement, flag, region group and named
group that a rule refers to exists; levels valid and escalations really escalating;
sources present and well-formed; every vocabulary condition covered by at least one rule;
named groups free of cycles; every tag and safety-net sign known; and the wording of advice
lines matches their tags (later care is tagged ``later_care``, raising a limb
``elevate_limb``, harm-reduction services ``harm_reduction``, heat and cold ``heat`` /
``cold``), and no advice line states a rest figure (only the composed rest line does).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sitecare.domain.triage.loader import RuleBase, load_rulebase
from sitecare.domain.triage.model import AdviceItem, Rule
from sitecare.domain.triage.predicates import Predicate
from sitecare.domain.triage.vitals import FLAG_REASONS
from sitecare.domain.triage.vocab import LEVEL_RANK, MEASUREMENTS, Vocabulary, load_vocabulary

RULE_ID = re.compile(r"^[A-Z]{3}-\d{3}$")
SOURCE_ID = re.compile(r"^(F\d+\.\d+[a-z]?|S\d+|§\d+(\.\d+)?)$")


@dataclass(frozen=True)
class Issue:
    severity: str  # "error" or "warning"
    rule_id: str
    file: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.file} ({self.rule_id}): {self.message}"


def _items(rule: Rule) -> Iterator[tuple[str, AdviceItem]]:
    """Every advice line of a rule, with where it is in the file."""
    for i, item in enumerate(rule.advice):
        yield f"advice[{i}]", item
    for i, esc in enumerate(rule.escalations):
        for j, item in enumerate(esc.advice):
            yield f"escalations[{i}].advice[{j}]", item
    for i, item in enumerate(rule.safety_net.waiting):
        yield f"safety_net.waiting[{i}]", item


def _predicates(rule: Rule) -> Iterator[tuple[str, Predicate]]:
    yield "when", rule.when
    for i, esc in enumerate(rule.escalations):
        yield f"escalations[{i}].when", esc.when
    for i, rel in enumerate(rule.relief):
        yield f"relief[{i}].when", rel.when
    for where, item in _items(rule):
        if item.when is not None:
            yield f"{where}.when", item.when
    if rule.less_likely_when is not None:
        yield "less_likely_when", rule.less_likely_when


def _known(vocab: Vocabulary, rulebase: RuleBase) -> dict[str, set[str]]:
    return {
        "finding": set(vocab.findings),
        "context": set(vocab.context),
        "route": set(vocab.routes),
        "trend": set(vocab.trends),
        "measure": set(MEASUREMENTS),
        "flag": set(FLAG_REASONS),
        "region_group": set(vocab.region_groups),
        "group": set(rulebase.groups),
    }


def check_ids(rb: RuleBase, vocab: Vocabulary) -> Iterator[Issue]:
    counts = Counter(r.id for r in rb.rules)
    for rule in rb.rules:
        if counts[rule.id] > 1:
            yield Issue("error", rule.id, rule.file, "rule id is used by more than one file")
        if not RULE_ID.match(rule.id):
            yield Issue("error", rule.id, rule.file, "rule id must look like ABC-123")
        stem = rule.file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if stem != rule.id:
            yield Issue("error", rule.id, rule.file, f"file name {stem!r} does not match the id")
        folder = rule.file.split("/")[0] if "/" in rule.file else rule.category
        if rule.category != folder:
            yield Issue(
                "error",
                rule.id,
                rule.file,
                f"category {rule.category!r} is not the folder {folder!r}",
            )
        if not rule.name.startswith(rule.category + "."):
            yield Issue(
                "warning", rule.id, rule.file, "name should start with the category and a dot"
            )


def check_vocabulary(rb: RuleBase, vocab: Vocabulary) -> Iterator[Issue]:
    known = _known(vocab, rb)
    for rule in rb.rules:
        if rule.condition not in vocab.conditions:
            yield Issue("error", rule.id, rule.file, f"unknown condition {rule.condition!r}")
        for where, predicate in _predicates(rule):
            for kind, ident in predicate.refs():
                if ident not in known.get(kind, set()):
                    yield Issue("error", rule.id, rule.file, f"{where}: unknown {kind} {ident!r}")
        routes = set(rule.rest_site_days.by_route)
        for spec in [e.rest_site_days for e in rule.escalations] + [
            r.rest_site_days for r in rule.relief
        ]:
            if spec is not None:
                routes |= set(spec.by_route)
        for route in sorted(routes - known["route"]):
            yield Issue("error", rule.id, rule.file, f"rest_site_days: unknown route {route!r}")


def check_levels(rb: RuleBase, vocab: Vocabulary) -> Iterator[Issue]:
    for rule in rb.rules:
        base = LEVEL_RANK[rule.level]
        for i, esc in enumerate(rule.escalations):
            if esc.level is not None and LEVEL_RANK[esc.level] <= base and not rule.relief:
                yield Issue(
                    "error", rule.id, rule.file, f"escalations[{i}] does not raise the level"
                )
            if esc.raise_by and LEVEL_RANK[esc.max_level] <= base:
                yield Issue(
                    "error", rule.id, rule.file, f"escalations[{i}] max_level is not above the base"
                )
        for i, rel in enumerate(rule.relief):
            if LEVEL_RANK[rel.level] >= base:
                yield Issue("error", rule.id, rule.file, f"relief[{i}] must lower the level")
        if rule.red_flag and rule.level != "emergency":
            yield Issue("error", rule.id, rule.file, "a red-flag rule must be an emergency")


def check_sources(rb: RuleBase, vocab: Vocabulary) -> Iterator[Issue]:
    for rule in rb.rules:
        if not rule.sources:
            yield Issue("error", rule.id, rule.file, "every rule needs at least one source")
        for source in rule.sources:
            for ident in source.ids:
                if not SOURCE_ID.match(ident):
                    yield Issue(
                        "error",
                        rule.id,
                        rule.file,
                        f"source id {ident!r} is not F1.2, S12 or §10.7",
                    )
        if not rule.advice:
            yield Issue("error", rule.id, rule.file, "every rule needs advice")
        if rule.status == "reviewed" and not rule.mimics:
            yield Issue("error", rule.id, rule.file, "a reviewed rule needs mimics")


def check_coverage(rb: RuleBase, vocab: Vocabulary) -> Iterator[Issue]:
    covered = {r.condition for r in rb.rules}
    for condition in vocab.conditions:
        if condition not in covered:
            yield Issue("error", "-", "-", f"no rule suggests condition {condition!r}")


def check_groups(rb: RuleBase, vocab: Vocabulary) -> Iterator[Issue]:
    known = _known(vocab, rb)
    for name, group in rb.groups.items():
        for kind, ident in group.when.refs():
            if ident not in known.get(kind, set()):
                yield Issue("error", name, "triage/groups.yaml", f"unknown {kind} {ident!r}")
    for name in rb.groups:
        if _reaches(rb, name, name, set()):
            yield Issue("error", name, "triage/groups.yaml", "group refers to itself")


def _reaches(rb: RuleBase, start: str, target: str, seen: set[str]) -> bool:
    group = rb.groups.get(start)
    if group is None:
        return False
    for kind, ident in group.when.refs():
        if kind != "group" or ident in seen:
            continue
        if ident == target:
            return True
        seen.add(ident)
        if _reaches(rb, ident, target, seen):
            return True
    return False


#: words about care later on: never inside an emergency, so the line must be tagged
LATER_CARE = re.compile(
    r"\b(today|tomorrow|tonight|1-2 days|day or two|next few days|few hours|after \d+ days?|"
    r"within (a|\d+) (day|week)s?)\b",
    re.IGNORECASE,
)
#: wording that each needs its tag, so the composition rules can see the line
WORDING_TAGS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (LATER_CARE, ("later_care",)),
    (
        re.compile(
            r"\b(raise (it|the|your)|raising it|(keep|kept) it raised|legs raised|elevat)",
            re.IGNORECASE,
        ),
        ("elevate_limb", "keep_level", "lie_down"),
    ),
    (re.compile(r"harm-reduction|syringe service", re.IGNORECASE), ("harm_reduction",)),
    (re.compile(r"\b(warm,? damp|warm compress|heat)\b", re.IGNORECASE), ("heat", "no_heat")),
    (re.compile(r"cold pack", re.IGNORECASE), ("cold",)),
    (re.compile(r"\bnaloxone\b", re.IGNORECASE), ("naloxone",)),
)
#: a rest figure in an advice line ("rest ... 4 weeks", "do not reuse ... within 28 days")
REST_FIGURE = re.compile(r"\b(rest|reuse|re-use)\b[^.]*\b\d+\s*(day|week|month)s?", re.IGNORECASE)


def check_composition(rb: RuleBase, vocab: Vocabulary) -> Iterator[Issue]:
    comp = rb.composition
    known = comp.known_tags
    for rule in rb.rules:
        for where, item in _items(rule):
            for tag in item.tags:
                if tag not in known:
                    yield Issue("error", rule.id, rule.file, f"{where}: unknown tag {tag!r}")
            for pattern, tags in WORDING_TAGS:
                # naloxone facts in care lines need no tag; only lines telling someone to give it
                if pattern.search(item.text) and not set(tags) & set(item.tags):
                    if tags == ("naloxone",) and not item.now:
                        continue
                    yield Issue(
                        "error",
                        rule.id,
                        rule.file,
                        f"{where}: {item.text!r} needs one of the tags {', '.join(tags)}",
                    )
            if REST_FIGURE.search(item.text):
                yield Issue(
                    "error",
                    rule.id,
                    rule.file,
                    f"{where}: say how long to rest through rest_site_days, not in advice",
                )
        for target, ids in rule.safety_net.signs.items():
            for sign in ids:
                if sign not in comp.signs:
                    yield Issue(
                        "error", rule.id, rule.file, f"safety_net.{target}: unknown sign {sign!r}"
                    )
    for ids in comp.default_signs.values():
        for sign in ids:
            if sign not in comp.signs:
                yield Issue("error", "-", "triage/safety_net.yaml", f"defaults: unknown {sign!r}")
    for cid in comp.reassuring_conditions:
        if cid not in vocab.conditions:
            yield Issue(
                "error", "-", "triage/composition.yaml", f"unknown reassuring condition {cid!r}"
            )


CHECKS: tuple[Callable[[RuleBase, Vocabulary], Iterator[Issue]], ...] = (
    check_ids,
    check_vocabulary,
    check_levels,
    check_sources,
    check_coverage,
    check_groups,
    check_composition,
)


def validate_rulebase(
    rulebase: RuleBase | None = None, vocab: Vocabulary | None = None
) -> list[Issue]:
    """Every issue in the rule base (empty when it is clean)."""
    rb = rulebase or load_rulebase()
    vc = vocab or load_vocabulary()
    return [issue for check in CHECKS for issue in check(rb, vc)]
