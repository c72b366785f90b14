"""The small condition language of rule files (``when:``), compiled and evaluated.

A condition is a mapping with exactly one key::

    all: [cond, ...]            every part holds
    any: [cond, ...]            at least one part holds
    not: cond                   the part does not hold
    finding: ID                 the finding was reported
    findings_any: [ID, ...]     at least one of them
    findings_all: [ID, ...]     all of them
    findings_count: {min: N, of: [ID, ...]}
    context: ID / context_any: [ID, ...]
    route: [ROUTE, ...]         the case names one of these routes
    region_group: NAME          the region is in this group (vocabulary.yaml)
    no_region: true             the case names no region
    measure: {field: NAME, gt|gte|lt|lte: NUMBER}   (a missing measurement never matches)
    trend: [TREND, ...]         redness_trend is one of these
    flag: NAME / flags_any: [NAME, ...]   derived from vital signs (see vitals.py)
    group: NAME                 a named condition from groups.yaml

Evaluating returns the evidence (which findings, contexts, measurements ... made it
true) or ``None`` when it does not hold. Everything here is pure.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

Evidence = tuple[str, str, bool]  # (kind, key, supporting)
Result = tuple[Evidence, ...] | None


@dataclass(frozen=True)
class Facts:
    """A case, normalised for rule evaluation."""

    findings: frozenset[str]
    context: frozenset[str]
    route: str | None
    region: str | None
    region_groups: frozenset[str]
    measures: Mapping[str, float]
    trend: str | None
    flags: frozenset[str]


class Scope(Protocol):
    """What a predicate needs besides the facts: named groups (with a per-case cache)."""

    facts: Facts

    def group(self, name: str) -> Result: ...


class Predicate(Protocol):
    def test(self, scope: Scope) -> Result: ...

    def refs(self) -> Iterator[tuple[str, str]]:
        """Every ``(kind, id)`` this condition refers to, for the rule-base validators."""
        ...


@dataclass(frozen=True)
class All:
    parts: tuple[Predicate, ...]

    def test(self, scope: Scope) -> Result:
        evidence: list[Evidence] = []
        for part in self.parts:
            got = part.test(scope)
            if got is None:
                return None
            evidence.extend(got)
        return tuple(evidence)

    def refs(self) -> Iterator[tuple[str, str]]:
        for part in self.parts:
            yield from part.refs()


@dataclass(frozen=True)
class Any_:
    parts: tuple[Predicate, ...]

    def test(self, scope: Scope) -> Result:
        evidence: list[Evidence] = []
        matched = False
        for part in self.parts:
            got = part.test(scope)
            if got is not None:
                matched = True
                evidence.extend(got)
        return tuple(evidence) if matched else None

    def refs(self) -> Iterator[tuple[str, str]]:
        for part in self.parts:
            yield from part.refs()


@dataclass(frozen=True)
class Not:
    part: Predicate

    def test(self, scope: Scope) -> Result:
        return () if self.part.test(scope) is None else None

    def refs(self) -> Iterator[tuple[str, str]]:
        yield from self.part.refs()


@dataclass(frozen=True)
class Findings:
    ids: tuple[str, ...]
    minimum: int  # how many of ``ids`` must be present

    def test(self, scope: Scope) -> Result:
        present = [f for f in self.ids if f in scope.facts.findings]
        if len(present) < self.minimum:
            return None
        return tuple(("finding", f, False) for f in present)

    def refs(self) -> Iterator[tuple[str, str]]:
        for f in self.ids:
            yield ("finding", f)


@dataclass(frozen=True)
class Context:
    ids: tuple[str, ...]

    def test(self, scope: Scope) -> Result:
        present = [c for c in self.ids if c in scope.facts.context]
        return tuple(("context", c, False) for c in present) if present else None

    def refs(self) -> Iterator[tuple[str, str]]:
        for c in self.ids:
            yield ("context", c)


@dataclass(frozen=True)
class Route:
    routes: tuple[str, ...]

    def test(self, scope: Scope) -> Result:
        route = scope.facts.route
        return (("route", route, False),) if route in self.routes and route else None

    def refs(self) -> Iterator[tuple[str, str]]:
        for r in self.routes:
            yield ("route", r)


@dataclass(frozen=True)
class RegionGroup:
    name: str

    def test(self, scope: Scope) -> Result:
        if self.name in scope.facts.region_groups and scope.facts.region:
            return (("region", scope.facts.region, False),)
        return None

    def refs(self) -> Iterator[tuple[str, str]]:
        yield ("region_group", self.name)


@dataclass(frozen=True)
class NoRegion:
    def test(self, scope: Scope) -> Result:
        return () if not scope.facts.region else None

    def refs(self) -> Iterator[tuple[str, str]]:
        return iter(())


_OPS: Mapping[str, Callable[[float, float], bool]] = {
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


@dataclass(frozen=True)
class Measure:
    field: str
    bounds: tuple[tuple[str, float], ...]

    def test(self, scope: Scope) -> Result:
        value = scope.facts.measures.get(self.field)
        if value is None:
            return None
        if all(_OPS[op](value, limit) for op, limit in self.bounds):
            return (("measure", self.field, False),)
        return None

    def refs(self) -> Iterator[tuple[str, str]]:
        yield ("measure", self.field)


@dataclass(frozen=True)
class Trend:
    trends: tuple[str, ...]

    def test(self, scope: Scope) -> Result:
        trend = scope.facts.trend
        return (("trend", trend, False),) if trend and trend in self.trends else None

    def refs(self) -> Iterator[tuple[str, str]]:
        for t in self.trends:
            yield ("trend", t)


@dataclass(frozen=True)
class Flags:
    names: tuple[str, ...]

    def test(self, scope: Scope) -> Result:
        present = [n for n in self.names if n in scope.facts.flags]
        return tuple(("flag", n, False) for n in present) if present else None

    def refs(self) -> Iterator[tuple[str, str]]:
        for n in self.names:
            yield ("flag", n)


@dataclass(frozen=True)
class GroupRef:
    name: str

    def test(self, scope: Scope) -> Result:
        return scope.group(self.name)

    def refs(self) -> Iterator[tuple[str, str]]:
        yield ("group", self.name)


@dataclass
class Problems:
    """Collects every problem found while compiling, with where it was found."""

    items: list[str] = field(default_factory=list)

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}")


def _id_list(value: Any, where: str, problems: Problems) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return tuple(value)
    problems.add(where, "expected an id or a non-empty list of ids")
    return ()


def compile_condition(raw: Any, where: str, problems: Problems) -> Predicate:
    """Turn one raw ``when`` mapping into a predicate; report problems instead of raising."""
    if not isinstance(raw, dict) or len(raw) != 1:
        problems.add(where, "a condition must be a mapping with exactly one key")
        return All(())
    ((key, value),) = raw.items()
    here = f"{where}.{key}"
    if key in ("all", "any"):
        if not isinstance(value, list) or not value:
            problems.add(here, "expected a non-empty list of conditions")
            return All(())
        parts = tuple(compile_condition(v, f"{here}[{i}]", problems) for i, v in enumerate(value))
        return All(parts) if key == "all" else Any_(parts)
    if key == "not":
        return Not(compile_condition(value, here, problems))
    if key in ("finding", "findings_any"):
        return Findings(_id_list(value, here, problems), 1)
    if key == "findings_all":
        ids = _id_list(value, here, problems)
        return Findings(ids, len(ids))
    if key == "findings_count":
        if not isinstance(value, dict) or not isinstance(value.get("min"), int):
            problems.add(here, "expected {min: N, of: [ids]}")
            return All(())
        return Findings(_id_list(value.get("of"), f"{here}.of", problems), value["min"])
    if key in ("context", "context_any"):
        return Context(_id_list(value, here, problems))
    if key == "route":
        return Route(_id_list(value, here, problems))
    if key == "region_group":
        return RegionGroup(str(value))
    if key == "no_region":
        if value is not True:
            problems.add(here, "no_region only takes `true`")
        return NoRegion()
    if key == "measure":
        return _compile_measure(value, here, problems)
    if key == "trend":
        return Trend(_id_list(value, here, problems))
    if key in ("flag", "flags_any"):
        return Flags(_id_list(value, here, problems))
    if key == "group":
        return GroupRef(str(value))
    problems.add(here, f"unknown condition key {key!r}")
    return All(())


def _compile_measure(value: Any, where: str, problems: Problems) -> Predicate:
    if not isinstance(value, dict) or not isinstance(value.get("field"), str):
        problems.add(where, "expected {field: NAME, gt|gte|lt|lte: NUMBER}")
        return All(())
    bounds: list[tuple[str, float]] = []
    for op, limit in value.items():
        if op == "field":
            continue
        if op not in _OPS or isinstance(limit, bool) or not isinstance(limit, int | float):
            problems.add(where, f"{op!r} must be one of gt, gte, lt, lte with a number")
            continue
        bounds.append((op, float(limit)))
    if not bounds:
        problems.add(where, "give at least one of gt, gte, lt, lte")
    return Measure(value["field"], tuple(bounds))
