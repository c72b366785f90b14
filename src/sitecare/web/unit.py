"""One database transaction per web request, committed before the answer is sent.

Whatever a request does (the user check, the client lookup and its audit row, the rest
warning, the insert) runs in one transaction: ``Database.request()`` makes the services share
one session, and this middleware commits it when the answer starts, so an answer that says
"stored" is only sent once the change is committed. When the commit fails, the answer is
replaced with the error (503, or 422 for a value the database refuses).
"""

from __future__ import annotations

import json

from anyio import to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sitecare.domain.errors import InvalidInput


class OneTransaction:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        db = scope["app"].state.db
        with db.request() as unit:
            replaced = False

            async def send_after_commit(message: Message) -> None:
                nonlocal replaced
                if replaced:
                    return  # the original body of an answer that was replaced
                if message["type"] == "http.response.start":
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
                    await to_thread.run_sync(unit.close)
