"""Limits every front end applies to what people type or send: text, ids and times.

Pure: "now" is a parameter. The services call these, so the CLI, the pages and the JSON API
refuse the same things in the same words, naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sitecare.domain.errors import InvalidInput
from sitecare.domain.messages import N_, Msg, number, word

#: ids are 32-bit on PostgreSQL (and this is far more records than anyone keeps)
MAX_ID = 2**31 - 1
#: the most rows a list may ask for
MAX_LIMIT = 1_000_000

#: C0 controls except tab, line feed and carriage return, DEL, and the C1 controls. NUL cannot
#: be stored on PostgreSQL, ANSI escapes (ESC ...) can rewrite a terminal, and none is text.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_CONTROL_RE = re.compile(f"[{_CONTROL}]")
_LINE_BREAK_RE = re.compile("[\t\n\r]")
#: the same rule as a JSON-schema pattern (what the OpenAPI document publishes)
TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"
LINE_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*$"

#: times before this are refused everywhere (a typo, or a clock that was never set)
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
#: and so are times more than this far after now
MAX_AHEAD = timedelta(days=366)


#: the fields people fill in, as messages name them ("The note is 2100 characters long")
_FIELD_WORDS = {
    "note": N_("note"),
    "medicine": N_("medicine"),
    "limit": N_("limit"),
    "id": N_("id"),
    "region": N_("region"),
    "spot": N_("spot"),
    "route": N_("route"),
}


def check_secret_length(
    value: str, *, field: str, least: int, most: int, too_short: str, too_long: str
) -> str:
    """A password or passphrase of ``least`` to ``most`` characters, else refused naming
    ``field``. ``too_short`` and ``too_long`` are message templates (``N_``) with
    ``%(n)s``, the limit."""
    if len(value) < least:
        raise InvalidInput(Msg(too_short, n=least), field=field)
    if len(value) > most:
        raise InvalidInput(Msg(too_long, n=most), field=field)
    return value


def field_words(field: str) -> Msg:
    """A field's name in a sentence (its id when it has no words of its own)."""
    return word(_FIELD_WORDS.get(field, field))


def control_character(value: str, *, multiline: bool = False) -> str | None:
    """The first control character in ``value`` as ``U+001B``, or None when there is none."""
    found = _CONTROL_RE.search(value)
    if found is None and not multiline:
        found = _LINE_BREAK_RE.search(value)
    return None if found is None else f"U+{ord(found.group()):04X}"


def plain_text_validator(said: str, *, multiline: bool = False) -> Callable[[str], str]:
    """A pydantic-style validator that raises ``ValueError(said)`` for text with a control
    character (``{bad}`` in ``said`` names it; or ``%(bad)s``, a template marked for the
    catalog: the error is then a :class:`Msg`) and hands other text back unchanged."""

    def validate(value: str) -> str:
        bad = control_character(value, multiline=multiline)
        if bad is not None:
            raise ValueError(Msg(said, bad=bad) if "%(bad)s" in said else said.format(bad=bad))
        return value

    return validate


def check_text(value: str, *, field: str, multiline: bool = False) -> str:
    """Refuse text with control characters (``multiline`` allows tabs and line breaks)."""
    bad = control_character(value, multiline=multiline)
    if bad is not None:
        raise InvalidInput(
            Msg(
                "The %(field)s contains a control character (%(bad)s); use plain text without "
                "control codes or escape sequences.",
                field=field_words(field),
                bad=bad,
            ),
            field=field,
        )
    return value


def check_id(value: int, *, field: str) -> int:
    """Refuse an id outside 1 .. MAX_ID (a mistyped number, never a record)."""
    if not 1 <= value <= MAX_ID:
        raise InvalidInput(
            Msg(
                "The %(field)s must be a whole number between 1 and %(max)s (got %(got)s).",
                field=field_words(field),
                max=MAX_ID,
                got=_short(value),
            ),
            field=field,
        )
    return value


def check_limit(value: int | None, *, field: str = "limit") -> int | None:
    if value is not None and not 1 <= value <= MAX_LIMIT:
        raise InvalidInput(
            Msg(
                "The %(field)s must be between 1 and %(max)s (got %(got)s).",
                field=field_words(field),
                max=number(MAX_LIMIT, ","),
                got=_short(value),
            ),
            field=field,
        )
    return value


def _short(value: int) -> str:
    text = str(value)
    return text if len(text) <= 24 else text[:20] + "..."


def check_time(at: datetime, *, now: datetime, field: str = "at") -> datetime:
    """Refuse an implausible time: before 1900, or more than a year after ``now``."""
    latest = now + MAX_AHEAD
    try:
        ok = at.tzinfo is not None and EARLIEST <= at <= latest
    except (OverflowError, TypeError):  # a zone offset at the edge of datetime's range
        ok = False
    if not ok:
        raise InvalidInput(
            Msg(
                "The time %(time)s (%(field)s) is not plausible: it must be after 1900 and at "
                "most a year from now (before %(latest)s).",
                time=at.isoformat(),
                field=field,
                latest=latest.strftime("%Y-%m-%d"),
            ),
            field=field,
            hint=Msg("Check the year; times without a zone are local time."),
        )
    return at


#: the longest note and medicine label anyone may store (nothing is silently cut)
MAX_NOTE = 2000
MAX_MEDICINE = 200


def clean_text(value: str | None, *, field: str, limit: int, multiline: bool = False) -> str | None:
    """Strip a free-text value; refuse one that is too long (nothing is silently cut) or that
    holds control characters (``multiline`` allows tabs and line breaks, as in a note)."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    check_text(value, field=field, multiline=multiline)
    if len(value) > limit:
        raise InvalidInput(
            Msg(
                "The %(field)s is %(length)s characters long; at most %(limit)s are allowed.",
                field=field_words(field),
                length=len(value),
                limit=limit,
            ),
            field=field,
        )
    return value


def validate_site(
    atlas: Any, region: str, spot: str | None, route: str | None, *, last_route: str | None = None
) -> tuple[str, str | None, str]:
    """Check a region, spot and route against the atlas; fill the route when it was left out
    (the last route logged when the place is used for it, else the place's first route)."""
    from sitecare.domain.atlas import check_route

    reg = atlas.region(region)
    if spot is not None:
        spot = reg.spot(str(spot).strip()).id
    if route is None:
        if last_route and last_route in reg.routes:
            route = last_route
        else:
            route = next(iter(reg.routes))
    else:
        route = check_route(route.strip().lower())
    return reg.id, spot, route


def check_injection_fields(
    at: datetime, *, now: datetime, medicine: str | None, note: str | None
) -> tuple[str | None, str | None]:
    """An injection's time, medicine label and note, checked the same way by every front end
    (the services and pocket): returns the cleaned (medicine, note)."""
    if at.tzinfo is None:
        raise InvalidInput(Msg("The time needs a zone."), field="at")
    check_time(at, now=now, field="at")
    note = clean_text(note, field="note", limit=MAX_NOTE, multiline=True)
    medicine = clean_text(medicine, field="medicine", limit=MAX_MEDICINE)
    return medicine, note


#: said after an injection logged for a time still to come (never a refusal)
FUTURE_WARNING = Msg("This time is in the future. Check the date if that was not meant.")


def check_history_query(
    atlas: Any,
    *,
    region: str | None,
    since: datetime | None,
    limit: int | None,
    offset: int,
    now: datetime,
) -> str | None:
    """A history question checked the same way by the services and pocket: the region's id."""
    region_id = None if region is None else atlas.region(region).id
    check_limit(limit)
    if since is not None:
        check_time(since, now=now, field="since")
    if not 0 <= offset <= 1_000_000_000:
        raise InvalidInput(
            Msg("The offset must be between 0 and %(max)s.", max=number(1_000_000_000, ",")),
            field="offset",
        )
    return region_id
