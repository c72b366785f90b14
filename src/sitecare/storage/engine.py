"""Opening a database: engine, SQLite pragmas, schema migration and plain-language errors."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session, sessionmaker

from sitecare.domain.errors import (
    DatabaseLocked,
    SitecareError,
    StorageError,
)
from sitecare.domain.messages import Msg
from sitecare.storage import encryption
from sitecare.storage.db_errors import describe, explain_db_error, explain_write_error
from sitecare.storage.encryption import Keys
from sitecare.storage.migrate import (
    MIGRATION_LOCK,
    create_private,
    current_version,
    has_foreign_tables,
    make_private_folder,
    upgrade,
)
from sitecare.storage.pool import POOL_SIZE, ping_when_idle, pool_options
from sitecare.storage.request_unit import UNIT as _UNIT
from sitecare.storage.request_unit import RequestUnit
from sitecare.storage.request_unit import current_unit as _current_unit
from sitecare.storage.schema_version import SCHEMA_HEAD  # noqa: E402 - re-exported
from sitecare.storage.sqlite_begin import (
    DEFERRED,
    IMMEDIATE,
    NO_WAIT,
    begin_as,
    begin_sqlite,
    sqlite_pragmas,
)

__all__ = ["SCHEMA_HEAD", "Database", "describe", "explain_db_error", "normalise_url"]
log = logging.getLogger("sitecare.storage")


def normalise_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs and use the psycopg 3 driver for them."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


class Database:
    """One database: an engine, a session factory and the schema check."""

    def __init__(
        self,
        url: str,
        *,
        lock_timeout_s: float = 3.0,
        pool_size: int = POOL_SIZE,
        create_parent: bool = False,
        keys: Keys | None = None,
    ) -> None:
        self.url = normalise_url(url)
        self._keys = keys
        self._cipher_problem: StorageError | None = None
        self.create_parent = create_parent
        try:
            parsed = make_url(self.url)
        except ArgumentError:
            raise StorageError(
                Msg("Cannot read the database address."),
                hint=Msg("Use sqlite:///path/to/file.sqlite3 or postgresql://user@host/dbname."),
            ) from None
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        kwargs: dict[str, Any] = {}
        if self.is_sqlite:
            self.path = Path(parsed.database) if parsed.database else None
            kwargs["connect_args"] = {"timeout": lock_timeout_s}
            self.encrypted = encryption.is_locked(self.path)
            if self.encrypted:
                try:
                    kwargs["module"] = encryption.sqlcipher()
                except StorageError as exc:
                    self._cipher_problem = exc
        else:
            self.path = None
            self.encrypted = False
            kwargs.update(pool_options(pool_size))
        try:
            self.engine: Engine = create_engine(self.url, **kwargs)
        except (ArgumentError, ImportError) as exc:
            log.warning("database %s: %s", describe(url), exc)
            raise StorageError(
                Msg("Cannot use this database address."),
                hint=Msg("Use sqlite:///path/to/file.sqlite3 or postgresql://user@host/dbname."),
            ) from None
        if self.is_sqlite:
            if self.encrypted and "module" in kwargs:
                event.listen(self.engine, "do_connect", self._connect_with_key)
            event.listen(self.engine, "connect", sqlite_pragmas)
            busy_ms = round(lock_timeout_s * 1000)

            def begin(conn: Connection) -> None:
                begin_sqlite(conn, busy_ms)

            event.listen(self.engine, "begin", begin)
        else:
            ping_when_idle(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._schema_ready = False

    # -- the passphrase lock (encrypted personal databases) ---------------------------------

    @property
    def locked(self) -> bool:
        """Encrypted and not unlocked yet: nothing can be read or written."""
        return self.encrypted and self._keys is None

    @property
    def keys(self) -> Keys | None:
        """The unlocked database's keys (None when it is not encrypted, or still locked)."""
        return self._keys

    def unlock(self, keys: Keys) -> None:
        self._keys = keys
        self.engine.dispose()

    def lock(self) -> None:
        """Forget the key: every connection is closed, and nothing more can be read."""
        self._keys = None
        self.engine.dispose()

    def _check_open(self) -> None:
        if self._cipher_problem is not None:
            raise self._cipher_problem
        if self.locked:
            raise DatabaseLocked(
                Msg("sitecare is locked with a passphrase."),
                hint=Msg(
                    "Unlock it first (the web app asks; on the command line you are asked, "
                    "or set SITECARE_PASSPHRASE_FILE)."
                ),
            )

    def _connect_with_key(self, _dialect: Any, _rec: Any, cargs: Any, cparams: Any) -> Any:
        keys = self._keys
        if keys is None:
            raise DatabaseLocked(Msg("sitecare is locked with a passphrase."))
        conn = encryption.sqlcipher().connect(*cargs, **cparams)
        conn.execute(keys.pragma())
        return conn

    # -- transactions ---------------------------------------------------------------------

    @contextmanager
    def transaction(self, *, own: bool = False) -> Iterator[Session]:
        """A unit of work: commits once at the end, rolls back everything on any error.

        Inside ``request()`` (one web request) it joins the request's one transaction, which
        commits before the answer is sent; ``own=True`` commits on its own at once (sign-in
        counts, which must be seen by other requests before the password is checked).
        """
        self._check_open()
        self.ensure_schema()
        unit = _current_unit(self)
        if unit is not None and not own:
            with begin_as(IMMEDIATE), self._in_unit(unit) as session:
                yield session
            return
        if own and unit is not None and self.is_sqlite and unit.write:
            # the request holds SQLite's one write lock: what it did so far is committed
            # first, or this commit of its own would wait for it (up to the lock timeout)
            unit.commit_so_far()
        session = self._sessions()
        try:
            with begin_as(IMMEDIATE):
                yield session
                session.commit()
        except DBAPIError as exc:
            session.rollback()
            raise self._explain(exc) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def _in_unit(self, unit: RequestUnit) -> Iterator[Session]:
        """A unit of work that writes, inside a web request's one transaction."""
        if self.is_sqlite and not unit.write:
            # a reading request (GET) that writes after all: its reads so far end here, and
            # its writes begin with the write lock taken (a deferred upgrade could fail)
            unit.commit_so_far()
            unit.write = True
        try:
            yield unit.session()
        except BaseException as exc:
            unit.failed = True  # the request's changes are all rolled back
            if isinstance(exc, DBAPIError):
                raise self._explain(exc) from exc
            raise

    def _explain(self, exc: DBAPIError) -> SitecareError:
        return explain_write_error(exc, self.url)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only unit of work (rolled back at the end; the request's, inside one)."""
        self._check_open()
        self.ensure_schema()
        unit = _current_unit(self)
        if unit is not None:
            try:
                with begin_as(IMMEDIATE if unit.write else DEFERRED):
                    yield unit.session()
            except DBAPIError as exc:
                raise self._explain(exc) from exc
            return
        session = self._sessions()
        try:
            with begin_as(DEFERRED):
                yield session
        except (OperationalError, SADatabaseError, DBAPIError) as exc:
            raise explain_db_error(exc, self.url) from exc
        finally:
            session.rollback()
            session.close()

    def finish_request(self) -> None:
        """Commit the web request's transaction now, in the thread that did its work, once its
        answer is ready (saves a second trip to a worker thread for the commit). The answer is
        still sent after the commit, or replaced by its error, by ``web.unit.OneTransaction``.
        Outside a web request it does nothing (every unit of work has committed already)."""
        unit = _current_unit(self)
        if unit is not None:
            unit.finish()

    def begin_now(self) -> bool:
        """Inside a web request that writes, on SQLite: begin its one transaction now, taking
        the write lock if it is free, without waiting for another writer; True when it is
        taken. False (and nothing begun) when another writer holds it, the request's
        transaction has begun already, or the database is not ready to use (locked with a
        passphrase, or its schema not yet checked): the request then goes on as usual, and
        waits for the lock in the busy handler, up to the lock timeout.

        ``web.deps.run_once`` uses it to run a recording on the event loop itself, where no
        wait for the lock may happen."""
        unit = _current_unit(self)
        if (
            unit is None
            or not self.is_sqlite
            or not unit.write
            or not unit.idle
            or not self._schema_ready
            or self.locked
            or self._cipher_problem is not None
        ):
            return False
        token = NO_WAIT.set(True)
        try:
            with begin_as(IMMEDIATE):
                unit.session().connection()
        except DBAPIError:
            unit.discard()
            return False
        finally:
            NO_WAIT.reset(token)
        return True

    @contextmanager
    def request(self, *, write: bool = True) -> Iterator[RequestUnit]:
        """One transaction for everything a web request does (see ``RequestUnit``); ``write``
        is False for a request that only means to read (GET, HEAD, OPTIONS)."""
        unit = RequestUnit(self, write=write)
        token = _UNIT.set(unit)
        try:
            yield unit
        finally:
            _UNIT.reset(token)
            unit.close()

    # -- schema ---------------------------------------------------------------------------

    def ensure_schema(self) -> None:
        """Create or upgrade the schema with Alembic, refusing files that are not ours."""
        if self._schema_ready:
            return
        self._check_open()
        with MIGRATION_LOCK:  # Alembic keeps its context in module globals: one at a time
            if not self._schema_ready:
                self._ensure_schema_locked()

    def _ensure_schema_locked(self) -> None:
        on_disk = self.is_sqlite and self.path is not None and str(self.path) != ":memory:"
        if on_disk and self.path is not None:
            make_private_folder(self.path, self.create_parent)
            create_private(self.path)
        try:
            with self.engine.connect() as conn:
                version = current_version(conn)
                if version == SCHEMA_HEAD:
                    self._schema_ready = True
                    return
                if version is None and has_foreign_tables(conn):
                    log.warning("database %s holds other tables", describe(self.url))
                    raise StorageError(
                        Msg(
                            "This database already holds other data and is not a sitecare database."
                        ),
                        hint=Msg("Nothing was changed. Choose another --database-url."),
                    )
            upgrade(self.engine, is_sqlite=self.is_sqlite, url=self.url)
        except (OperationalError, SADatabaseError, DBAPIError) as exc:
            raise explain_db_error(exc, self.url) from exc
        self._schema_ready = True

    def after_commit(self, job: Callable[[], None]) -> None:
        """Run ``job`` once the current work is committed: at once outside a web request,
        after the request's one commit inside it (removing files a delete left unused)."""
        unit = _current_unit(self)
        if unit is not None:
            unit.after_commit.append(job)
        else:
            job()

    def forget_deleted(self) -> None:
        """After a delete: leave no copy of the deleted records in the SQLite files.

        ``secure_delete`` overwrites them in the database file, but in WAL mode the pages that
        held them stay in the ``-wal`` file until a checkpoint. This checkpoints (waiting for
        readers, up to the lock timeout) and truncates the WAL to zero bytes. Every delete and
        erase path (CLI, pages, API) calls it. A no-op on PostgreSQL.
        """
        if not self.is_sqlite or self.locked:
            return
        unit = _current_unit(self)
        if unit is not None:  # after the request's transaction has committed
            unit.after_commit.append(self.forget_deleted)
            return
        try:
            with self.engine.connect() as conn:  # on the driver: no transaction around it
                busy = conn.connection.driver_connection.execute(  # type: ignore[union-attr]
                    "PRAGMA wal_checkpoint(TRUNCATE)"
                ).fetchone()
        except (OperationalError, SADatabaseError, DBAPIError) as exc:
            raise explain_db_error(exc, self.url) from exc
        if busy is not None and busy[0]:
            log.warning(
                "database %s: the WAL checkpoint was blocked by a reader", describe(self.url)
            )

    def dispose(self) -> None:
        self.engine.dispose()
