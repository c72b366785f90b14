"""Request-scoped helpers for the routes: the service facade, the clock and the local zone, and
one-trip routes. The facade is made in ``web.facade``, the clock read in ``web.clock``; their
names are re-exported here (the routes import them from this module)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, ParamSpec, TypeVar

from anyio import CapacityLimiter, to_thread
from fastapi import Depends, Request

from sitecare.domain.programs import Actor
from sitecare.services.app import Sitecare
from sitecare.services.clients import ClientRecords
from sitecare.services.read_ahead import InputsWanted
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


async def run_once(
    request: Request, work: Callable[[Sitecare], R], *, inputs: InputsWanted | None = None
) -> R:
    """Everything a one-trip route does, in one worker thread: the guard's decision (left to
    it, see ``auth.guard``), the service facade (the client lookup and its audit row), then
    ``work``. A CSRF check, when the guard asks for one, comes between, as before.

    ``inputs``: the planner's inputs ``work`` will read, which a client's lookup may read with
    it (``services.read_ahead``)."""
    request.state.inputs_wanted = inputs

    def first() -> tuple[bool, R | None]:
        if auth.run_deferred_guard(request):
            return True, None  # the CSRF check comes before anything else is done
        return False, work(services_for(request))

    limiter = _writers(request)
    csrf_first, result = await to_thread.run_sync(first, limiter=limiter)
    if csrf_first:
        await auth.check_csrf(request)
        return await to_thread.run_sync(lambda: work(services_for(request)), limiter=limiter)
    return result  # type: ignore[return-value]


def _writers(request: Request) -> CapacityLimiter | None:
    """SQLite has one writer at a time, so on SQLite the one-trip routes (they write) take
    turns, one worker thread at a time, as datasette gives each database one write thread.
    Eight at once only waited for each other in SQLite's busy handler, which sleeps 1, 2, 5,
    10 ... ms between tries, and fought for the interpreter lock: recording got 2.2 times
    slower per request and its p99 passed 100 ms (benchmarks/server_load.py). A write by
    another program (the command line) is still waited for in the busy handler, up to the
    lock timeout. PostgreSQL takes writers in parallel: no limit there."""
    state = request.app.state
    if not state.db.is_sqlite:
        return None
    limiter = getattr(state, "sqlite_writers", None)
    if limiter is None:
        limiter = state.sqlite_writers = CapacityLimiter(1)
    return limiter


ServicesDep = Annotated[Sitecare, Depends(get_services)]
ActorDep = Annotated[Actor, Depends(current_actor)]
ClientsDep = Annotated[ClientRecords, Depends(client_records)]
