"""screening: referral tiers only, routine-appointment advice, clinician-checked answers

Issue 12. The screening's tier becomes the referral urgency only: "caution" (a contraindication)
is stored as "clear" (its conditions stay), and tier D "routine" is new. A screening blocked
only by an answer that is now tier D (not improving after 2 weeks, very hard to move) becomes
"routine", with a note saying why. New columns: the answers a clinician had already checked,
and whether the routine appointment is booked or seen.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 08:00:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from unknot.store.types import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# The ids of rules 2026-11-25.1 whose "yes" was tier C ("soon"), and those now tier D.
OLD_SOON = frozenset(
    {
        "injury_weak_arm",
        "cancer_new_bone_pain",
        "new_lump",
        "constant_night_pain",
        "whole_body_symptoms",
        "getting_worse_fast",
        "not_improving",
        "very_hard_to_move",
        "several_joints",
    }
)
NOW_TIER_D = frozenset({"not_improving", "very_hard_to_move"})
NOTE_TIER_D = "rules:tier_d"  # services.safety.NOTE_TIER_D

screening = sa.table(
    "screening",
    sa.column("id", sa.Uuid()),
    sa.column("tier", sa.String()),
    sa.column("triggered", sa.JSON()),
    sa.column("conditions", sa.JSON()),
    sa.column("note", sa.Text()),
)
trial = sa.table("trial", sa.column("screening_tier", sa.String()))


def _empty_list_default() -> Any:
    if op.get_bind().dialect.name == "postgresql":  # PostgreSQL only: a typed JSON literal
        return sa.text("'[]'::json")
    return sa.text("'[]'")


def upgrade() -> None:
    with op.batch_alter_table("screening", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("checked", sa.JSON(), nullable=False, server_default=_empty_list_default())
        )
        batch_op.add_column(
            sa.Column("routine_status", sa.String(length=16), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("routine_marked_at", UTCDateTime(), nullable=True))
    bind = op.get_bind()
    bind.execute(screening.update().where(screening.c.tier == "caution").values(tier="clear"))
    bind.execute(
        trial.update().where(trial.c.screening_tier == "caution").values(screening_tier="clear")
    )
    rows = bind.execute(
        sa.select(screening.c.id, screening.c.triggered).where(screening.c.tier == "soon")
    ).all()
    for row_id, triggered in rows:
        tier_c = set(triggered or ()) & OLD_SOON
        if tier_c and tier_c <= NOW_TIER_D:
            bind.execute(
                screening.update()
                .where(screening.c.id == row_id)
                .values(tier="routine", note=NOTE_TIER_D)
            )


def downgrade() -> None:
    bind = op.get_bind()
    # The older rules knew no "routine": they put these answers in "soon" (see a clinician).
    bind.execute(screening.update().where(screening.c.tier == "routine").values(tier="soon"))
    rows = bind.execute(
        sa.select(screening.c.id, screening.c.conditions).where(screening.c.tier == "clear")
    ).all()
    for row_id, conditions in rows:
        if conditions:
            bind.execute(screening.update().where(screening.c.id == row_id).values(tier="caution"))
    with op.batch_alter_table("screening", schema=None) as batch_op:
        batch_op.drop_column("routine_marked_at")
        batch_op.drop_column("routine_status")
        batch_op.drop_column("checked")
