"""journal: check-ins, SPADI, notes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 12:45:14.354688
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from unknot.store.types import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "checkin",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("taken_at", UTCDateTime(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("average_pain", sa.Integer(), nullable=False),
        sa.Column("worst_pain", sa.Integer(), nullable=False),
        sa.Column("locations", sa.JSON(), nullable=False),
        sa.Column("sleep_disturbed", sa.Boolean(), nullable=False),
        sa.Column("painkillers", sa.Boolean(), nullable=False),
        sa.Column("other_treatment", sa.Text(), nullable=False),
        sa.Column("posture_breaks", sa.Boolean(), nullable=False),
        sa.Column("activity", sa.Boolean(), nullable=False),
        sa.Column("water", sa.Boolean(), nullable=False),
        sa.Column("stretching", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("replaces_id", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_checkin_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkin")),
    )
    with op.batch_alter_table("checkin", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checkin_day"), ["day"], unique=False)
        batch_op.create_index(batch_op.f("ix_checkin_person_id"), ["person_id"], unique=False)

    op.create_table(
        "note",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("taken_at", UTCDateTime(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("replaces_id", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_note_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_note")),
    )
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_note_person_id"), ["person_id"], unique=False)

    op.create_table(
        "spadi",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("taken_at", UTCDateTime(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("replaces_id", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_spadi_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spadi")),
    )
    with op.batch_alter_table("spadi", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_spadi_person_id"), ["person_id"], unique=False)

    with op.batch_alter_table("pain_rating", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pain_rating_taken_at"), ["taken_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("pain_rating", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pain_rating_taken_at"))

    with op.batch_alter_table("spadi", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_spadi_person_id"))

    op.drop_table("spadi")
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_note_person_id"))

    op.drop_table("note")
    with op.batch_alter_table("checkin", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checkin_person_id"))
        batch_op.drop_index(batch_op.f("ix_checkin_day"))

    op.drop_table("checkin")
