"""Photos of a check: one row per photo, the image itself a file in the blob store.

Revision ID: 0005_photos
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_photos"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("observation_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=32), nullable=False),
        sa.Column("media_type", sa.String(length=32), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("mm_per_px", sa.Float(), nullable=True),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_photo_person_id_person"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["observation_id"],
            ["observation.id"],
            name=op.f("fk_photo_observation_id_observation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photo")),
        sa.UniqueConstraint("uid", name=op.f("uq_photo_uid")),
    )
    op.create_index(op.f("ix_photo_address"), "photo", ["address"])
    op.create_index(op.f("ix_photo_observation_id"), "photo", ["observation_id"])
    op.create_index("ix_photo_person_observation", "photo", ["person_id", "observation_id"])


def downgrade() -> None:
    op.drop_index("ix_photo_person_observation", table_name="photo")
    op.drop_index(op.f("ix_photo_observation_id"), table_name="photo")
    op.drop_index(op.f("ix_photo_address"), table_name="photo")
    op.drop_table("photo")
