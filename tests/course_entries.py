"""A site's healing course as the ``_course.html`` template reads it, for template tests."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace as Obj
from typing import Any


def course(rest_days: float, days: float) -> Any:
    """One self-care check, ``rest_days`` of rest, the course ``days`` old."""
    entry = Obj(
        level_words="Care for it at home",
        measured_change=None,
        size_words=None,
        case_words=None,
        headline=None,
        measured=None,
        summary=None,
        blocked=False,
        rest_days=rest_days,
        at_dt=datetime(2026, 12, 1, 9, 0),
    )
    return Obj(
        entries=[entry],
        healed=False,
        slower=None,
        expected=Obj(heals="A bruise fades."),
        days=days,
        next_recheck=None,
    )
