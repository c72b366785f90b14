"""Request-scoped helpers: the service facade, the clock and the local zone."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, tzinfo
from typing import Annotated, Any, ParamSpec, TypeVar

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool

from sitecare.config import local_timezone
from sitecare.services.accounts import Actor
from sitecare.services.app import Sitecare
from sitecare.services.clients import ClientRecords


async def get_services(request: Request) -> Sitecare:
    """The service facade for this request, on the app's shared database.

    Under ``/api/v1/clients/{client_id}/`` it is the facade of that client of the signed-in
    user's program (resolved within the program, audited); otherwise the personal one.
    Usually the guard has made it already, in its own trip to a worker thread
    (``prepare_services``); otherwise it is made in one now.
    """
    ready = getattr(request.state, "services", None)
    if ready is not None:
        assert isinstance(ready, Sitecare)
        return ready
    return await run_in_threadpool(services_for, request)


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
    from sitecare.web import auth

    def first() -> tuple[bool, R | None]:
        if auth.run_deferred_guard(request):
            return True, None  # the CSRF check comes before anything else is done
        return False, work(services_for(request))

    csrf_first, result = await run_in_threadpool(first)
    if csrf_first:
        await auth.check_csrf(request)
        return await run_in_threadpool(lambda: work(services_for(request)))
    return result  # type: ignore[return-value]


def prepare_services(request: Request) -> None:
    """Make the route's service facade now, when the route asks for one (``ServicesDep``).

    The guard calls this in its worker thread once the request may go on, so the client lookup
    and its audit row cost no second trip. Nothing runs in between that could refuse the
    request (the route's other dependencies only collect validation errors), so the order of
    checks and answers is the one ``get_services`` as a dependency of its own gave.
    """
    route = request.scope.get("route")
    if route is not None and _uses_services(route):
        request.state.services = services_for(request)


def _uses_services(route: Any) -> bool:
    """The route depends on ``get_services`` (worked out once per route, kept on it)."""
    known = getattr(route, "_sitecare_uses_services", None)
    if known is None:
        pending = list(getattr(getattr(route, "dependant", None), "dependencies", ()))
        known = False
        while pending and not known:
            dep = pending.pop()
            known = dep.call is get_services
            pending.extend(dep.dependencies)
        route._sitecare_uses_services = known
    return bool(known)


def services_for(request: Request) -> Sitecare:
    """The service facade for this request (see ``get_services``); may read the database."""
    client_id = request.path_params.get("client_id")
    if client_id is not None:
        from sitecare.domain.errors import InvalidInput

        if not (isinstance(client_id, str) and client_id.isascii() and client_id.isdigit()):
            raise InvalidInput("The client_id must be a whole number.", field="client_id")
        return client_services(request, int(client_id))
    return Sitecare(request.app.state.settings, db=request.app.state.db)


def current_actor(request: Request) -> Actor:
    """The signed-in program user (the guard has already refused anyone else)."""
    actor = getattr(request.state, "actor", None)
    if actor is None:
        from sitecare.web.auth import SignInNeeded

        raise SignInNeeded()
    assert isinstance(actor, Actor)
    return actor


def client_records(request: Request) -> ClientRecords:
    state = request.app.state
    return ClientRecords(state.db, state.settings, current_actor(request))


def client_services(request: Request, client_id: int) -> Sitecare:
    """One client's service facade, for the API route being served (what it does is audited)."""
    from sitecare.web.auth import CLIENT_ACTIONS

    route = request.scope.get("route")
    path = getattr(route, "path", request.url.path)
    action, object_type = CLIENT_ACTIONS.get((request.method, path), ("client.read", "client"))
    object_id = next(
        (str(v) for k, v in request.path_params.items() if k.endswith("_id") and k != "client_id"),
        None,
    )
    return client_records(request).open(
        client_id, action=action, object_type=object_type, object_id=object_id, now=now()
    )


def local_tz() -> tzinfo:
    return local_timezone()


def now() -> datetime:
    """The current time (the web edge is where the clock is read)."""
    return datetime.now(local_tz())


def as_aware(at: datetime | None, field: str = "at") -> datetime:
    """Times without a zone are local time; a missing time is now; implausible ones answer 422."""
    from sitecare.domain.inputs import check_time

    current = now()
    if at is None:
        return current
    if at.tzinfo is None:
        from sitecare.domain.timeparse import parse_when

        return parse_when(at.isoformat(), now=current, tz=local_tz(), field=field)
    return check_time(at, now=current, field=field)


ServicesDep = Annotated[Sitecare, Depends(get_services)]
ActorDep = Annotated[Actor, Depends(current_actor)]
ClientsDep = Annotated[ClientRecords, Depends(client_records)]
