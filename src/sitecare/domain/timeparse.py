"""Reading the times people type. Pure: "now" and the local zone are parameters."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta, timezone, tzinfo

from sitecare.domain.errors import InvalidInput
from sitecare.domain.inputs import check_text, check_time
from sitecare.domain.messages import Msg

EXPECTED = Msg(
    "Use ISO 8601, like 2026-11-20T08:30 or 2026-11-20T08:30+01:00, "
    "or 'now', '08:30' (today), 'yesterday 21:00' or '2h ago'."
)

_AGO = re.compile(r"^(\d+(?:\.\d+)?)\s*(m|min|mins|minutes?|h|hours?|d|days?)\s+ago$")


def parse_when(text: str, *, now: datetime, tz: tzinfo, field: str = "at") -> datetime:
    """Turn what a person typed into an aware datetime.

    Times without a zone are local time in ``tz``. ``now`` must be aware. Implausible times
    (before 1900, more than a year ahead) are refused, naming ``field``.
    """
    check_text(text, field=field)
    try:
        parsed = _parse_when(text, now=now, tz=tz, field=field)
    except OverflowError:
        raise InvalidInput(
            Msg(
                "The time %(text)s (%(field)s) is out of range.",
                text=repr(text.strip()[:40]),
                field=field,
            ),
            field=field,
            hint=EXPECTED,
        ) from None
    return check_time(parsed, now=now, field=field)


def _parse_when(text: str, *, now: datetime, tz: tzinfo, field: str) -> datetime:
    raw = text.strip().lower()
    if raw in ("", "now"):
        return now
    m = _AGO.match(raw)
    if m:
        amount = float(m.group(1))
        unit = m.group(2)[0]
        delta = {"m": timedelta(minutes=amount), "h": timedelta(hours=amount)}.get(
            unit, timedelta(days=amount)
        )
        return now - delta
    day_offset = 0
    for word, offset in (("yesterday", -1), ("today", 0)):
        if raw.startswith(word):
            day_offset = offset
            raw = raw[len(word) :].strip() or "now"
            break
    if re.fullmatch(r"\d{1,2}:\d{2}", raw) or (raw == "now" and day_offset):
        local_now = now.astimezone(tz)
        try:
            clock = local_now.time() if raw == "now" else time.fromisoformat(raw.zfill(5))
        except ValueError:
            raise InvalidInput(
                Msg("Cannot read the time %(text)s.", text=repr(text)), field=field, hint=EXPECTED
            ) from None
        day = local_now.date() + timedelta(days=day_offset)
        return _localise(datetime.combine(day, clock), tz)
    try:
        parsed = datetime.fromisoformat(text.strip().replace("z", "Z"))
    except ValueError:
        raise InvalidInput(
            Msg("Cannot read the time %(text)s.", text=repr(text)), field=field, hint=EXPECTED
        ) from None
    if parsed.tzinfo is None:
        parsed = _localise(parsed, tz)
    return parsed


def _localise(naive: datetime, tz: tzinfo) -> datetime:
    aware = naive.replace(tzinfo=tz)
    # Keep the zone's offset at that moment, as a fixed offset, so it round-trips exactly.
    offset = aware.utcoffset()
    return naive.replace(tzinfo=timezone(offset if offset is not None else timedelta(0)))
