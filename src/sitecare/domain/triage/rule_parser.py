"""One rule file (``data/rules/<category>/<RULE-ID>.yaml``) -> a :class:`Rule`, every problem
recorded (see :mod:`sitecare.domain.triage.loader`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sitecare.domain.triage.model import Escalation, Mimic, Relief, Rule, Source
from sitecare.domain.triage.predicates import Problems
from sitecare.domain.triage.rule_reader import Reader
from sitecare.domain.yamlload import DataError, parse

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


def _parse_escalation(r: Reader, raw: Any, path: str) -> Escalation | None:
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


def _parse_relief(r: Reader, raw: Any, path: str) -> Relief | None:
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


def _list(r: Reader, raw: Mapping[str, Any], key: str) -> list[Any]:
    value = raw.get(key) or []
    if not isinstance(value, list):
        r.problem(key, "expected a list")
        return []
    return value


def _check_keys(r: Reader, raw: Mapping[str, Any]) -> None:
    for key in REQUIRED:
        if key not in raw:
            r.problem(key, "is required")
    for key in sorted(set(raw) - set(REQUIRED) - set(OPTIONAL)):
        r.problem(key, "unknown key")


def _status_and_version(r: Reader, raw: Mapping[str, Any]) -> tuple[Any, int]:
    status = raw.get("status", "draft")
    if status not in STATUSES:
        r.problem("status", f"must be one of {', '.join(STATUSES)}")
    version = raw.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool):
        r.problem("version", "expected a whole number")
        version = 1
    return status, version


def _sources(r: Reader, raw: Mapping[str, Any]) -> list[Source]:
    sources: list[Source] = []
    for i, item in enumerate(_list(r, raw, "sources")):
        ids = item.get("ids") if isinstance(item, dict) else None
        if not (isinstance(ids, list) and ids and all(isinstance(x, str) for x in ids)):
            r.problem(f"sources[{i}]", "expected {ids: [F1.2, S1], says: ...}")
            continue
        sources.append(Source(tuple(ids), r.text(item, "says", f"sources[{i}].")))
    return sources


def _mimics(r: Reader, raw: Mapping[str, Any]) -> list[Mimic]:
    mimics: list[Mimic] = []
    for i, item in enumerate(_list(r, raw, "mimics")):
        if not isinstance(item, dict) or not isinstance(item.get("note"), str):
            r.problem(f"mimics[{i}]", "expected {condition: ID, note: ...}")
            continue
        cond = item.get("condition")
        mimics.append(Mimic(item["note"].strip(), cond if isinstance(cond, str) else None))
    return mimics


def _read(file: str, text: str, problems: Problems) -> dict[str, Any] | None:
    """The file's mapping, or None (with the problem added) when it is not one."""
    try:
        raw = parse(text)
    except DataError as exc:
        problems.add(file, f"not valid YAML: {exc}")
        return None
    if not isinstance(raw, dict):
        problems.add(file, "a rule file must be a mapping")
        return None
    return raw


def parse_rule(file: str, text: str, problems: Problems) -> Rule | None:
    """Parse one rule file; problems are added to ``problems``; None if it cannot be read."""
    raw = _read(file, text, problems)
    if raw is None:
        return None
    r = Reader(file, text, problems)
    _check_keys(r, raw)
    status, version = _status_and_version(r, raw)
    escalations = [
        _parse_escalation(r, item, f"escalations[{i}]")
        for i, item in enumerate(_list(r, raw, "escalations"))
    ]
    relief = [
        _parse_relief(r, item, f"relief[{i}]") for i, item in enumerate(_list(r, raw, "relief"))
    ]
    sources, mimics = _sources(r, raw), _mimics(r, raw)
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
