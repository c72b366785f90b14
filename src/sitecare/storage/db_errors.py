"""A database error in plain words: the message never names the database's address or file
(it may reach a web page); the details go to the ``sitecare.storage`` log."""

from __future__ import annotations

import logging
import sqlite3

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError
from sqlalchemy.exc import DataError as SADataError

from sitecare.domain.errors import Conflict, InvalidInput, SitecareError, StorageError
from sitecare.domain.messages import Msg

log = logging.getLogger("sitecare.storage")


def describe(url: str) -> str:
    """A printable form of a database URL, without any password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def explain_db_error(exc: BaseException, url: str) -> StorageError:
    """Turn a driver error into a plain-language StorageError.

    The message never names the database address or file (it may reach a web page); the
    details go to the ``sitecare.storage`` log instead.
    """
    original = getattr(exc, "orig", exc)
    detail = str(original).strip().splitlines()[0] if str(original).strip() else repr(original)
    log.warning("database %s: %s: %s", describe(url), type(original).__name__, detail)
    text_ = str(original).lower()
    if "locked" in text_ or "busy" in text_:
        return StorageError(
            Msg("The database is locked by another program."),
            hint=Msg("Close other sitecare windows or commands and try again."),
        )
    if "not a database" in text_ or "malformed" in text_ or "file is encrypted" in text_:
        return StorageError(
            Msg(
                "The database file is not a readable sitecare database (it may be "
                "damaged, locked with a passphrase, or another kind of file)."
            ),
            hint=Msg("Nothing was changed. Check --database-url (or SITECARE_DATABASE_URL)."),
        )
    if "unable to open" in text_ or "readonly" in text_ or "read-only" in text_:
        return StorageError(
            Msg("Cannot open or write the database file."),
            hint=Msg("Check that its folder exists and that you may write to it."),
        )
    if isinstance(original, sqlite3.Error):
        return StorageError(Msg("The database failed; nothing was changed."))
    return StorageError(
        Msg("Cannot use the database."),
        hint=Msg("Check the address, that the server is running and that you may use it."),
    )


def explain_write_error(exc: DBAPIError, url: str) -> SitecareError:
    """An error of a unit of work: a clash with another change, a value the database
    refuses, or :func:`explain_db_error`."""
    if isinstance(exc, IntegrityError):
        return Conflict(
            Msg("Someone else made the same change at the same moment; nothing was changed."),
            hint=Msg("Try again."),
        )
    if isinstance(exc, SADataError):
        log.warning("database %s: %s", describe(url), exc.orig)
        return InvalidInput(
            Msg(
                "A value cannot be stored (it is out of range or holds characters the "
                "database refuses); nothing was changed."
            ),
            field="body",
        )
    return explain_db_error(exc, url)
