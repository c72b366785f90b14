"""Load the rule base from package data, collecting every problem before failing.

``load_rulebase()`` parses ``data/rules/<category>/<RULE-ID>.yaml`` (or the JSON twins a
build wrote, where PyYAML is not there: see :mod:`sitecare.domain.yamlload`),
``data/triage/groups.yaml`` and how lines are put together (``composition.yaml`` and the
safety-net signs in ``safety_net.yaml``). Structural problems (missing keys, wrong types, unknown
condition keys) are gathered from all files and raised together as one
:class:`RuleLoadError`, each line naming the file, the line and the path inside it (line
numbers are worked out only for a file that has a problem: parsing every rule twice for them
was most of the load time without libyaml).
One rule file is read in :mod:`rule_parser` (with :mod:`rule_reader`), composition and
signs in :mod:`composition_parser`. Vocabulary checks (do the ids exist?) live in
:mod:`validators`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache

from sitecare.domain.errors import SitecareError
from sitecare.domain.language import DEFAULT_LANGUAGE, normalise_language
from sitecare.domain.triage._resources import iter_rule_files, read_text
from sitecare.domain.triage.composition_parser import parse_composition
from sitecare.domain.triage.i18n import translator, walk
from sitecare.domain.triage.model import Composition, Group, Rule
from sitecare.domain.triage.predicates import Problems, compile_condition
from sitecare.domain.triage.rule_parser import parse_rule
from sitecare.domain.yamlload import parse

__all__ = [
    "RuleBase",
    "RuleLoadError",
    "load_rulebase",
    "parse_composition",
    "parse_groups",
    "parse_rule",
    "parse_rulebase",
]


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
