"""composite (person_id, time) indexes for time windows

Issue 14. Reports and the journal read one person's records in a window of time: sessions by
``started_at``, pain ratings, SPADI and notes by ``taken_at``, check-ins by ``day``. With only
``person_id`` (or only the time) indexed, each such query read every row of the person and
sorted it; an index on both columns answers it with one range scan.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 04:40:00
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

WINDOWS = {
    "session": "started_at",
    "pain_rating": "taken_at",
    "checkin": "day",
    "spadi": "taken_at",
    "note": "taken_at",
}


def upgrade() -> None:
    for table, column in WINDOWS.items():
        op.create_index(f"ix_{table}_person_id_{column}", table, ["person_id", column])


def downgrade() -> None:
    for table, column in WINDOWS.items():
        op.drop_index(f"ix_{table}_person_id_{column}", table_name=table)
