"""Reading one rule file's mapping: typed values, with every problem recorded as
``file:line: path: message`` (the line worked out only for a file that has a problem)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from sitecare.domain.triage.model import TARGETS, AdviceItem, RestSpec, SafetyNetSpec
from sitecare.domain.triage.predicates import Predicate, Problems, compile_condition
from sitecare.domain.triage.vocab import LEVELS
from sitecare.domain.yamlload import is_json

ADVICE_KEYS = {"text", "when", "tags", "now"}


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


class Reader:
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
        if value is None or is_number(value):
            return RestSpec(None if value is None else float(value))
        if isinstance(value, dict):
            by_route = value.get("by_route") or {}
            ok = isinstance(by_route, dict) and all(
                v is None or is_number(v) for v in by_route.values()
            )
            default = value.get("default")
            if ok and (default is None or is_number(default)):
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


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0
