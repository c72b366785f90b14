"""The service facade of a request: the personal one, or one client's of the signed-in user's
program (resolved within the program, audited). The guard (``web.auth``) makes it in its
worker thread; routes reach it through ``web.deps``."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.concurrency import run_in_threadpool

from sitecare.config import server_secret
from sitecare.domain.errors import InvalidInput
from sitecare.domain.inputs import MAX_ID
from sitecare.domain.messages import Msg
from sitecare.domain.programs import Actor
from sitecare.services import credentials
from sitecare.services.accounts import Accounts
from sitecare.services.app import Sitecare
from sitecare.services.clients import Access, ClientRecords
from sitecare.web.access import CLIENT_ACTIONS, SignInNeeded, url_path
from sitecare.web.clock import now
from sitecare.web.language import language_of


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


def prepare_services(request: Request) -> None:
    """Make the route's service facade now, when the route asks for one (``ServicesDep``).

    The guard calls this in its worker thread once the request may go on, so the client lookup
    and its audit row cost no second trip. Nothing runs in between that could refuse the
    request (the route's other dependencies only collect validation errors), so the order of
    checks and answers is the one ``get_services`` as a dependency of its own gave.
    """
    route = request.scope.get("route")
    if route is not None and uses_services(route):
        request.state.services = services_for(request)


def uses_services(route: Any) -> bool:
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
        if not (isinstance(client_id, str) and client_id.isascii() and client_id.isdigit()):
            current_actor(request)  # the user first (a left-over check is done now)
            raise InvalidInput(Msg("The client_id must be a whole number."), field="client_id")
        return client_services(request, int(client_id))
    state = request.app.state
    return Sitecare(state.settings, db=state.db, language=language_of(request))


def signed_in_as(request: Request, actor: Actor | None, cred: credentials.Credential) -> None:
    """Keep who the request's credential belongs to (None: nobody who may still act)."""
    request.state.actor = actor
    if actor is not None:
        key = server_secret(request.app.state.settings)
        request.state.csrf_token = credentials.csrf_token(key, cred.nonce)


def check_pending(request: Request) -> None:
    """The user the guard left to be checked with the client lookup (``auth._decide``),
    checked now: something needs it before that lookup."""
    cred = getattr(request.state, "pending_credential", None)
    if cred is None:
        return
    request.state.pending_credential = None
    signed_in_as(request, Accounts(request.app.state.db).actor(cred.user_id, cred.version), cred)


def current_actor(request: Request) -> Actor:
    """The signed-in program user (the guard has already refused anyone else; a user it left
    to be checked with the client lookup is checked now, when that has not come first)."""
    check_pending(request)
    actor = getattr(request.state, "actor", None)
    if actor is None:
        raise SignInNeeded()
    assert isinstance(actor, Actor)
    return actor


def client_records(request: Request) -> ClientRecords:
    state = request.app.state
    return ClientRecords(
        state.db, state.settings, current_actor(request), language=language_of(request)
    )


def client_services(request: Request, client_id: int) -> Sitecare:
    """One client's service facade, for the API route being served (what it does is audited)."""
    route = request.scope.get("route")
    path = getattr(route, "path", None) or url_path(request)
    action, object_type = CLIENT_ACTIONS.get((request.method, path), ("client.read", "client"))
    object_id = next(
        (str(v) for k, v in request.path_params.items() if k.endswith("_id") and k != "client_id"),
        None,
    )
    access = Access(client_id, action, object_type, object_id)
    cred = getattr(request.state, "pending_credential", None)
    if cred is None or not 1 <= client_id <= MAX_ID:
        # the user checked first, as the guard does, then the id (422 when out of range)
        return client_records(request).open(access, now=now())
    # the user behind the token, checked in the same statement as the client lookup
    request.state.pending_credential = None
    state = request.app.state
    opened = ClientRecords.open_as(
        state.db,
        state.settings,
        user_id=cred.user_id,
        version=cred.version,
        access=access,
        now=now(),
        inputs=getattr(request.state, "inputs_wanted", None),
        language=language_of(request),
    )
    if opened is None:
        request.state.actor = None
        raise SignInNeeded()
    signed_in_as(request, opened[0], cred)
    return opened[1]
