"""web pairings: single-use links that log a phone in

Issue 15. ``unknot serve --lan`` and the laptop's pairing page show a QR code of a link that
logs the phone in once, within 10 minutes. One row per link: the hash of its random code, the
person, the hash of the web token it was made under, when it was made, when it expires and when
it was used.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 04:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from unknot.store.types import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_pairings",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_web_pairings_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_pairings")),
    )
    with op.batch_alter_table("web_pairings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_pairings_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("web_pairings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_pairings_person_id"))
    op.drop_table("web_pairings")
