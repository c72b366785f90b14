"""One database transaction per web request, committed before the answer is sent.

Whatever a request does (the user check, the client lookup and its audit row, the rest
warning, the insert) runs in one transaction: ``Database.request()`` makes the services share
one session, and this middleware commits it when the answer starts, so an answer that says
"stored" is only sent once the change is committed. When the commit fails, the answer is
replaced with the error (503, or 422 for a value the database refuses).

The request's thread may commit as soon as its answer is ready (``Database.finish_request``,
on the hot paths), which saves a trip to a worker thread; the answer is then sent, or replaced
by the commit's error, here just the same. A request that never queried needs no trip at all.
"""

from __future__ import annotations

import json
from typing import Any

from anyio import to_thread
from pydantic import BaseModel, TypeAdapter
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sitecare.domain.errors import InvalidInput
from sitecare.storage.engine import Database
from sitecare.web.access import SAFE_METHODS

_ADAPTERS: dict[type[BaseModel], TypeAdapter[Any]] = {}


def answer_now(db: Database, model: type[BaseModel], content: Any, *, status_code: int) -> Response:
    """A route's JSON answer, checked against its response model and serialised as FastAPI
    does, and the request's transaction committed, all in the route's worker thread.

    FastAPI would check the answer in a second worker thread, and the middleware commit in a
    third. A wrong answer still raises (a 500, rolled back) before anything is committed.
    """
    adapter = _ADAPTERS.get(model)
    if adapter is None:
        adapter = _ADAPTERS[model] = TypeAdapter(model)
    value = adapter.validate_python(content, from_attributes=True)
    body = adapter.dump_json(value, by_alias=True)
    db.finish_request()
    return Response(content=body, status_code=status_code, media_type="application/json")


class OneTransaction:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        db = scope["app"].state.db
        with db.request(write=scope["method"] not in SAFE_METHODS) as unit:
            replaced = False

            async def send_after_commit(message: Message) -> None:
                nonlocal replaced
                if replaced:
                    return  # the original body of an answer that was replaced
                if message["type"] == "http.response.start":
                    if unit.done or unit.idle:
                        problem = unit.finish()  # committed already, or nothing to commit
                    else:
                        problem = await to_thread.run_sync(unit.finish)
                    if problem is not None:
                        replaced = True
                        status = 422 if isinstance(problem, InvalidInput) else 503
                        body = json.dumps({"detail": [{"msg": problem.message}]}).encode()
                        await send(
                            {
                                "type": "http.response.start",
                                "status": status,
                                "headers": [
                                    (b"content-type", b"application/json"),
                                    (b"content-length", str(len(body)).encode()),
                                ],
                            }
                        )
                        await send({"type": "http.response.body", "body": body})
                        return
                await send(message)

            try:
                await self.app(scope, receive, send_after_commit)
            finally:
                if not unit.done:
                    if unit.idle:
                        unit.close()
                    else:
                        await to_thread.run_sync(unit.close)
