"""A covering index for the rotation planner's last-use aggregate.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_injection_person_at_site", "injection", ["person_id", "at_utc", "region", "spot"]
    )
    op.drop_index("ix_injection_person_at", table_name="injection")


def downgrade() -> None:
    op.create_index("ix_injection_person_at", "injection", ["person_id", "at_utc"])
    op.drop_index("ix_injection_person_at_site", table_name="injection")
