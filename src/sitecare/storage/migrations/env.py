"""Alembic environment: runs on the connection sitecare hands over (or the configured URL)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from sitecare.storage.tables import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:  # command-line use by developers: alembic -c src/sitecare/storage/alembic.ini ...
    url = config.get_main_option("sqlalchemy.url")
    assert url, "set sqlalchemy.url or SITECARE_DATABASE_URL"
    engine = create_engine(url)
    with engine.begin() as conn:
        _run(conn)
