"""Migration 0007 (issue 15): a check-in's habits may be "not answered" (NULL) on both
databases; the rows already stored keep their answers, and a downgrade stores NULL as false."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from unknot.store import db, repo, tables

NOW = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)
HABITS = ("posture_breaks", "activity", "water", "stretching")


def _add(engine: sa.Engine, person: uuid.UUID, day: int, water: bool | None) -> uuid.UUID:
    ident = uuid.uuid4()
    row = {
        "id": ident, "person_id": person, "day": date(2026, 12, day), "taken_at": NOW,
        "timezone": "UTC", "average_pain": 3, "worst_pain": 5, "locations": [],
        "sleep_disturbed": False, "painkillers": False, "other_treatment": "",
        "posture_breaks": True, "activity": False, "water": water, "stretching": None,
        "note": "", "created_at": NOW,
    }  # fmt: skip
    if water is not None:
        row["stretching"] = False  # 0006 demands a value
    with engine.begin() as conn:  # the table's column types, not the ORM's defaults
        conn.execute(sa.insert(tables.CheckInRow.__table__).values(row))
    return ident


def _habits(engine: sa.Engine) -> dict[str, tuple[bool | None, ...]]:
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT day, " + ", ".join(HABITS) + " FROM checkin"))
        return {str(r[0]): tuple(None if v is None else bool(v) for v in r[1:]) for r in rows}


def test_habits_become_nullable_and_back(db_url: str) -> None:
    engine = db.make_engine(db_url)
    db.migrate(engine, "0006")
    with db.transaction(db.session_factory(engine)) as session:
        person = repo.local_person(session, NOW)
    _add(engine, person, 1, water=True)
    with pytest.raises(sa.exc.IntegrityError):
        _add(engine, person, 2, water=None)  # not allowed before 0007

    db.migrate(engine)
    assert db.stored_revision(engine) == db.SCHEMA_HEAD
    _add(engine, person, 2, water=None)
    assert _habits(engine) == {
        "2026-12-01": (True, False, True, False),  # kept as it was
        "2026-12-02": (True, False, None, None),  # not answered
    }

    db.downgrade(engine, "0006")
    assert _habits(engine)["2026-12-02"] == (True, False, False, False)
    assert len(_habits(engine)) == 2
    db.migrate(engine)
    assert len(_habits(engine)) == 2
    engine.dispose()
