"""The measurement of the mark on a photo (JSON: the sizes in mm, the outline in photo pixels,
where it came from); ``photo.mm_per_px`` is set with it.

Revision ID: 0006_photo_measurement
Revises: 0005_photos
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_photo_measurement"
down_revision = "0005_photos"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("photo") as batch:
        batch.add_column(sa.Column("measurement", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("photo") as batch:
        batch.drop_column("measurement")
