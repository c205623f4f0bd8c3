"""Migration 0006 (issue 14): the web_sessions table comes and goes on both databases while the
data around it stays; sessions belong to a person and go with them."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from unknot.store import db, repo, tables
from unknot.store import web_session_repo as sessions

NOW = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)
TOKEN = hashlib.sha256(b"the web token").hexdigest()


def _open(engine: sa.Engine, name: str) -> str:
    id_hash = hashlib.sha256(name.encode()).hexdigest()
    with db.transaction(db.session_factory(engine)) as session:
        person = repo.local_person(session, NOW)
        sessions.add(
            session,
            id_hash=id_hash,
            person_id=person,
            token_hash=TOKEN,
            now=NOW,
            expires_at=NOW + timedelta(days=30),
            user_agent="Firefox, Android" + "x" * 200,
        )
    return id_hash


def _count(engine: sa.Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_up_down_up_with_data(db_url: str) -> None:
    engine = db.make_engine(db_url)
    db.migrate(engine, "0005")
    with db.transaction(db.session_factory(engine)) as session:
        person = repo.local_person(session, NOW)
    assert "web_sessions" not in db.table_names(engine)

    db.migrate(engine, "0006")
    assert db.stored_revision(engine) == "0006"
    first = _open(engine, "phone")
    with db.transaction(db.session_factory(engine)) as session:
        assert sessions.live(session, first, TOKEN, NOW) == (person, NOW)
        (row,) = sessions.of_person(session, person, TOKEN, NOW)
        assert len(row.user_agent) == 80
        assert sessions.live(session, first, "another token", NOW) is None
        assert sessions.live(session, first, TOKEN, NOW + timedelta(days=31)) is None

    db.downgrade(engine, "0005")
    assert "web_sessions" not in db.table_names(engine)
    assert _count(engine, "person") == 1  # the person (and all else) stays

    db.migrate(engine)
    assert _count(engine, "web_sessions") == 0 and _count(engine, "person") == 1
    again = _open(engine, "laptop")
    with db.transaction(db.session_factory(engine)) as session:
        assert [r.id for r in sessions.of_person(session, person, TOKEN, NOW)] == [again]
    engine.dispose()


def test_sessions_end_with_their_person_and_by_token(db_url: str) -> None:
    engine = db.make_engine(db_url)
    db.migrate(engine)
    _open(engine, "phone")
    stale = _open(engine, "tablet")
    factory = db.session_factory(engine)
    with db.transaction(factory) as session:
        session.execute(
            sa.update(tables.WebSessionRow)
            .where(tables.WebSessionRow.id == stale)
            .values(token_hash="the old token's hash")
        )
    with db.transaction(factory) as session:
        assert sessions.end_stale(session, TOKEN, NOW) == 1
    assert _count(engine, "web_sessions") == 1
    with db.transaction(factory) as session:
        session.execute(sa.delete(tables.Person))
    assert _count(engine, "web_sessions") == 0
    engine.dispose()
