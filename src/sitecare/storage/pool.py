"""The PostgreSQL connection pool: big enough for a busy server, and a ping only where it helps.

Two costs showed in ``benchmarks/server_load.py`` (issue 10):

- With SQLAlchemy's default of 5 pooled connections, 8 requests at once opened and closed a
  connection on most requests (the 3 over the pool were closed when given back): a new server
  process on PostgreSQL's side and a new login on ours, every time. The pool keeps
  :data:`POOL_SIZE` connections instead (a program server has more requests in flight than 5).
- ``pool_pre_ping`` sends ``SELECT 1`` before every checkout: a round trip per request, to
  catch a connection the server closed (a restart, an idle timeout). A connection given back
  less than :data:`PING_AFTER_IDLE_S` ago was working then, so only one that has been idle
  longer is pinged first. A connection that still fails in use (the server restarted while it
  was busy) is found by SQLAlchemy as a disconnect, which drops every pooled connection made
  before it; only the requests in flight at that moment get the database's 503.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import DisconnectionError

#: connections kept open (SQLAlchemy's default overflow of 10 more comes on top)
POOL_SIZE = 10
#: a connection idle for longer than this is pinged before it is used again
PING_AFTER_IDLE_S = 5.0
_RETURNED = "sitecare_returned_at"


def pool_options(pool_size: int = POOL_SIZE) -> dict[str, Any]:
    """``create_engine`` options for a server database (not SQLite)."""
    return {"pool_size": pool_size, "pool_pre_ping": False}


def ping_when_idle(engine: Engine, *, idle_s: float = PING_AFTER_IDLE_S) -> None:
    """Ping a pooled connection before use when it has been idle more than ``idle_s``; one
    that does not answer is replaced by a new one (the pool retries the checkout)."""

    @event.listens_for(engine, "checkin")
    def returned(_dbapi: Any, record: Any) -> None:
        if record is not None:
            record.info[_RETURNED] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def taken(dbapi: Any, record: Any, _proxy: Any) -> None:
        since = record.info.pop(_RETURNED, None)
        if since is None or time.monotonic() - since <= idle_s:
            return  # new, or in use a moment ago
        try:
            alive = engine.dialect.do_ping(dbapi)
        except Exception as exc:  # the driver's own error for a dead connection
            raise DisconnectionError("a pooled connection stopped answering") from exc
        if not alive:
            raise DisconnectionError("a pooled connection stopped answering")
