"""When to look at a site again: the re-check time a check's findings set (pure).

Every check stored at a site below ``emergency`` gets one, from ``data/follow/rechecks.yaml``:
the rule of its leading likely condition (conditions come most urgent first), else the soonest
rule its findings match, else its level's; capped by the level's ``latest`` (a check that says
"get care today" is looked at again by tomorrow).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sitecare.domain.follow.data import load_follow
from sitecare.domain.follow.look import Look


@dataclass(frozen=True)
class Recheck:
    """Look at the site again at ``at``, because ``why``."""

    at: datetime
    why: str
    rule: str
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "why": self.why,
            "rule": self.rule,
            "sources": list(self.sources),
        }


def _by_condition(look: Look, step: int = 0) -> list[tuple[float, str, str, tuple[str, ...]]]:
    """The rule of the first likely condition that has one (conditions come most urgent first)."""
    rules = {r.condition: r for r in load_follow().rules if r.condition}
    for cond in look.conditions:
        if cond in rules:
            r = rules[cond]
            return [(r.hours_at(step), r.id, r.why, r.sources)]
    return []


def recheck_for(look: Look, *, step: int = 0) -> Recheck | None:
    """The re-check for a check (``step``: how many checks of this course came before it);
    None for an emergency, which is handed to emergency care instead."""
    data = load_follow()
    level = data.levels.get(look.level)
    if level is None:
        return None
    found = _by_condition(look, step) or [
        (r.hours_at(step), r.id, r.why, r.sources) for r in data.rules if r.findings & look.findings
    ]
    hours, rule, why, sources = min(
        found, default=(level.hours, f"RC-LEVEL-{look.level.upper()}", level.why, level.sources)
    )
    if hours > level.latest:
        hours, rule, why, sources = level.latest, rule, level.why, sources + level.sources
    return Recheck(look.at + timedelta(hours=hours), why, rule, tuple(dict.fromkeys(sources)))
