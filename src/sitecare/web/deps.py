"""Request-scoped helpers for the routes: the service facade, the clock and the local zone, and
one-trip routes. The facade is made in ``web.facade``, the clock read in ``web.clock``; their
names are re-exported here (the routes import them from this module)."""

from __future__ import annotations

import contextvars
from collections.abc import Awaitable, Callable
from typing import Annotated, ParamSpec, TypeVar

from anyio import CapacityLimiter, WouldBlock, to_thread
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
    done = _on_the_loop(request, limiter, first)
    csrf_first, result = (
        done if done is not None else await to_thread.run_sync(first, limiter=limiter)
    )
    if csrf_first:
        await auth.check_csrf(request)
        return await to_thread.run_sync(lambda: work(services_for(request)), limiter=limiter)
    return result  # type: ignore[return-value]


def _on_the_loop(
    request: Request, limiter: CapacityLimiter | None, first: Callable[[], R]
) -> R | None:
    """On SQLite, when no other write is under way: ``first`` run on the event loop itself,
    with the write lock taken first without waiting; None when that cannot be (another writer,
    here or in another program, holds the lock: the route then takes its turn in a worker
    thread, as before).

    SQLite writes one at a time, so the one-trip routes took turns in one worker thread anyway
    (``_writers``). The trip there and back, and the interpreter lock passed between that
    thread and the event loop at each of the request's dozen statements, cost a fifth of a
    recording's time (benchmarks/server_load.py). The work is short (no waiting: the lock is
    free and the file local), so other requests wait for it less than they did for the hand
    over. A lock held elsewhere is never waited for here: that wait stays in the thread."""
    if limiter is None:
        return None
    try:
        limiter.acquire_nowait()
    except WouldBlock:
        return None
    try:
        if not request.app.state.db.begin_now():
            return None
        # in a copy of the context, as a worker thread runs it
        return contextvars.copy_context().run(first)
    finally:
        limiter.release()


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
