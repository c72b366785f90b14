"""Answer only for the hosts this server was started for (DNS rebinding), before any route runs.

A page on another site can make a browser send requests here under a name the attacker controls
(``evil.example`` re-pointed at 127.0.0.1). The browser then treats our answers as that site's,
so the ``Origin`` check alone cannot help: Origin and Host agree. What such a request cannot
fake is the ``Host`` header, which carries the attacker's name. So the server answers only to:

- an IP address (a browser sends one only when the person typed or followed that address, so
  the page is ours; rebinding needs a name),
- ``localhost`` and names under ``.localhost`` (always loopback in browsers),
- the name ``sitecare serve --host`` was given, and names listed in ``SITECARE_ALLOWED_HOSTS``
  (the public name behind a reverse proxy).

Everything else answers 400 with a plain reason, whatever the path or method.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

MESSAGE = (
    "This sitecare does not answer for the host {host!r}. If you run it behind a proxy under "
    "that name, add the name to SITECARE_ALLOWED_HOSTS."
)


def host_name(header: str) -> str:
    """The name or address in a ``Host`` header, without the port, lower case."""
    value = header.strip().lower()
    if value.startswith("["):  # [::1]:8765; anything else after "]" is not an address
        inside, _, rest = value[1:].partition("]")
        if rest == "" or (rest.startswith(":") and rest[1:].isdigit()):
            return inside
        return value
    if value.count(":") == 1:
        value = value.rsplit(":", 1)[0]
    return value.rstrip(".")


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


_KEPT = 64


class HostPolicy:
    """Which ``Host`` names to answer for."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self.names = frozenset(host_name(n) for n in names if n.strip() and n.strip() != "*")
        self.any = any(n.strip() == "*" for n in names)
        #: the answer for each Host header seen (it depends on the header alone): a client
        #: sends the same one on every request, so it is worked out once (at most _KEPT kept)
        self._seen: dict[str, bool] = {}

    def allows(self, header: str | None) -> bool:
        if header is None or self.any:
            return True  # no Host at all: not a browser (every browser sends one)
        known = self._seen.get(header)
        if known is None:
            known = self._allows(header)
            if len(self._seen) < _KEPT:
                self._seen[header] = known
        return known

    def _allows(self, header: str) -> bool:
        name = host_name(header)
        if _is_address(name) or name == "localhost" or name.endswith(".localhost"):
            return True
        return name in self.names


class HostGuard:
    """ASGI middleware: 400 for a request whose ``Host`` is not one of ours."""

    def __init__(self, app: ASGIApp, policy: HostPolicy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # lifespan; sitecare has no websocket routes
            await self.app(scope, receive, send)
            return
        header = None
        for key, value in scope.get("headers", ()):
            if key == b"host":
                header = value.decode("latin-1")
                break
        if self.policy.allows(header):
            await self.app(scope, receive, send)
            return
        message = MESSAGE.format(host=host_name(header or "")[:200])
        body = json.dumps({"detail": [{"msg": message}]}).encode("utf-8")
        await send(
            {
                "type": "http.response.start",
                "status": 400,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"cache-control", b"no-store"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
