"""Rules as data: the frozen dataclasses a rule file is loaded into."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sitecare.domain.triage.predicates import Predicate

RestDays = float | None  # None = "not until a clinician has seen it"


@dataclass(frozen=True)
class RestSpec:
    """How long to rest the site: a default, optionally different per route."""

    default: RestDays
    by_route: Mapping[str, RestDays] = field(default_factory=dict)

    def for_route(self, route: str | None) -> RestDays:
        if route is not None and route in self.by_route:
            return self.by_route[route]
        return self.default


@dataclass(frozen=True)
class AdviceItem:
    """One line of advice, shown only when its condition (if any) holds.

    ``tags`` name what the line tells the person to do (``heat``, ``cold``, ``elevate_limb``,
    ``naloxone`` ...); ``data/triage/composition.yaml`` says which tags conflict, where a tag
    applies and the order of the "do this now" lines. ``now`` puts the line in ``do_now``.
    """

    text: str
    when: Predicate | None = None
    tags: tuple[str, ...] = ()
    now: bool = False


#: safety-net targets, most urgent first: what to do when a sign appears
TARGETS = ("emergency", "urgent", "soon", "recheck")


@dataclass(frozen=True)
class SafetyNetSpec:
    """A rule's safety net: the signs (ids in safety_net.yaml) that mean getting help sooner.

    ``signs`` maps a target (``emergency``: call now, ``urgent``: care today, ``soon``: see
    a clinician, ``recheck``: do the check again) to sign ids; ``waiting`` are lines for an
    emergency, while help is on its way.
    """

    signs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    waiting: tuple[AdviceItem, ...] = ()


@dataclass(frozen=True)
class Sign:
    """One sign to watch for: its words, when it applies, and when the person already has it."""

    id: str
    text: str
    #: the sign is already present: drop the line, or show ``worse`` instead
    present: Predicate | None = None
    worse: str | None = None
    #: the sign only applies when this holds (for example on a blood thinner)
    when: Predicate | None = None


@dataclass(frozen=True)
class Conflict:
    """Two sides that never stand in one result; ``prefer`` wins, else the first line seen."""

    tags: tuple[str, str]
    prefer: str | None = None
    why: str = ""


@dataclass(frozen=True)
class TagRule:
    """Where a tag's lines apply: a condition on the case, and the most urgent level."""

    applies_when: Predicate | None = None
    #: lines with this tag are left out of results more urgent than this level
    max_level: str | None = None
    description: str = ""


@dataclass(frozen=True)
class Composition:
    """How an assessment's lines are put together (``data/triage/composition.yaml``)."""

    conflicts: tuple[Conflict, ...]
    tags: Mapping[str, TagRule]
    one_line: tuple[str, ...]
    from_any_level: tuple[str, ...]
    do_now_order: tuple[str, ...]
    max_do_now: int
    reassuring_conditions: tuple[str, ...]
    templates: Mapping[str, str]
    default_signs: Mapping[str, tuple[str, ...]]
    default_waiting: tuple[AdviceItem, ...]
    emergency_lines: tuple[AdviceItem, ...]
    signs: Mapping[str, Sign]

    @property
    def known_tags(self) -> frozenset[str]:
        """Every tag the composition knows (a rule using another is a lint error)."""
        return frozenset(
            {*self.do_now_order, *self.tags, *self.one_line, *self.from_any_level}
            | {t for c in self.conflicts for t in c.tags}
        )


@dataclass(frozen=True)
class Escalation:
    """What raises a rule's level: to ``level``, or ``raise_by`` steps capped at ``max_level``."""

    when: Predicate
    because: str
    level: str | None = None
    raise_by: int = 0
    max_level: str = "urgent"
    advice: tuple[AdviceItem, ...] = ()
    rest_site_days: RestSpec | None = None


@dataclass(frozen=True)
class Relief:
    """What lowers a rule's base level (only when no escalation applies)."""

    when: Predicate
    level: str
    because: str
    rest_site_days: RestSpec | None = None


@dataclass(frozen=True)
class Source:
    ids: tuple[str, ...]
    says: str


@dataclass(frozen=True)
class Mimic:
    note: str
    condition: str | None = None


@dataclass(frozen=True)
class Rule:
    """One rule file: a condition, when it is suggested, how urgent, and what to do."""

    id: str
    name: str
    title: str
    category: str
    status: str
    version: int
    condition: str
    level: str
    description: str
    when: Predicate
    escalations: tuple[Escalation, ...]
    relief: tuple[Relief, ...]
    advice: tuple[AdviceItem, ...]
    safety_net: SafetyNetSpec
    rest_site_days: RestSpec
    sources: tuple[Source, ...]
    mimics: tuple[Mimic, ...]
    file: str
    red_flag: bool = False
    #: when this holds, the condition is ranked below others of the same level (never the level)
    less_likely_when: Predicate | None = None
    #: false: the rule sets a level and advice but does not name its condition as likely
    list_condition: bool = True


@dataclass(frozen=True)
class Group:
    name: str
    when: Predicate
    supporting: bool
    description: str


@dataclass(frozen=True)
class RuleMatch:
    """One rule that matched a case, with the level it gives and why."""

    rule: Rule
    level: str
    because: tuple[str, ...]
    score: int
    rest: RestSpec
    advice: tuple[AdviceItem, ...]
