"""Load the rule base from package data, collecting every problem before failing.

``load_rulebase()`` parses ``data/rules/<category>/<RULE-ID>.yaml`` (or the JSON twins a
build wrote, where PyYAML is not there: see :mod:`sitecare.domain.yamlload`),
``data/triage/groups.yaml`` and how lines are put together (``composition.yaml`` and the
safety-net signs in ``safety_net.yaml``). Structural problems (missing keys, wrong types, unknown
condition keys) are gathered from all files and raised together as one
:class:`RuleLoadError`, each line naming the file, the line and the path inside it (line
numbers are worked out only for a file that has a problem: parsing every rule twice for them
was most of the load time without libyaml).
Vocabulary checks (do the ids exist?) live in :mod:`validators`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from sitecare.domain.errors import SitecareError
from sitecare.domain.language import DEFAULT_LANGUAGE, normalise_language
from sitecare.domain.triage._resources import iter_rule_files, read_text
from sitecare.domain.triage.i18n import translator, walk
from sitecare.domain.triage.model import (
    TARGETS,
    AdviceItem,
    Composition,
    Conflict,
    Escalation,
    Group,
    Mimic,
    Relief,
    RestSpec,
    Rule,
    SafetyNetSpec,
    Sign,
    Source,
    TagRule,
)
from sitecare.domain.triage.predicates import Predicate, Problems, compile_condition
from sitecare.domain.triage.vocab import LEVELS
from sitecare.domain.yamlload import DataError, is_json, parse

REQUIRED = (
    "id",
    "name",
    "title",
    "condition",
    "level",
    "when",
    "advice",
    "rest_site_days",
    "sources",
)
OPTIONAL = (
    "category",
    "status",
    "version",
    "description",
    "escalations",
    "relief",
    "safety_net",
    "mimics",
    "aliases",
    "related",
    "red_flag",
    "less_likely_when",
    "list_condition",
)
STATUSES = ("draft", "reviewed", "retired")
ADVICE_KEYS = {"text", "when", "tags", "now"}


class RuleLoadError(SitecareError):
    """The packaged rule base has problems; ``problems`` lists every one of them."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            f"The triage rules have {len(problems)} problem(s).", hint="\n".join(problems)
        )


@dataclass(frozen=True)
class RuleBase:
    rules: tuple[Rule, ...]
    groups: Mapping[str, Group]
    composition: Composition
    #: the language of its texts (``i18n.LANGUAGES``); ids are the same in every language
    language: str = "en"

    def by_id(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


_JSON_TOP_KEY = re.compile(r'^[ \t]?"((?:[^"\\]|\\.)*)"\s*:')


def _top_level_lines(text: str) -> dict[str, int]:
    """The line of each top-level key (for problem messages only: this parses the file again)."""
    if is_json(text):
        # builds write one key per line, top-level keys indented by at most one space
        lines: dict[str, int] = {}
        for number, line in enumerate(text.splitlines(), 1):
            match = _JSON_TOP_KEY.match(line)
            if match:
                lines.setdefault(json.loads(f'"{match.group(1)}"'), number)
        return lines
    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {
        str(k.value): k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)
    }


class _Reader:
    """Reads one rule file's mapping, recording problems as ``file:line: path: message``."""

    def __init__(self, file: str, text: str, problems: Problems) -> None:
        self.file = file
        self._text = text
        self._lines: dict[str, int] | None = None
        self.problems = problems

    @property
    def lines(self) -> dict[str, int]:
        if self._lines is None:
            self._lines = _top_level_lines(self._text)
        return self._lines

    def where(self, path: str) -> str:
        top = path.split(".")[0].split("[")[0]
        line = self.lines.get(top)
        return f"{self.file}:{line}: {path}" if line else f"{self.file}: {path}"

    def problem(self, path: str, message: str) -> None:
        self.problems.add(self.where(path), message)

    def text(self, raw: Mapping[str, Any], key: str, path: str, default: str | None = None) -> str:
        value = raw.get(key, default)
        if not isinstance(value, str) or not value.strip():
            self.problem(f"{path}{key}", "expected non-empty text")
            return ""
        return value.strip()

    def level(self, value: Any, path: str) -> str:
        if value not in LEVELS:
            self.problem(path, f"level must be one of {', '.join(LEVELS)}")
            return "routine"
        return str(value)

    def condition(self, raw: Any, path: str) -> Predicate:
        sub = Problems()
        predicate = compile_condition(raw, path, sub)
        for item in sub.items:
            inner_path, _, message = item.partition(": ")
            self.problem(inner_path, message)
        return predicate

    def rest(self, value: Any, path: str) -> RestSpec:
        if value is None or _is_number(value):
            return RestSpec(None if value is None else float(value))
        if isinstance(value, dict):
            by_route = value.get("by_route") or {}
            ok = isinstance(by_route, dict) and all(
                v is None or _is_number(v) for v in by_route.values()
            )
            default = value.get("default")
            if ok and (default is None or _is_number(default)):
                return RestSpec(
                    None if default is None else float(default),
                    {k: (None if v is None else float(v)) for k, v in by_route.items()},
                )
        self.problem(path, "expected a number of days, null, or {default, by_route}")
        return RestSpec(None)

    def advice(self, value: Any, path: str) -> tuple[AdviceItem, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(path, "expected a list of advice lines")
            return ()
        items: list[AdviceItem] = []
        for i, item in enumerate(value):
            here = f"{path}[{i}]"
            if isinstance(item, str) and item.strip():
                items.append(AdviceItem(item.strip()))
            elif isinstance(item, dict) and "text" in item and set(item) <= ADVICE_KEYS:
                tags = item.get("tags", [])
                if not (isinstance(tags, list) and all(isinstance(t, str) for t in tags)):
                    self.problem(f"{here}.tags", "expected a list of tag names")
                    tags = []
                if not isinstance(item.get("now", False), bool):
                    self.problem(f"{here}.now", "expected true or false")
                items.append(
                    AdviceItem(
                        self.text(item, "text", here + "."),
                        self.condition(item["when"], here + ".when") if "when" in item else None,
                        tuple(tags),
                        item.get("now") is True,
                    )
                )
            else:
                self.problem(here, "expected text, or {text, when?, tags?, now?}")
        return tuple(items)

    def safety_net(self, value: Any, path: str) -> SafetyNetSpec:
        if value is None:
            return SafetyNetSpec()
        if not isinstance(value, dict) or not set(value) <= {*TARGETS, "waiting"}:
            self.problem(path, f"expected a mapping of {', '.join(TARGETS)} and waiting")
            return SafetyNetSpec()
        signs: dict[str, tuple[str, ...]] = {}
        for target in TARGETS:
            ids = value.get(target) or []
            if not (isinstance(ids, list) and all(isinstance(x, str) for x in ids)):
                self.problem(f"{path}.{target}", "expected a list of sign ids")
                continue
            if ids:
                signs[target] = tuple(ids)
        return SafetyNetSpec(signs, self.advice(value.get("waiting"), f"{path}.waiting"))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0


def _parse_escalation(r: _Reader, raw: Any, path: str) -> Escalation | None:
    if not isinstance(raw, dict):
        r.problem(path, "expected a mapping")
        return None
    unknown = set(raw) - {
        "when",
        "level",
        "raise",
        "max_level",
        "because",
        "advice",
        "rest_site_days",
    }
    if unknown:
        r.problem(path, f"unknown keys {sorted(unknown)}")
    has_level, has_raise = "level" in raw, "raise" in raw
    if has_level == has_raise:
        r.problem(path, "give exactly one of `level` or `raise`")
    raise_by = raw.get("raise", 0)
    if has_raise and (not isinstance(raise_by, int) or isinstance(raise_by, bool) or raise_by < 1):
        r.problem(f"{path}.raise", "expected a whole number of levels, 1 or more")
        raise_by = 0
    return Escalation(
        when=r.condition(raw.get("when"), f"{path}.when"),
        because=r.text(raw, "because", f"{path}."),
        level=r.level(raw["level"], f"{path}.level") if has_level else None,
        raise_by=raise_by if has_raise else 0,
        max_level=r.level(raw.get("max_level", "urgent"), f"{path}.max_level"),
        advice=r.advice(raw.get("advice"), f"{path}.advice"),
        rest_site_days=(
            r.rest(raw["rest_site_days"], f"{path}.rest_site_days")
            if "rest_site_days" in raw
            else None
        ),
    )


def _parse_relief(r: _Reader, raw: Any, path: str) -> Relief | None:
    if not isinstance(raw, dict) or not {"when", "level", "because"} <= set(raw):
        r.problem(path, "expected {when, level, because}")
        return None
    return Relief(
        when=r.condition(raw["when"], f"{path}.when"),
        level=r.level(raw["level"], f"{path}.level"),
        because=r.text(raw, "because", f"{path}."),
        rest_site_days=(
            r.rest(raw["rest_site_days"], f"{path}.rest_site_days")
            if "rest_site_days" in raw
            else None
        ),
    )


def _list(r: _Reader, raw: Mapping[str, Any], key: str) -> list[Any]:
    value = raw.get(key) or []
    if not isinstance(value, list):
        r.problem(key, "expected a list")
        return []
    return value


def parse_rule(file: str, text: str, problems: Problems) -> Rule | None:
    """Parse one rule file; problems are added to ``problems``; None if it cannot be read."""
    try:
        raw = parse(text)
    except DataError as exc:
        problems.add(file, f"not valid YAML: {exc}")
        return None
    r = _Reader(file, text, problems)
    if not isinstance(raw, dict):
        problems.add(file, "a rule file must be a mapping")
        return None
    for key in REQUIRED:
        if key not in raw:
            r.problem(key, "is required")
    for key in sorted(set(raw) - set(REQUIRED) - set(OPTIONAL)):
        r.problem(key, "unknown key")
    status = raw.get("status", "draft")
    if status not in STATUSES:
        r.problem("status", f"must be one of {', '.join(STATUSES)}")
    version = raw.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool):
        r.problem("version", "expected a whole number")
        version = 1
    escalations = [
        _parse_escalation(r, item, f"escalations[{i}]")
        for i, item in enumerate(_list(r, raw, "escalations"))
    ]
    relief = [
        _parse_relief(r, item, f"relief[{i}]") for i, item in enumerate(_list(r, raw, "relief"))
    ]
    sources: list[Source] = []
    for i, item in enumerate(_list(r, raw, "sources")):
        ids = item.get("ids") if isinstance(item, dict) else None
        if not (isinstance(ids, list) and ids and all(isinstance(x, str) for x in ids)):
            r.problem(f"sources[{i}]", "expected {ids: [F1.2, S1], says: ...}")
            continue
        sources.append(Source(tuple(ids), r.text(item, "says", f"sources[{i}].")))
    mimics: list[Mimic] = []
    for i, item in enumerate(_list(r, raw, "mimics")):
        if not isinstance(item, dict) or not isinstance(item.get("note"), str):
            r.problem(f"mimics[{i}]", "expected {condition: ID, note: ...}")
            continue
        cond = item.get("condition")
        mimics.append(Mimic(item["note"].strip(), cond if isinstance(cond, str) else None))
    category = file.split("/")[0] if "/" in file else ""
    return Rule(
        id=str(raw.get("id", "")),
        name=str(raw.get("name", "")),
        title=r.text(raw, "title", ""),
        category=str(raw.get("category", category)),
        status=str(status),
        version=version,
        condition=str(raw.get("condition", "")),
        level=r.level(raw.get("level"), "level"),
        description=str(raw.get("description", "")).strip(),
        when=r.condition(raw.get("when"), "when"),
        escalations=tuple(e for e in escalations if e is not None),
        relief=tuple(x for x in relief if x is not None),
        advice=r.advice(raw.get("advice"), "advice"),
        safety_net=r.safety_net(raw.get("safety_net"), "safety_net"),
        rest_site_days=r.rest(raw.get("rest_site_days"), "rest_site_days"),
        sources=tuple(sources),
        mimics=tuple(mimics),
        file=file,
        red_flag=raw.get("red_flag") is True,
        less_likely_when=(
            r.condition(raw["less_likely_when"], "less_likely_when")
            if raw.get("less_likely_when") is not None
            else None
        ),
        list_condition=raw.get("list_condition", True) is not False,
    )


def parse_groups(
    text: str, problems: Problems, file: str = "triage/groups.yaml"
) -> dict[str, Group]:
    """Parse the named conditions shared by rules."""
    raw = parse(text)
    groups: dict[str, Group] = {}
    entries = raw.get("groups") if isinstance(raw, dict) else None
    if not isinstance(entries, dict):
        problems.add(file, "expected a `groups` mapping")
        return groups
    for name, body in entries.items():
        if not isinstance(body, dict) or "when" not in body:
            problems.add(f"{file}: {name}", "expected {when: ...}")
            continue
        predicate = compile_condition(body["when"], f"{file}: {name}.when", problems)
        groups[name] = Group(
            name,
            predicate,
            body.get("supporting") is True,
            str(body.get("description", "")).strip(),
        )
    return groups


def _items(r: _Reader, value: Any, path: str) -> tuple[AdviceItem, ...]:
    return r.advice(value, path)


def parse_composition(composition_text: str, signs_text: str, problems: Problems) -> Composition:
    """Parse how lines are put together and the safety-net signs (every problem is kept)."""
    comp = parse(composition_text) or {}
    net = parse(signs_text) or {}
    cr = _Reader("triage/composition.yaml", composition_text, problems)
    sr = _Reader("triage/safety_net.yaml", signs_text, problems)
    if not isinstance(comp, dict) or not isinstance(net, dict):
        problems.add("triage/composition.yaml", "expected mappings")
        comp, net = {}, {}
    conflicts: list[Conflict] = []
    for i, raw in enumerate(comp.get("conflicts") or []):
        tags = raw.get("tags") if isinstance(raw, dict) else None
        if not (
            isinstance(tags, list) and len(tags) == 2 and all(isinstance(t, str) for t in tags)
        ):
            cr.problem(f"conflicts[{i}]", "expected {tags: [a, b], prefer?: a, why?: ...}")
            continue
        prefer = raw.get("prefer")
        if prefer is not None and prefer not in tags:
            cr.problem(f"conflicts[{i}].prefer", "must be one of the two tags")
            prefer = None
        conflicts.append(Conflict((tags[0], tags[1]), prefer, str(raw.get("why", "")).strip()))
    tag_rules: dict[str, TagRule] = {}
    for name, raw in (comp.get("tags") or {}).items():
        if not isinstance(raw, dict):
            cr.problem(f"tags.{name}", "expected a mapping")
            continue
        max_level = raw.get("max_level")
        tag_rules[str(name)] = TagRule(
            applies_when=(
                cr.condition(raw["applies_when"], f"tags.{name}.applies_when")
                if "applies_when" in raw
                else None
            ),
            max_level=cr.level(max_level, f"tags.{name}.max_level") if max_level else None,
            description=str(raw.get("description", "")).strip(),
        )
    signs: dict[str, Sign] = {}
    for name, raw in (net.get("signs") or {}).items():
        if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
            sr.problem(f"signs.{name}", "expected {text, present?, worse?, when?}")
            continue
        signs[str(name)] = Sign(
            id=str(name),
            text=raw["text"].strip(),
            present=(
                sr.condition(raw["present"], f"signs.{name}.present") if "present" in raw else None
            ),
            worse=str(raw["worse"]).strip() if raw.get("worse") else None,
            when=sr.condition(raw["when"], f"signs.{name}.when") if "when" in raw else None,
        )
    templates = {str(k): str(v) for k, v in (net.get("templates") or {}).items()}
    for target in TARGETS:
        if "{sign}" not in templates.get(target, ""):
            sr.problem(f"templates.{target}", "expected a line with {sign}")
    defaults = {
        str(k): tuple(str(x) for x in v) for k, v in (net.get("defaults") or {}).items() if v
    }
    return Composition(
        conflicts=tuple(conflicts),
        tags=tag_rules,
        one_line=tuple(str(t) for t in comp.get("one_line") or ()),
        from_any_level=tuple(str(t) for t in comp.get("from_any_level") or ()),
        do_now_order=tuple(str(t) for t in comp.get("do_now_order") or ()),
        max_do_now=int(comp.get("max_do_now", 5)),
        reassuring_conditions=tuple(str(c) for c in comp.get("reassuring_conditions") or ()),
        templates=templates,
        default_signs=defaults,
        default_waiting=_items(sr, net.get("waiting"), "waiting"),
        emergency_lines=_items(cr, comp.get("emergency_lines"), "emergency_lines"),
        signs=signs,
    )


def parse_rulebase(
    files: Iterable[tuple[str, str]],
    groups_text: str,
    composition_text: str | None = None,
    signs_text: str | None = None,
) -> RuleBase:
    """Parse rule files, groups and composition; raise :class:`RuleLoadError` listing every problem.

    Without ``composition_text`` / ``signs_text`` the packaged ones are used.
    """
    problems = Problems()
    rules = [parse_rule(name, text, problems) for name, text in files]
    groups = parse_groups(groups_text, problems)
    if composition_text is None:
        composition_text = read_text("triage", "composition.yaml")
    if signs_text is None:
        signs_text = read_text("triage", "safety_net.yaml")
    composition = parse_composition(composition_text, signs_text, problems)
    if problems.items:
        raise RuleLoadError(problems.items)
    return RuleBase(tuple(r for r in rules if r is not None), groups, composition)


@cache
def load_rulebase(language: str = DEFAULT_LANGUAGE) -> RuleBase:
    """The packaged rule base, parsed once; its texts in ``language`` (``"es"``) when asked."""
    lang = normalise_language(language)
    if lang != DEFAULT_LANGUAGE:
        localized: RuleBase = walk(load_rulebase(), translator(lang))
        return replace(localized, language=lang)
    return parse_rulebase(iter_rule_files(), read_text("triage", "groups.yaml"))
