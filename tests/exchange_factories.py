"""Small journals written straight into the tables, for the export and import tests."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st
from sqlalchemy import delete

from actors import open_actor
from unknot.config import load_settings
from unknot.services.app import Actor
from unknot.services.exchange.transfer import backup_document
from unknot.store import repo
from unknot.store.codecs import PERSON_TABLE, RECORD_TABLES
from unknot.store.person_rows import insert_rows

NOW = datetime(2026, 3, 2, 18, 30, tzinfo=UTC)


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@contextmanager
def shared_database(request: pytest.FixtureRequest, folder: Path) -> Iterator[str]:
    """One database for a whole test module (SQLite file or PostgreSQL), dropped at the end.

    Tests that share it start from :func:`wipe`, so each still sees an empty store.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{folder / 'shared.sqlite3'}"
        return
    import psycopg

    cluster = request.getfixturevalue("pg_cluster")
    name = "x_" + uuid.uuid4().hex[:12]
    admin = f"host=127.0.0.1 port={cluster.port} user=postgres dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield cluster.url_for(name)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def empty_store(url: str, now: datetime = NOW) -> Iterator[Actor]:
    """The shared database, emptied, opened for one test."""
    services = open_store(url, now)
    wipe(services)
    try:
        yield services
    finally:
        services.app.close()


def open_store(url: str, now: datetime = NOW) -> Actor:
    return open_actor(replace(load_settings(), database_url=url), clock=lambda: now)


def snapshot(services: Actor) -> dict[str, Any]:
    """Everything the store holds for its person, without the export's own time stamp."""
    doc = backup_document(services)
    doc.pop("exported_at")
    return doc


def wipe(services: Actor) -> None:
    """Empty the store and give it a new local person, as a fresh install has."""
    with services.unit() as session:
        for table in reversed(RECORD_TABLES):
            session.execute(delete(table))
        session.execute(delete(PERSON_TABLE))
        person = repo.local_person(session, services.clock())
    services.take_over(person)


def write(services: Actor, rows: dict[str, list[dict[str, Any]]]) -> None:
    with services.unit() as session:
        for table in RECORD_TABLES:
            insert_rows(session, table, rows.get(table.name, []))


def _journal(person: uuid.UUID, when: datetime, **fields: Any) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "person_id": person,
        "taken_at": when,
        "timezone": "Europe/Berlin",
        "created_at": when,
        "replaces_id": None,
        "deleted_at": None,
        **fields,
    }


def session_row(person: uuid.UUID, start: datetime, **fields: Any) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "person_id": person,
        "routine_id": "hip-short",
        "plan_format": 1,
        "plan": {"routine": "hip-short", "steps": [{"kind": "work", "duration_s": 30}]},
        "planned_s": 30,
        "face": "terminal",
        "started_at": start,
        "updated_at": start + timedelta(minutes=6),
        "ended_at": start + timedelta(minutes=6),
        "status": "finished",
        "end_reason": "",
        "pain_before": 5,
        "pain_after": 3,
        "speed": 1.0,
        "followup_settled": None,
        "followup_worse": None,
        "followup_at": None,
        **fields,
    }


def rating(person: uuid.UUID, when: datetime, value: int, **fields: Any) -> dict[str, Any]:
    base = {"context": "log", "session_id": None, "technique_id": None, "location": "", "note": ""}
    return _journal(person, when, value=value, **{**base, **fields})


def sample_journal(person: uuid.UUID, shoulder: str = "right") -> dict[str, list[dict[str, Any]]]:
    """One of everything: a profile, a session with a step and a stop, ratings with history."""
    day = datetime(2026, 2, 20, 17, 0, tzinfo=UTC)
    session = session_row(person, day, status="stopped", end_reason="Pain went up.")
    logged = rating(person, day - timedelta(hours=3), 4, location="left-top", note="=1+2")
    return {
        "profile": [
            {
                "id": uuid.uuid4(),
                "person_id": person,
                "painful_shoulder": shoulder,
                "causes": ["posture"],
                "conditions": [],
                "minutes_available": 20,
                "pressure": "light",
                "country": "DE",
                "timezone": "Europe/Berlin",
                "language": "en",
                "hip_surgery": {},
                "updated_at": day,
            }
        ],
        "session": [session],
        "session_step": [
            {
                "id": uuid.uuid4(),
                "person_id": person,
                "session_id": session["id"],
                "step_index": 0,
                "kind": "work",
                "technique_id": "hip-kneading",
                "side": "left",
                "target_s": 30.0,
                "actual_s": 29.5,
                "outcome": "stopped",
                "started_offset_s": 0.0,
                "recorded_at": day + timedelta(seconds=30),
            }
        ],
        "stop_event": [
            {
                "id": uuid.uuid4(),
                "person_id": person,
                "session_id": session["id"],
                "step_index": 0,
                "technique_id": "hip-kneading",
                "rule_id": "pain.rise",
                "action": "stop_technique",
                "reason": "Pain went up.",
                "at_offset_s": 29.5,
                "recorded_at": day + timedelta(seconds=30),
            }
        ],
        "pain_rating": [
            rating(person, day, 5, context="before", session_id=session["id"]),
            rating(
                person, day + timedelta(minutes=6), 7, context="after", session_id=session["id"]
            ),
            logged,
            rating(
                person,
                logged["taken_at"],
                3,
                location="left-top",
                replaces_id=logged["id"],
                created_at=logged["taken_at"] + timedelta(minutes=2),
            ),
            rating(person, day - timedelta(days=1), 6, deleted_at=day),
            rating(person, day - timedelta(days=2), 2, location="both-front", note="-3"),
            rating(person, day - timedelta(days=3), 1),
        ],
        "checkin": [
            _journal(
                person,
                day + timedelta(hours=4),
                day=day.date(),
                average_pain=4,
                worst_pain=6,
                locations=["right-front"],
                sleep_disturbed=True,
                painkillers=False,
                other_treatment="@heat pack",
                posture_breaks=True,
                activity=False,
                water=True,
                stretching=False,
                note="",
            )
        ],
        "spadi": [
            _journal(
                person,
                day + timedelta(hours=3),
                answers=[5, 4, 6, 3, 2, 1, None, 4, 3, 2, 1, 0, 10],
                note="",
            )
        ],
        "note": [_journal(person, day + timedelta(hours=5), text="+ felt better after")],
    }


# ---- Hypothesis: small random journals --------------------------------------------------------

# Control characters other than tab and newline are refused on every write (core.bounds).
_TEXT = st.text(
    st.characters(exclude_categories=("Cs", "Cc"), include_characters="\t\n"), max_size=12
)
_MOMENTS = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2026, 3, 1), timezones=st.just(UTC)
)
_PAIN = st.integers(0, 10)


@st.composite
def journals(draw: st.DrawFn, person: uuid.UUID) -> dict[str, list[dict[str, Any]]]:
    """A few sessions, steps, ratings (some edited or deleted), check-ins, SPADIs and notes."""
    sample = sample_journal(person)
    sessions = [
        session_row(
            person,
            draw(_MOMENTS),
            plan={"steps": draw(st.lists(_TEXT, max_size=2)), "n": draw(st.integers(0, 9))},
            status=draw(st.sampled_from(["finished", "quit", "stopped", "partial"])),
            end_reason=draw(_TEXT),
            pain_before=draw(st.none() | _PAIN),
            speed=draw(st.floats(0.25, 4.0)),
            followup_settled=draw(st.none() | st.booleans()),
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    ratings = [
        rating(
            person,
            draw(_MOMENTS),
            draw(_PAIN),
            note=draw(_TEXT),
            location=draw(st.sampled_from(["", "right-front", "left-back", "both-top"])),
            session_id=draw(st.none() | st.sampled_from([s["id"] for s in sessions] or [None])),
            deleted_at=draw(st.none() | _MOMENTS),
        )
        for _ in range(draw(st.integers(0, 4)))
    ]
    if ratings and draw(st.booleans()):
        ratings.append({**ratings[0], "id": uuid.uuid4(), "replaces_id": ratings[0]["id"]})
    spadis = [
        _journal(
            person,
            draw(_MOMENTS),
            answers=draw(st.lists(st.none() | _PAIN, min_size=13, max_size=13)),
            note=draw(_TEXT),
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    notes = [
        _journal(person, draw(_MOMENTS), text=draw(_TEXT)) for _ in range(draw(st.integers(0, 2)))
    ]
    steps = [
        {
            **sample["session_step"][0],
            "id": uuid.uuid4(),
            "session_id": s["id"],
            "actual_s": draw(st.floats(0, 1e4)),
            "recorded_at": draw(_MOMENTS),
        }
        for s in sessions
        for _ in range(draw(st.integers(0, 2)))
    ]
    checkins = [
        {**sample["checkin"][0], "id": uuid.uuid4(), "taken_at": when, "day": when.date()}
        for when in draw(st.lists(_MOMENTS, max_size=2))
    ]
    return {
        "profile": sample["profile"][: draw(st.integers(0, 1))],
        "session": sessions,
        "session_step": steps,
        "pain_rating": ratings,
        "checkin": checkins,
        "spadi": spadis,
        "note": notes,
    }
