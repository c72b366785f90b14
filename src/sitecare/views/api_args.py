"""Pocket's argument checks (:mod:`sitecare.views.api`): a JSON object of known fields, a line
of text within its limit, a time as the API reads it, the time of the call, an export
document (the object or its text) and a route."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sitecare.domain.errors import InvalidInput
from sitecare.domain.inputs import check_text
from sitecare.domain.routes import ROUTES

__all__ = ["document", "known_fields", "now_of", "route_of", "text_line", "when_of"]


def known_fields(args: Any, known: tuple[str, ...], what: str = "args") -> dict[str, Any]:
    if args is None:
        return {}
    if not isinstance(args, dict):
        raise InvalidInput(f"The {what} must be a JSON object.", field=what)
    for k in args:
        if k not in known:
            raise InvalidInput(
                f"{k!r} is not a field sitecare knows.",
                field=str(k),
                hint="Known fields: " + ", ".join(known) + ".",
            )
    return args


def text_line(
    args: dict[str, Any], name: str, *, limit: int, multiline: bool = False
) -> str | None:
    value = args.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"The {name} must be text.", field=name)
    check_text(value, field=name, multiline=multiline)
    if len(value) > limit:
        raise InvalidInput(
            f"The {name} is {len(value)} characters long; at most {limit} are allowed.",
            field=name,
        )
    return value


def when_of(value: Any, now: datetime, field: str) -> datetime:
    """A time as the API reads it: no zone = local; implausible = refused."""
    from sitecare.domain.inputs import check_time
    from sitecare.domain.timeparse import parse_when

    if value is None:
        return now
    if not isinstance(value, str):
        raise InvalidInput(f"The {field} must be an ISO 8601 time.", field=field)
    try:
        at = datetime.fromisoformat(value.strip())
    except ValueError:
        assert now.tzinfo is not None
        return parse_when(value, now=now, tz=now.tzinfo, field=field)
    if at.tzinfo is None:
        assert now.tzinfo is not None
        at = at.replace(tzinfo=now.tzinfo)
    return check_time(at, now=now, field=field)


def now_of(now_iso: str) -> datetime:
    try:
        now = datetime.fromisoformat(str(now_iso).strip())
    except ValueError:
        raise InvalidInput(
            f"The time of the call {str(now_iso)[:40]!r} is not ISO 8601.", field="now"
        ) from None
    if now.tzinfo is None:
        raise InvalidInput("The time of the call needs its zone offset.", field="now")
    return now


def document(args: Any) -> Any:
    if isinstance(args, str):
        from sitecare.domain.transfer import parse_text

        return parse_text(args)
    return args


def route_of(args: dict[str, Any]) -> str | None:
    route = args.get("route")
    if route is None:
        return None
    if route not in ROUTES:
        from sitecare.domain.errors import close_matches

        raise InvalidInput(
            f"Unknown route {route!r}.",
            field="route",
            suggestions=close_matches(str(route), ROUTES),
            hint="Valid values: " + ", ".join(ROUTES) + ".",
        )
    return str(route)
