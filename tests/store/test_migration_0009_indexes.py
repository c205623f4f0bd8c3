"""Migration 0009 (issue 14): (person_id, time) indexes on the tables read by time window, on
both databases; after every migration the schema is exactly the one the models describe."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from unknot.store import db
from unknot.store.tables import Base

WINDOWS = {
    "session": ["person_id", "started_at"],
    "pain_rating": ["person_id", "taken_at"],
    "checkin": ["person_id", "day"],
    "spadi": ["person_id", "taken_at"],
    "note": ["person_id", "taken_at"],
}


def _indexes(engine: sa.Engine) -> dict[str, list[list[str]]]:
    found = sa.inspect(engine)
    return {t: [list(i["column_names"]) for i in found.get_indexes(t)] for t in WINDOWS}


def test_the_indexes_come_and_go_and_the_schema_matches_the_models(db_url: str) -> None:
    engine = db.make_engine(db_url)
    db.migrate(engine, "0008")
    assert all(columns not in _indexes(engine)[t] for t, columns in WINDOWS.items())
    db.migrate(engine)
    assert all(columns in _indexes(engine)[t] for t, columns in WINDOWS.items())
    with engine.connect() as conn:
        drift = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    assert drift == []  # the migrations build what tables.py says, on this database
    db.downgrade(engine, "0008")
    assert all(columns not in _indexes(engine)[t] for t, columns in WINDOWS.items())
    db.migrate(engine)
    assert all(columns in _indexes(engine)[t] for t, columns in WINDOWS.items())
    engine.dispose()


def test_a_window_of_one_persons_ratings_uses_the_index(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = db.make_engine(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    db.migrate(engine)
    with engine.connect() as conn:
        plan = conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM pain_rating WHERE person_id = ? AND taken_at >= ?"
            " ORDER BY taken_at",
            ("someone", "2026-01-01"),
        ).all()
    detail = " ".join(str(row[-1]) for row in plan)
    assert "ix_pain_rating_person_id_taken_at" in detail, detail
    assert "TEMP B-TREE" not in detail, detail  # no sort: the index gives the order
    engine.dispose()
