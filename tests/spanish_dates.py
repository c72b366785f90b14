"""Dates as the Spanish pages write them, for tests that run on any day of the year."""

from __future__ import annotations

from datetime import datetime, timedelta

MONTHS_ES = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"]


def this_month_es() -> set[str]:
    """The Spanish short names of the local month yesterday, today and tomorrow (a test may
    run at midnight, or on a month's last day)."""
    now = datetime.now().astimezone()
    return {MONTHS_ES[(now + timedelta(days=d)).month - 1] for d in (-1, 0, 1)}
