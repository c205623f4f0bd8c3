from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from unknot.store import db, repo, tables

# These tests are about the migrations themselves: Alembic runs every one of them.
pytestmark = pytest.mark.real_migrations


def test_migration_history_has_a_single_head_named_in_the_code() -> None:
    from alembic.script import ScriptDirectory

    engine = db.make_engine("sqlite://")
    script = ScriptDirectory.from_config(db._alembic_config(engine))
    assert script.get_heads() == [db.SCHEMA_HEAD]  # bump SCHEMA_HEAD with each migration


def test_migrate_creates_every_table_and_is_idempotent(db_url: str) -> None:
    engine = db.make_engine(db_url)
    db.migrate(engine)
    db.migrate(engine)
    assert set(tables.Base.metadata.tables) <= set(db.table_names(engine))
    assert db.current_revision(engine) == db.head_revision(engine)
    engine.dispose()


def test_migrate_up_down_up_keeps_working(db_url: str) -> None:
    engine = db.make_engine(db_url)
    db.migrate(engine)
    db.downgrade(engine, "base")
    assert "person" not in db.table_names(engine)
    db.migrate(engine)
    assert "person" in db.table_names(engine)
    engine.dispose()


def test_datetimes_come_back_aware_in_utc(db_url: str) -> None:
    engine = db.make_engine(db_url)
    db.migrate(engine)
    seoul = timezone(timedelta(hours=9))
    moment = datetime(2026, 5, 1, 9, 0, tzinfo=seoul)
    factory = db.session_factory(engine)
    with db.transaction(factory) as session:
        person_id = repo.local_person(session, moment)
    with db.transaction(factory) as session:
        row = session.scalars(select(tables.Person).where(tables.Person.id == person_id)).one()
        assert row.created_at == moment
        assert row.created_at.utcoffset() == timedelta(0)
        assert row.created_at.tzinfo is not None and row.created_at.astimezone(UTC).hour == 0
    engine.dispose()


def test_local_person_is_created_once(db_url: str) -> None:
    engine = db.make_engine(db_url)
    db.migrate(engine)
    factory = db.session_factory(engine)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with db.transaction(factory) as session:
        first = repo.local_person(session, now)
    with db.transaction(factory) as session:
        assert repo.local_person(session, now) == first
        assert len(session.scalars(select(tables.Person)).all()) == 1
    engine.dispose()


def test_sqlite_file_is_backed_up_before_a_migration(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    url = f"sqlite:///{tmp_path / 'u.sqlite3'}"
    engine = db.make_engine(url)
    db.migrate(engine, "0001")
    with db.transaction(db.session_factory(engine)) as session:
        repo.local_person(session, datetime(2026, 1, 1, tzinfo=UTC))
    backup = db.migrate(engine)
    assert backup is not None and backup.exists() and "before-migration-0001" in backup.name
    with sqlite3.connect(backup) as conn:
        assert conn.execute("select count(*) from person").fetchone() == (1,)
        assert conn.execute("select version_num from alembic_version").fetchone() == ("0001",)
    assert db.migrate(engine) is None  # nothing to do, no backup
    engine.dispose()


def test_a_fresh_database_is_not_backed_up(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = db.make_engine(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    assert db.migrate(engine) is None
    assert list(tmp_path.iterdir()) != [] and not list(tmp_path.glob("*before-migration*"))
    engine.dispose()


def test_downgrade_one_step_keeps_older_data(db_url: str) -> None:
    engine = db.make_engine(db_url)
    db.migrate(engine)
    with db.transaction(db.session_factory(engine)) as session:
        person = repo.local_person(session, datetime(2026, 1, 1, tzinfo=UTC))
    db.downgrade(engine, "0001")
    assert "session" not in db.table_names(engine)
    db.migrate(engine)
    with db.transaction(db.session_factory(engine)) as session:
        assert repo.local_person(session, datetime(2026, 1, 2, tzinfo=UTC)) == person
    engine.dispose()
