"""The clock and the local zone at the web edge (where the clock is read)."""

from __future__ import annotations

from datetime import datetime, tzinfo

from sitecare.config import local_timezone
from sitecare.domain.inputs import check_time
from sitecare.domain.timeparse import parse_when


def local_tz() -> tzinfo:
    return local_timezone()


def now() -> datetime:
    """The current time (the web edge is where the clock is read)."""
    return datetime.now(local_tz())


def as_aware(at: datetime | None, field: str = "at") -> datetime:
    """Times without a zone are local time; a missing time is now; implausible ones answer 422."""
    current = now()
    if at is None:
        return current
    if at.tzinfo is None:
        return parse_when(at.isoformat(), now=current, tz=local_tz(), field=field)
    return check_time(at, now=current, field=field)
