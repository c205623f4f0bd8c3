"""check-in habits may be "not answered"

Issue 15. A check-in given by flags (``unknot checkin --average 3 --worst 5 --water``) used to
store every habit it was not told as false, and the habit comparisons read those as "did not".
The four habit columns now allow NULL: not answered. Rows already stored keep their values
(nothing tells which of their falses were answers). Downgrading stores NULL as false again.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 03:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

HABITS = ("posture_breaks", "activity", "water", "stretching")


def upgrade() -> None:
    with op.batch_alter_table("checkin", schema=None) as batch_op:
        for name in HABITS:
            batch_op.alter_column(name, existing_type=sa.Boolean(), nullable=True)


def downgrade() -> None:
    checkin = sa.table("checkin", *(sa.column(name, sa.Boolean()) for name in HABITS))
    for name in HABITS:
        op.execute(checkin.update().where(checkin.c[name].is_(None)).values({name: sa.false()}))
    with op.batch_alter_table("checkin", schema=None) as batch_op:
        for name in HABITS:
            batch_op.alter_column(name, existing_type=sa.Boolean(), nullable=False)
