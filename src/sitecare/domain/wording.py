"""Plain words for times and durations in suggestions and site status (pure: ``now`` is given).

Each is a :class:`~sitecare.domain.messages.Msg`: English as it always was, and said in the
person's language where it is shown."""

from __future__ import annotations

from datetime import datetime, timedelta

from sitecare.domain.messages import Msg, counted, date_name, number


def _count(n: int, unit: str) -> Msg:
    if unit == "day":
        return counted("%(n)s day", "%(n)s days", n, n=n)
    return counted("%(n)s hour", "%(n)s hours", n, n=n)


def duration_words(delta: timedelta) -> Msg:
    """``6 days``, ``1 day``, ``5 hours``, ``less than an hour`` (rounded down)."""
    seconds = max(delta.total_seconds(), 0.0)
    days = int(seconds // 86400)
    if days >= 1:
        return _count(days, "day")
    hours = int(seconds // 3600)
    if hours >= 1:
        return _count(hours, "hour")
    return Msg("less than an hour")


def days_words(days: float) -> Msg:
    """``28 days``, ``1 day``, ``12 hours`` for a number of days."""
    if days >= 1 and float(days).is_integer():
        return _count(int(days), "day")
    if days >= 1:
        return counted("%(n)s day", "%(n)s days", days, n=number(days))
    return _count(round(days * 24), "hour")


def when_words(at: datetime, now: datetime, *, clock: bool = False, until: bool = False) -> Msg:
    """``today``, ``yesterday``, ``on Monday``, ``on 3 Nov``, ``on 3 Nov 2025`` (in now's zone);
    ``until``: ``until today``, ``until Monday``, ``until 3 Nov``."""
    local = at.astimezone(now.tzinfo) if now.tzinfo else at
    days = (local.date() - now.date()).days
    named = {0: Msg("today"), -1: Msg("yesterday"), 1: Msg("tomorrow")}.get(days)
    if named is not None:
        text = Msg("until %(day)s", day=named) if until else named
    elif -6 <= days <= 6:
        weekday = date_name(local, "%A")
        text = (
            Msg("until %(weekday)s", weekday=weekday)
            if until
            else Msg("on %(weekday)s", weekday=weekday)
        )
    elif local.year == now.year:
        month = date_name(local, "%b")
        if until:
            text = Msg("until %(day)s %(month)s", day=local.day, month=month)
        else:
            text = Msg("on %(day)s %(month)s", day=local.day, month=month)
    else:
        month, year = date_name(local, "%b"), local.year
        if until:
            text = Msg("until %(day)s %(month)s %(year)s", day=local.day, month=month, year=year)
        else:
            text = Msg("on %(day)s %(month)s %(year)s", day=local.day, month=month, year=year)
    if not clock:
        return text
    hour = local.strftime("%H:%M")
    return Msg("%(when)s at %(time)s", when=text, time=hour)


def until_words(at: datetime, now: datetime, *, clock: bool = False) -> Msg:
    """``until today``, ``until Monday``, ``until 15 Dec`` (never "until on 15 Dec")."""
    return when_words(at, now, clock=clock, until=True)
