"""An index for the last use of each site, read by seeks instead of a scan of the history.

``(person_id, region, spot, at_utc)`` lets the planner's "last use per (region, spot)" read a
few index entries per site used (``Injections.last_use_by_spot``), however long the history.
It replaces ``ix_injection_person_region``, which is its prefix.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_injection_person_site_at", "injection", ["person_id", "region", "spot", "at_utc"]
    )
    op.drop_index("ix_injection_person_region", table_name="injection")


def downgrade() -> None:
    op.create_index("ix_injection_person_region", "injection", ["person_id", "region"])
    op.drop_index("ix_injection_person_site_at", table_name="injection")
