"""Opening the configured database (a light module: the quick commands import only this)."""

from __future__ import annotations

from sitecare.config import Settings, default_database_url
from sitecare.storage import encryption
from sitecare.storage.blobs import BlobStore, FileBlobs
from sitecare.storage.engine import Database


def open_database(settings: Settings) -> Database:
    """Open the configured database; the default data folder is created on first use.

    A personal database locked with a passphrase is unlocked with ``settings.passphrase``;
    without one it stays locked (the web app's lock screen unlocks it later).
    """
    is_default = settings.database_url == default_database_url(settings.data_dir)
    path = settings.sqlite_path
    keys = None
    if settings.passphrase is not None and encryption.is_locked(path):
        assert path is not None
        keys = encryption.unlock(path, settings.passphrase)
    return Database(
        settings.database_url,
        lock_timeout_s=settings.lock_timeout_s,
        create_parent=is_default,
        keys=keys,
    )


def open_blobs(settings: Settings) -> BlobStore:
    """The blob store of the configured database, for its photos: ``<data folder>/blobs`` for
    the default database and a server's, ``<database file>.blobs`` beside any other SQLite file
    (each database keeps its own files, sealed with its own key when it is locked)."""
    path = settings.sqlite_path
    if path is None or settings.database_url == default_database_url(settings.data_dir):
        return FileBlobs.in_data_dir(settings.data_dir)
    return FileBlobs(path.with_name(path.name + ".blobs"))
