"""Times as the tables keep them: naive UTC values (with the offset in minutes beside them where
the local time matters). The one place storage turns aware times into stored ones and back.

Standard library only: the quick SQLite reader (``sqlite_read``) uses it without SQLAlchemy.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import overload

#: how SQLAlchemy stores DateTime on SQLite; text order is time order
SQLITE_STAMP = "%Y-%m-%d %H:%M:%S.%f"


def naive_utc(at: datetime) -> datetime:
    """An aware time as the naive UTC value the tables keep."""
    return at.astimezone(UTC).replace(tzinfo=None)


@overload
def aware_utc(at: datetime | str) -> datetime: ...
@overload
def aware_utc(at: None) -> None: ...
def aware_utc(at: datetime | str | None) -> datetime | None:
    """A stored naive UTC value as an aware UTC datetime (None stays None). SQLite hands
    aggregates (MAX, MIN) back as text, which is read here too."""
    if at is None:
        return None
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def to_utc(at: datetime) -> tuple[datetime, int]:
    """Split an aware datetime into naive UTC and the offset in minutes."""
    if at.tzinfo is None:
        raise ValueError("times must carry a zone")
    offset = at.utcoffset() or timedelta(0)
    return naive_utc(at), int(offset.total_seconds() // 60)


def from_utc(at_utc: datetime, offset_min: int) -> datetime:
    """A stored naive UTC value and its offset as the aware local time it was written in."""
    tz = timezone(timedelta(minutes=offset_min))
    return at_utc.replace(tzinfo=UTC).astimezone(tz)


def sqlite_stamp(at: datetime) -> str:
    """An aware time as the text SQLAlchemy stores in a SQLite DateTime column."""
    return naive_utc(at).strftime(SQLITE_STAMP)
