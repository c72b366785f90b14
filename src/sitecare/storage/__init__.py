"""Storage: SQLAlchemy tables, the database wrapper and repositories. SQLAlchemy lives only here."""
