"""Request-scoped helpers: the service facade, the clock and the local zone."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Annotated

from fastapi import Depends, Request

from sitecare.config import local_timezone
from sitecare.services.app import Sitecare


def get_services(request: Request) -> Sitecare:
    """The service facade for this request, on the app's shared database."""
    return Sitecare(request.app.state.settings, db=request.app.state.db)


def local_tz() -> tzinfo:
    return local_timezone()


def now() -> datetime:
    """The current time (the web edge is where the clock is read)."""
    return datetime.now(local_tz())


def as_aware(at: datetime | None) -> datetime:
    """Times without a zone are local time; a missing time is now."""
    if at is None:
        return now()
    if at.tzinfo is None:
        from sitecare.domain.timeparse import parse_when

        return parse_when(at.isoformat(), now=now(), tz=local_tz())
    return at


ServicesDep = Annotated[Sitecare, Depends(get_services)]
