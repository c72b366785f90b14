"""Plain words for times and durations in suggestions and site status (pure: ``now`` is given)."""

from __future__ import annotations

from datetime import datetime, timedelta


def duration_words(delta: timedelta) -> str:
    """``6 days``, ``1 day``, ``5 hours``, ``less than an hour`` (rounded down)."""
    seconds = max(delta.total_seconds(), 0.0)
    days = int(seconds // 86400)
    if days >= 1:
        return f"{days} day" + ("s" if days != 1 else "")
    hours = int(seconds // 3600)
    if hours >= 1:
        return f"{hours} hour" + ("s" if hours != 1 else "")
    return "less than an hour"


def days_words(days: float) -> str:
    """``28 days``, ``1 day``, ``12 hours`` for a number of days."""
    if days >= 1 and float(days).is_integer():
        return f"{int(days)} day" + ("s" if days != 1 else "")
    if days >= 1:
        return f"{days:g} days"
    hours = round(days * 24)
    return f"{hours} hour" + ("s" if hours != 1 else "")


def when_words(at: datetime, now: datetime, *, clock: bool = False) -> str:
    """``today``, ``yesterday``, ``on Monday``, ``on 3 Nov``, ``on 3 Nov 2025`` (in now's zone)."""
    local = at.astimezone(now.tzinfo) if now.tzinfo else at
    days = (local.date() - now.date()).days
    if days == 0:
        text = "today"
    elif days == -1:
        text = "yesterday"
    elif days == 1:
        text = "tomorrow"
    elif -6 <= days <= 6:
        text = f"on {local:%A}"
    elif local.year == now.year:
        text = f"on {local.day} {local:%b}"
    else:
        text = f"on {local.day} {local:%b} {local.year}"
    return f"{text} at {local:%H:%M}" if clock else text


def until_words(at: datetime, now: datetime, *, clock: bool = False) -> str:
    """``until today``, ``until Monday``, ``until 15 Dec`` (never "until on 15 Dec")."""
    return "until " + when_words(at, now, clock=clock).removeprefix("on ")
