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
    """One line of advice, shown only when its condition (if any) holds."""

    text: str
    when: Predicate | None = None


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
    watch_for: tuple[AdviceItem, ...]
    rest_site_days: RestSpec
    sources: tuple[Source, ...]
    mimics: tuple[Mimic, ...]
    file: str
    red_flag: bool = False
    #: when this holds, the condition is ranked below others of the same level (never the level)
    less_likely_when: Predicate | None = None


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
