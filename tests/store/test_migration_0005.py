"""Migration 0005 (issue 12): screenings keep their data up, down and up again, on both
databases; "caution" becomes "clear", and a screening blocked only by an answer that is now
tier D becomes "routine" with a note saying why."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from unknot.store import db, repo

# These tests are about the migrations themselves: Alembic runs every one of them.
pytestmark = pytest.mark.real_migrations

TAKEN = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)

# A table as revision 0004 has it: inserts that do not name the columns of 0005.
OLD_SCREENING = sa.table(
    "screening",
    sa.column("id", sa.Uuid()),
    sa.column("person_id", sa.Uuid()),
    sa.column("taken_at", sa.DateTime()),
    sa.column("answers", sa.JSON()),
    sa.column("tier", sa.String()),
    sa.column("triggered", sa.JSON()),
    sa.column("conditions", sa.JSON()),
    sa.column("country", sa.String()),
    sa.column("rules_version", sa.String()),
    sa.column("note", sa.Text()),
    sa.column("superseded", sa.Boolean()),
)

ROWS = {
    "thinner": ("caution", ["blood_thinner"], ["anticoagulant"]),
    "desk": ("soon", ["not_improving"], []),
    "desk_and_lump": ("soon", ["not_improving", "new_lump"], []),
    "heart": ("emergency", ["heart_symptoms"], []),
    "nothing": ("clear", [], []),
}


def _seed(engine: sa.Engine) -> dict[str, uuid.UUID]:
    with db.transaction(db.session_factory(engine)) as session:
        person = repo.local_person(session, TAKEN)
    ids = {name: uuid.uuid4() for name in ROWS}
    with engine.begin() as conn:
        for name, (tier, triggered, conditions) in ROWS.items():
            conn.execute(
                OLD_SCREENING.insert().values(
                    id=ids[name],
                    person_id=person,
                    taken_at=TAKEN.replace(tzinfo=None),
                    answers={},
                    tier=tier,
                    triggered=triggered,
                    conditions=conditions,
                    country="GB",
                    rules_version="2026-11-25.1",
                    note="",
                    superseded=False,
                )
            )
    return ids


def _plain(value: Any) -> Any:
    """A reflected SQLite JSON column comes back as text; PostgreSQL gives the list."""
    if isinstance(value, str) and value.startswith(("[", "{")):
        return json.loads(value)
    return value


def _read(engine: sa.Engine, ids: dict[str, uuid.UUID]) -> dict[str, dict[str, Any]]:
    table = sa.Table("screening", sa.MetaData(), autoload_with=engine)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(table)).mappings().all()
    by_id = {uuid.UUID(str(row["id"])): {k: _plain(v) for k, v in row.items()} for row in rows}
    return {name: by_id[row_id] for name, row_id in ids.items()}


def test_up_down_up_keeps_every_screening(db_url: str) -> None:
    engine = db.make_engine(db_url)
    db.migrate(engine, "0004")
    ids = _seed(engine)

    db.migrate(engine)
    up = _read(engine, ids)
    assert {n: r["tier"] for n, r in up.items()} == {
        "thinner": "clear",
        "desk": "routine",
        "desk_and_lump": "soon",
        "heart": "emergency",
        "nothing": "clear",
    }
    assert up["desk"]["note"] == "rules:tier_d" and up["desk_and_lump"]["note"] == ""
    assert up["thinner"]["conditions"] == ["anticoagulant"]
    assert all(r["checked"] == [] and r["routine_status"] == "" for r in up.values())

    db.downgrade(engine, "0004")
    down = _read(engine, ids)
    assert {n: r["tier"] for n, r in down.items()} == {
        "thinner": "caution",
        "desk": "soon",
        "desk_and_lump": "soon",
        "heart": "emergency",
        "nothing": "clear",
    }
    assert "checked" not in down["desk"] and "routine_status" not in down["desk"]

    db.migrate(engine)
    again = _read(engine, ids)
    assert {n: r["tier"] for n, r in again.items()} == {n: r["tier"] for n, r in up.items()}
    assert len(again) == len(ROWS)
    engine.dispose()


def test_after_the_migration_the_store_reads_and_writes_the_new_columns(db_url: str) -> None:
    engine = db.make_engine(db_url)
    db.migrate(engine, "0004")
    ids = _seed(engine)
    db.migrate(engine)
    factory = db.session_factory(engine)
    with db.transaction(factory) as session:
        person = repo.local_person(session, TAKEN)
        row = repo.latest_screening(session, person)
        assert row is not None and row.id in ids.values()
        row.routine_status = "booked"
        row.checked = ["recent_injury"]
    with db.transaction(factory) as session:
        row = repo.latest_screening(session, person)
        assert row is not None
        assert (row.routine_status, row.checked) == ("booked", ["recent_injury"])
    engine.dispose()
