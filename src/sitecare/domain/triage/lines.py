"""The lines a person reads and the rules they follow: a line's tags must fit the case, of
two conflicting tags one side stays, "do now" lines in their order, and the safety net (every
sign of every matching rule, plus the defaults, for each target more urgent than the level,
never one the person already has, never cut). See :mod:`sitecare.domain.triage.compose`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sitecare.domain.triage.model import TARGETS, AdviceItem, Composition, RuleMatch
from sitecare.domain.triage.predicates import Scope
from sitecare.domain.triage.vocab import LEVEL_RANK

#: rank of each safety-net target: its lines show in results less urgent than it
TARGET_RANK = {"emergency": 4, "urgent": 3, "soon": 2, "recheck": 1}


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


def fill(text: str, number: str) -> str:
    return text.replace("{emergency_number}", number)


def holds(item: AdviceItem, scope: Scope) -> bool:
    return item.when is None or item.when.test(scope) is not None


def fits(tags: Iterable[str], level: str, comp: Composition, scope: Scope) -> bool:
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


def order_do_now(lines: list[Line], comp: Composition) -> list[Line]:
    rank = {t: i for i, t in enumerate(comp.do_now_order)}
    last = len(rank)

    def key(item: tuple[int, Line]) -> tuple[int, int]:
        n, line = item
        return (min((rank.get(t, last) for t in line.tags), default=last), n)

    return [line for _, line in sorted(enumerate(lines), key=key)]


def _waiting_lines(
    matches: Sequence[RuleMatch], scope: Scope, comp: Composition, number: str
) -> list[Line]:
    """An emergency's safety net: what to do while waiting for help."""
    lines: list[Line] = []
    waiting: list[tuple[AdviceItem, str]] = [
        (item, m.rule.id)
        for m in matches
        if m.level == "emergency"
        for item in m.rule.safety_net.waiting
    ]
    waiting += [(item, "") for item in comp.default_waiting]
    for item, rule_id in waiting:
        if holds(item, scope):
            lines.append(
                Line(fill(item.text, number), "safety_net", item.tags, "waiting", None, rule_id)
            )
    return lines


def safety_net_lines(
    level: str,
    matches: Sequence[RuleMatch],
    scope: Scope,
    comp: Composition,
    number: str,
) -> list[Line]:
    """The safety net of a result at ``level``: each sign once, under its most urgent target."""
    if level == "emergency":
        return _waiting_lines(matches, scope, comp, number)
    lines: list[Line] = []
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
            text = fill(template.replace("{sign}", words), number)
            lines.append(Line(text, "safety_net", (), target, sign_id, rule_id, words))
    return lines
