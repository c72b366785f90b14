"""The one transaction of a web request (``Database.request()``): every unit of work of the
request shares one session, committed once before the answer is sent (``storage.engine``)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, Protocol

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from sitecare.domain.errors import SitecareError

__all__ = ["UNIT", "RequestUnit", "current_unit"]
log = logging.getLogger("sitecare.storage")


class _Owner(Protocol):
    """What a unit needs of its database (``storage.engine.Database``)."""

    _sessions: Any

    def _explain(self, exc: DBAPIError) -> SitecareError: ...


UNIT: ContextVar[RequestUnit | None] = ContextVar("sitecare_request_unit", default=None)


def current_unit(db: object) -> RequestUnit | None:
    unit = UNIT.get()
    return unit if unit is not None and unit.db is db and not unit.done else None


class RequestUnit:
    """The one transaction of a web request.

    The request's services (the user check, the client lookup and its audit row, the rest
    warning, the insert) all use one session, opened at the first query. ``finish()`` commits
    it before the answer is sent, or rolls it all back when any part failed. The session is used
    by one thread at a time (the request's steps run one after another).

    ``write`` says the request means to change something (any method but GET, HEAD and
    OPTIONS). On SQLite its transaction then starts with ``BEGIN IMMEDIATE``, taking the write
    lock before the first read, so that every read of the request sees the data its write
    changes (a deferred transaction that read first could not be upgraded once another writer
    had committed meanwhile). A reading request starts a deferred ``BEGIN``.
    """

    def __init__(self, db: _Owner, *, write: bool = True) -> None:
        self.db = db
        self.write = write
        self.failed = False
        self.done = False
        self.after_commit: list[Callable[[], None]] = []
        #: what the commit failed with, kept for the answer when it ran ahead of the answer
        self.problem: SitecareError | None = None
        self._session: Session | None = None

    @property
    def idle(self) -> bool:
        """Nothing to commit or roll back: no query ran (finishing is then only bookkeeping)."""
        return self._session is None

    def session(self) -> Session:
        if self._session is None:
            self._session = self.db._sessions()
        return self._session

    def commit_so_far(self) -> None:
        """Commit what the request did until now and go on in a new transaction (SQLite only:
        before a reading request's first write, and before a commit of its own, see
        ``Database.transaction``)."""
        if self._session is not None and self._session.in_transaction():
            self._session.commit()

    def finish(self) -> SitecareError | None:
        """Commit (or roll back after a failure); the error to answer when the commit failed.

        Once finished it only repeats that error (the request's thread may commit once the
        answer is ready, and the answer is then sent, or replaced by the error, as usual).
        """
        if self.done:
            return self.problem
        self.done = True
        session, self._session = self._session, None
        if session is None:
            return None
        try:
            if self.failed:
                session.rollback()
                return None
            session.commit()
        except DBAPIError as exc:
            session.rollback()
            self.problem = self.db._explain(exc)
            return self.problem
        finally:
            session.close()
        self._after_commit()
        return None

    def _after_commit(self) -> None:
        for job in self.after_commit:
            try:
                job()
            except SitecareError as exc:  # the answer stands: the change is committed
                log.warning("after commit: %s", exc)

    def discard(self) -> None:
        """Forget a session whose transaction could not begin: the unit is idle again."""
        session, self._session = self._session, None
        if session is not None:
            session.rollback()
            session.close()

    def close(self) -> None:
        """Roll back whatever was not finished (the request ended in an exception)."""
        self.done = True
        if self._session is not None:
            self._session.rollback()
            self._session.close()
            self._session = None
