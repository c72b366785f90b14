from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from sitecare.domain.errors import InvalidInput
from sitecare.domain.timeparse import parse_when

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", NOW),
        (
            "2026-11-20T08:30+05:30",
            datetime(2026, 11, 20, 8, 30, tzinfo=timezone(timedelta(hours=5.5))),
        ),
        ("2026-11-20T08:30Z", datetime(2026, 11, 20, 8, 30, tzinfo=UTC)),
        ("2026-11-20T08:30", datetime(2026, 11, 20, 8, 30, tzinfo=timezone(timedelta(hours=1)))),
        # summer time is taken from the zone rules, not from today's offset
        ("2026-07-01T08:30", datetime(2026, 7, 1, 8, 30, tzinfo=timezone(timedelta(hours=2)))),
        ("08:15", datetime(2026, 11, 23, 8, 15, tzinfo=timezone(timedelta(hours=1)))),
        ("yesterday 21:00", datetime(2026, 11, 22, 21, 0, tzinfo=timezone(timedelta(hours=1)))),
        ("2h ago", NOW - timedelta(hours=2)),
        ("30 min ago", NOW - timedelta(minutes=30)),
        ("3 days ago", NOW - timedelta(days=3)),
    ],
)
def test_times_people_type(text: str, expected: datetime) -> None:
    got = parse_when(text, now=NOW, tz=BERLIN)
    assert got == expected
    assert got.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("text", ["last tuesday", "2026-13-01", "25:00", "soon"])
def test_bad_times_name_the_expected_format(text: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        parse_when(text, now=NOW, tz=BERLIN, field="since")
    assert exc.value.field == "since"
    assert "ISO 8601" in str(exc.value)
