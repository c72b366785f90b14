"""The triage vocabulary (finding, context, condition, level and route ids) as data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Final

from sitecare.domain.language import DEFAULT_LANGUAGE, normalise_language
from sitecare.domain.routes import ROUTES
from sitecare.domain.triage._resources import load_yaml
from sitecare.domain.triage.i18n import translator, walk_vocabulary_section

#: triage levels, most urgent first
LEVELS: Final = ("emergency", "urgent", "soon", "self_care", "routine")
#: higher number = more urgent
LEVEL_RANK: Final[Mapping[str, int]] = {
    "routine": 0,
    "self_care": 1,
    "soon": 2,
    "urgent": 3,
    "emergency": 4,
}
#: the measurements a rule may compare (case fields holding numbers)
MEASUREMENTS: Final = (
    "redness_diameter_cm",
    "lump_diameter_cm",
    "wound_diameter_cm",
    "hours_since_injection",
    "days_present",
)
TRENDS: Final = ("spreading_fast", "spreading", "stable", "shrinking", "unknown")


def more_urgent(a: str, b: str) -> str:
    """The more urgent of two levels."""
    return a if LEVEL_RANK[a] >= LEVEL_RANK[b] else b


def level_up(level: str, steps: int, cap: str) -> str:
    """``level`` raised by ``steps`` but not above ``cap`` (and never lowered)."""
    by_rank = {rank: name for name, rank in LEVEL_RANK.items()}
    raised = min(LEVEL_RANK[level] + steps, LEVEL_RANK[cap])
    return by_rank[max(raised, LEVEL_RANK[level])]


@dataclass(frozen=True)
class LevelLook:
    """A level as shown: ``label`` (its words), ``icon`` beside them on a page (decoration),
    ``text_icon`` in a terminal."""

    label: str
    icon: str
    text_icon: str


def level_looks() -> Mapping[str, LevelLook]:
    """level -> how it is shown, most urgent first (from the packaged vocabulary)."""
    vocab = load_vocabulary()
    return {level: vocab.level_look(level) for level in LEVELS}


@dataclass(frozen=True)
class Vocabulary:
    """Ids and their plain-language texts, loaded from ``data/triage/vocabulary.yaml``."""

    findings: Mapping[str, Mapping[str, str]]
    context: Mapping[str, Mapping[str, str]]
    conditions: Mapping[str, Mapping[str, str]]
    levels: Mapping[str, Mapping[str, str]]
    routes: tuple[str, ...]
    measurements: Mapping[str, Mapping[str, str]]
    trends: Mapping[str, str]
    region_groups: Mapping[str, tuple[str, ...]]
    #: the language of its texts; ids are the same in every language
    language: str = "en"

    @property
    def condition_order(self) -> Mapping[str, int]:
        """Tie-break order of conditions (as listed in the vocabulary file)."""
        return {cid: i for i, cid in enumerate(self.conditions)}

    def finding_reason(self, finding: str) -> str:
        return self.findings.get(finding, {}).get("reason", finding.replace("_", " "))

    def context_reason(self, context: str) -> str:
        return self.context.get(context, {}).get("reason", context.replace("_", " "))

    def level_look(self, level: str) -> LevelLook:
        """How a level is shown: its label and icons (``levels`` in the vocabulary)."""
        words = self.levels[level]
        return LevelLook(words["label"], words["icon"], words["text_icon"])

    def condition_name(self, condition: str) -> str:
        return self.conditions.get(condition, {}).get("name", condition.replace("_", " "))

    def region_groups_of(self, region: str | None) -> frozenset[str]:
        """Names of the region groups a region id (``groin_left``) belongs to."""
        if not region:
            return frozenset()
        base = region_base(region)
        return frozenset(
            name
            for name, bases in self.region_groups.items()
            if any(base == b or base.startswith(b + "_") for b in bases)
        )


def region_base(region: str) -> str:
    """``groin_left`` -> ``groin``; ``face`` -> ``face``."""
    for suffix in ("_left", "_right"):
        if region.endswith(suffix):
            return region[: -len(suffix)]
    return region


def _mapping(raw: Any, key: str) -> dict[str, Any]:
    value = raw.get(key) or {}
    if not isinstance(value, dict):
        raise ValueError(f"vocabulary.yaml: {key} must be a mapping")
    return value


@cache
def load_vocabulary(language: str = DEFAULT_LANGUAGE) -> Vocabulary:
    """The packaged vocabulary (parsed once); its shown texts in ``language`` when asked."""
    lang = normalise_language(language)
    if lang != DEFAULT_LANGUAGE:
        return localize_vocabulary(load_vocabulary(), lang)
    raw = load_yaml("triage", "vocabulary.yaml")
    return Vocabulary(
        findings=_mapping(raw, "findings"),
        context=_mapping(raw, "context"),
        conditions=_mapping(raw, "conditions"),
        levels=_mapping(raw, "levels"),
        routes=(*ROUTES, "unknown"),
        measurements=_mapping(raw, "measurements"),
        trends=_mapping(raw, "trends"),
        region_groups={k: tuple(v) for k, v in _mapping(raw, "region_groups").items()},
    )


def localize_vocabulary(vocab: Vocabulary, language: str) -> Vocabulary:
    """``vocab`` with the texts a result shows (:data:`i18n.VOCAB_KEYS`) in ``language``."""
    tr = translator(language)
    return replace(
        vocab,
        findings=walk_vocabulary_section(vocab.findings, tr),
        context=walk_vocabulary_section(vocab.context, tr),
        conditions=walk_vocabulary_section(vocab.conditions, tr),
        levels=walk_vocabulary_section(vocab.levels, tr),
        measurements=walk_vocabulary_section(vocab.measurements, tr),
        trends=walk_vocabulary_section(vocab.trends, tr),
        language=language,
    )


def vocabulary_texts(vocab: Vocabulary) -> list[str]:
    """Every text of ``vocab`` that a result can show (what a catalog must translate)."""
    seen: dict[str, None] = {}

    def note(text: str) -> str:
        seen.setdefault(text, None)
        return text

    for section in (vocab.findings, vocab.context, vocab.conditions, vocab.levels):
        walk_vocabulary_section(section, note)
    walk_vocabulary_section(vocab.measurements, note)
    walk_vocabulary_section(vocab.trends, note)
    return list(seen)
