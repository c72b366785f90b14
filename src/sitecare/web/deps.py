"""Request-scoped helpers for the routes: the service facade, the clock and the local zone, and
one-trip routes. The facade is made in ``web.facade``, the clock read in ``web.clock``; their
names are re-exported here (the routes import them from this module)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, ParamSpec, TypeVar

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool

from sitecare.domain.programs import Actor
from sitecare.services.app import Sitecare
from sitecare.services.clients import ClientRecords
from sitecare.web import auth
from sitecare.web.clock import as_aware, local_tz, now
from sitecare.web.facade import (
    client_records,
    client_services,
    current_actor,
    get_services,
    prepare_services,
    services_for,
)

__all__ = [
    "ActorDep",
    "ClientsDep",
    "ServicesDep",
    "as_aware",
    "client_records",
    "client_services",
    "current_actor",
    "get_services",
    "local_tz",
    "now",
    "one_trip",
    "prepare_services",
    "run_once",
    "services_for",
]

P = ParamSpec("P")
R = TypeVar("R")


def one_trip(endpoint: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """Mark a route whose whole request runs in one trip to a worker thread (``run_once``)."""
    endpoint.sitecare_one_trip = True  # type: ignore[attr-defined]
    return endpoint


async def run_once(request: Request, work: Callable[[Sitecare], R]) -> R:
    """Everything a one-trip route does, in one worker thread: the guard's decision (left to
    it, see ``auth.guard``), the service facade (the client lookup and its audit row), then
    ``work``. A CSRF check, when the guard asks for one, comes between, as before."""

    def first() -> tuple[bool, R | None]:
        if auth.run_deferred_guard(request):
            return True, None  # the CSRF check comes before anything else is done
        return False, work(services_for(request))

    csrf_first, result = await run_in_threadpool(first)
    if csrf_first:
        await auth.check_csrf(request)
        return await run_in_threadpool(lambda: work(services_for(request)))
    return result  # type: ignore[return-value]


ServicesDep = Annotated[Sitecare, Depends(get_services)]
ActorDep = Annotated[Actor, Depends(current_actor)]
ClientsDep = Annotated[ClientRecords, Depends(client_records)]
