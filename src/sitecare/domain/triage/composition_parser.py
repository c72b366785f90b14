"""How lines are put together (``data/triage/composition.yaml``) and the safety-net signs
(``data/triage/safety_net.yaml``) -> a :class:`Composition`, every problem recorded."""

from __future__ import annotations

from typing import Any

from sitecare.domain.triage.model import TARGETS, AdviceItem, Composition, Conflict, Sign, TagRule
from sitecare.domain.triage.predicates import Problems
from sitecare.domain.triage.rule_reader import Reader
from sitecare.domain.yamlload import parse


def _items(r: Reader, value: Any, path: str) -> tuple[AdviceItem, ...]:
    return r.advice(value, path)


def _conflicts(cr: Reader, comp: dict[str, Any]) -> list[Conflict]:
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
    return conflicts


def _tag_rules(cr: Reader, comp: dict[str, Any]) -> dict[str, TagRule]:
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
    return tag_rules


def _signs(sr: Reader, net: dict[str, Any]) -> dict[str, Sign]:
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
    return signs


def _templates(sr: Reader, net: dict[str, Any]) -> dict[str, str]:
    templates = {str(k): str(v) for k, v in (net.get("templates") or {}).items()}
    for target in TARGETS:
        if "{sign}" not in templates.get(target, ""):
            sr.problem(f"templates.{target}", "expected a line with {sign}")
    return templates


def parse_composition(composition_text: str, signs_text: str, problems: Problems) -> Composition:
    """Parse how lines are put together and the safety-net signs (every problem is kept)."""
    comp = parse(composition_text) or {}
    net = parse(signs_text) or {}
    cr = Reader("triage/composition.yaml", composition_text, problems)
    sr = Reader("triage/safety_net.yaml", signs_text, problems)
    if not isinstance(comp, dict) or not isinstance(net, dict):
        problems.add("triage/composition.yaml", "expected mappings")
        comp, net = {}, {}
    conflicts = _conflicts(cr, comp)
    tag_rules = _tag_rules(cr, comp)
    signs = _signs(sr, net)
    templates = _templates(sr, net)
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
