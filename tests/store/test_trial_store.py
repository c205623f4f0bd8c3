"""Migration 0004 (trials, trial events): up, down, up again with data, on both databases."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from unknot.core.trial import Design
from unknot.store import db, repo, tables, trial_repo
from unknot.store.trial_repo import StoredEvent, StoredTrial

# These tests are about the migrations themselves: Alembic runs every one of them.
pytestmark = pytest.mark.real_migrations

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)


def stored_trial() -> StoredTrial:
    return StoredTrial(
        id=uuid.uuid4(),
        design=Design(arm_b="none", period_days=14, pairs=2, baseline=True, run_in_days=3),
        start=date(2026, 3, 2),
        seed=2**62 + 5,
        sequence=("BA", "AB"),
        randomisation="random.Random(seed)",
        created_at=NOW,
        timezone="Asia/Seoul",
        design_check={"power": 0.9},
        assessed_by_clinician=True,
        screening_tier="clear",
        is_open=True,
        closed_at=None,
        events=(),
    )


def test_trial_tables_round_trip_a_trial_and_its_events(db_url: str) -> None:
    engine = db.make_engine(db_url)
    db.migrate(engine)
    factory = db.session_factory(engine)
    trial = stored_trial()
    event = StoredEvent("pause", date(2026, 3, 5), NOW, "travelling", {"trial_day": 4})
    with db.transaction(factory) as session:
        person = repo.local_person(session, NOW)
        trial_repo.add_trial(session, person, trial)
        trial_repo.add_event(session, person, trial.id, event)
    with db.transaction(factory) as session:
        row = trial_repo.open_trial_row(session, person)
        assert row is not None
        back = trial_repo.to_stored(session, row)
    assert back == StoredTrial(**{**trial.__dict__, "events": (event,)})
    engine.dispose()


def test_trial_migration_0004_down_and_up_keeps_older_data(db_url: str) -> None:
    engine = db.make_engine(db_url)
    db.migrate(engine)
    factory = db.session_factory(engine)
    with db.transaction(factory) as session:
        person = repo.local_person(session, NOW)
        trial_repo.add_trial(session, person, stored_trial())
    db.downgrade(engine, "0003")
    names = set(db.table_names(engine))
    assert "trial" not in names and "trial_event" not in names and "checkin" in names
    db.migrate(engine)
    with db.transaction(factory) as session:
        assert repo.local_person(session, NOW) == person
        assert session.scalars(select(tables.TrialRow)).all() == []
        trial_repo.add_trial(session, person, stored_trial())
    engine.dispose()
