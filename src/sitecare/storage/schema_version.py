"""The schema version this sitecare writes (kept free of imports so fast paths can read it)."""

#: the newest Alembic migration; a test checks it matches Alembic's head
SCHEMA_HEAD = "0006_photo_measurement"
