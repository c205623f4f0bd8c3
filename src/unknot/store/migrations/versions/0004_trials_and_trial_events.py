"""trials and trial events

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 13:25:19.343682
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from unknot.store.types import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trial",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column("arm_a", sa.String(length=80), nullable=False),
        sa.Column("arm_b", sa.String(length=80), nullable=False),
        sa.Column("period_days", sa.Integer(), nullable=False),
        sa.Column("pairs_planned", sa.Integer(), nullable=False),
        sa.Column("baseline", sa.Boolean(), nullable=False),
        sa.Column("run_in_days", sa.Integer(), nullable=False),
        sa.Column("mcid", sa.Double(), nullable=False),
        sa.Column("trend", sa.Boolean(), nullable=False),
        sa.Column("threshold", sa.Double(), nullable=False),
        sa.Column("seed", sa.String(length=32), nullable=False),
        sa.Column("sequence", sa.JSON(), nullable=False),
        sa.Column("randomisation", sa.Text(), nullable=False),
        sa.Column("design_check", sa.JSON(), nullable=False),
        sa.Column("assessed_by_clinician", sa.Boolean(), nullable=False),
        sa.Column("screening_tier", sa.String(length=16), nullable=False),
        sa.Column("open_slot", sa.String(length=8), nullable=True),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_trial_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trial")),
        sa.UniqueConstraint("person_id", "open_slot", name=op.f("uq_trial_person_id")),
    )
    with op.batch_alter_table("trial", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_trial_person_id"), ["person_id"], unique=False)

    op.create_table(
        "trial_event",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("trial_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_trial_event_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["trial_id"],
            ["trial.id"],
            name=op.f("fk_trial_event_trial_id_trial"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trial_event")),
    )
    with op.batch_alter_table("trial_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_trial_event_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_trial_event_trial_id"), ["trial_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("trial_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trial_event_trial_id"))
        batch_op.drop_index(batch_op.f("ix_trial_event_person_id"))

    op.drop_table("trial_event")
    with op.batch_alter_table("trial", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trial_person_id"))

    op.drop_table("trial")
