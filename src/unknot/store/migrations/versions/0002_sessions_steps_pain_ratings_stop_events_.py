"""sessions, steps, pain ratings, stop events, progression

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 12:33:48.295586
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from unknot.store.types import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "progression",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("technique_id", sa.String(length=80), nullable=False),
        sa.Column("level", sa.Double(), nullable=False),
        sa.Column("streak", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_progression_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progression")),
        sa.UniqueConstraint("person_id", "technique_id", name=op.f("uq_progression_person_id")),
    )
    with op.batch_alter_table("progression", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_progression_person_id"), ["person_id"], unique=False)

    op.create_table(
        "session",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("routine_id", sa.String(length=80), nullable=False),
        sa.Column("plan_format", sa.Integer(), nullable=False),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("planned_s", sa.Integer(), nullable=False),
        sa.Column("face", sa.String(length=16), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("ended_at", UTCDateTime(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("end_reason", sa.Text(), nullable=False),
        sa.Column("pain_before", sa.Integer(), nullable=True),
        sa.Column("pain_after", sa.Integer(), nullable=True),
        sa.Column("speed", sa.Double(), nullable=False),
        sa.Column("followup_settled", sa.Boolean(), nullable=True),
        sa.Column("followup_worse", sa.Boolean(), nullable=True),
        sa.Column("followup_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_session_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session")),
    )
    with op.batch_alter_table("session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_session_person_id"), ["person_id"], unique=False)

    op.create_table(
        "pain_rating",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("taken_at", UTCDateTime(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("context", sa.String(length=16), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=True),
        sa.Column("technique_id", sa.String(length=80), nullable=True),
        sa.Column("location", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("replaces_id", sa.Uuid(), nullable=True),
        sa.Column("deleted_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_pain_rating_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["session.id"],
            name=op.f("fk_pain_rating_session_id_session"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pain_rating")),
    )
    with op.batch_alter_table("pain_rating", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pain_rating_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pain_rating_session_id"), ["session_id"], unique=False)

    op.create_table(
        "session_step",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("step_index", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("technique_id", sa.String(length=80), nullable=True),
        sa.Column("side", sa.String(length=8), nullable=True),
        sa.Column("target_s", sa.Double(), nullable=False),
        sa.Column("actual_s", sa.Double(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("started_offset_s", sa.Double(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_session_step_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["session.id"],
            name=op.f("fk_session_step_session_id_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_step")),
    )
    with op.batch_alter_table("session_step", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_session_step_person_id"), ["person_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_session_step_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "stop_event",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("step_index", sa.Integer(), nullable=False),
        sa.Column("technique_id", sa.String(length=80), nullable=True),
        sa.Column("rule_id", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at_offset_s", sa.Double(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_stop_event_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["session.id"],
            name=op.f("fk_stop_event_session_id_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stop_event")),
    )
    with op.batch_alter_table("stop_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stop_event_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stop_event_session_id"), ["session_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("stop_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stop_event_session_id"))
        batch_op.drop_index(batch_op.f("ix_stop_event_person_id"))

    op.drop_table("stop_event")
    with op.batch_alter_table("session_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_step_session_id"))
        batch_op.drop_index(batch_op.f("ix_session_step_person_id"))

    op.drop_table("session_step")
    with op.batch_alter_table("pain_rating", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pain_rating_session_id"))
        batch_op.drop_index(batch_op.f("ix_pain_rating_person_id"))

    op.drop_table("pain_rating")
    with op.batch_alter_table("session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_person_id"))

    op.drop_table("session")
    with op.batch_alter_table("progression", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_progression_person_id"))

    op.drop_table("progression")
