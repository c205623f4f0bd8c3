"""A synthetic journal for the report tests and the report benchmark, and a way to store it.

Pain follows a slow downward trend with AR(1) day-to-day noise; habits come in runs; most days
have a session whose after rating is a little lower than its before rating; a SPADI every week.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from unknot.core.journal import CheckIn, Journal, PainEntry, SessionEntry, SpadiEntry
from unknot.services.app import Actor
from unknot.store import journal_repo, tables

ZONE = "UTC"
TECHNIQUES = ("hip-circular-massage", "hip-kneading")


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _clip(value: float) -> int:
    return max(0, min(10, round(value)))


def synthetic_journal(
    days: int,
    today: date,
    seed: int = 1,
    start_pain: float = 6.0,
    end_pain: float = 3.0,
    two_sessions: float = 0.35,
    checkin_share: float = 0.9,
) -> Journal:
    """``two_sessions``: the share of days with two sessions (most others have one);
    ``checkin_share``: the share of days with a check-in."""
    rng = random.Random(seed)
    pain: list[PainEntry] = []
    checkins: list[CheckIn] = []
    spadi: list[SpadiEntry] = []
    sessions: list[SessionEntry] = []
    noise = 0.0
    habits = {"posture_breaks": False, "activity": False, "water": True, "stretching": False}
    for k in range(days):
        day = today - timedelta(days - 1 - k)
        noon = datetime.combine(day, time(12), UTC)
        level = start_pain + (end_pain - start_pain) * k / max(days - 1, 1)
        noise = 0.6 * noise + rng.gauss(0, 0.8)
        today_pain = level + noise
        for name in habits:
            if rng.random() < 0.25:
                habits[name] = not habits[name]
        if rng.random() < checkin_share:
            checkins.append(
                CheckIn(
                    _uuid(rng),
                    day,
                    noon + timedelta(hours=9),
                    ZONE,
                    _clip(today_pain),
                    _clip(today_pain + 1.5 + rng.random()),
                    created_at=noon + timedelta(hours=9),
                    **habits,
                )
            )
        pain.append(
            PainEntry(
                _uuid(rng),
                _clip(today_pain + rng.gauss(0, 0.7)),
                noon,
                ZONE,
                "log",
                created_at=noon,
            )
        )
        for slot in range(2 if rng.random() < two_sessions else 1 if rng.random() < 0.85 else 0):
            before = _clip(today_pain + rng.gauss(0, 0.6))
            after = _clip(before - 1.3 + rng.gauss(0, 0.8))
            routine = "hip-full" if slot == 0 else "shoulder"
            ratings: tuple[tuple[str, int], ...] = ()
            if routine == "hip-full":
                ratings = tuple(
                    (t, _clip(before - 0.5 * (i + 1) + rng.gauss(0, 0.7)))
                    for i, t in enumerate(TECHNIQUES)
                )
            stops = ("pain_rise",) if rng.random() < 0.01 else ()
            entry = SessionEntry(
                _uuid(rng),
                routine,
                noon + timedelta(hours=6 + slot),
                ZONE,
                "finished",
                960,
                940.0 + rng.random() * 40,
                before,
                after,
                ratings,
                stops,
            )
            sessions.append(entry)
            pain.extend(session_ratings(entry, rng))
        if k % 7 == 0:
            base = _clip(level + rng.gauss(0, 0.5))
            answers = tuple(_clip(base + rng.gauss(0, 1.0)) for _ in range(13))
            spadi.append(SpadiEntry(_uuid(rng), noon, ZONE, answers, created_at=noon))
    return Journal(
        timezone=ZONE,
        pain=tuple(pain),
        checkins=tuple(checkins),
        spadi=tuple(spadi),
        sessions=tuple(sessions),
    )


def session_ratings(s: SessionEntry, rng: random.Random) -> list[PainEntry]:
    """The journal's pain entries for a session's before, technique and after ratings."""
    found = [("before", None, s.pain_before)]
    found += [("technique", t, v) for t, v in s.technique_ratings]
    found += [("after", None, s.pain_after)]
    entries = []
    for offset, (context, technique, value) in enumerate(found):
        if value is None:
            continue
        when = s.started_at + timedelta(seconds=offset * 300)
        entries.append(
            PainEntry(
                _uuid(rng),
                value,
                when,
                ZONE,
                context,
                session_id=s.id,
                technique_id=technique,
                created_at=when,
            )
        )
    return entries


def store_journal(services: Actor, journal: Journal) -> None:
    """Write the journal in one transaction (sessions as session rows with their ratings)."""
    person = services.person_id
    with services.unit() as session:
        for s in journal.sessions:
            session.add(_session_row(person, s))
        session.flush()
        for s in journal.sessions:
            for row in _session_children(person, s):
                session.add(row)
        for record in (*journal.pain, *journal.checkins, *journal.spadi):
            journal_repo.add(session, person, record)


def _session_row(person: uuid.UUID, s: SessionEntry) -> tables.SessionRow:
    return tables.SessionRow(
        id=s.id,
        person_id=person,
        routine_id=s.routine_id,
        plan_format=1,
        plan={},
        planned_s=s.planned_s,
        started_at=s.started_at,
        updated_at=s.started_at,
        ended_at=s.started_at + timedelta(seconds=s.actual_s),
        status=s.status,
        pain_before=s.pain_before,
        pain_after=s.pain_after,
    )


def _session_children(person: uuid.UUID, s: SessionEntry) -> list[Any]:
    rows: list[Any] = [
        tables.SessionStep(
            id=uuid.uuid4(),
            person_id=person,
            session_id=s.id,
            step_index=0,
            kind="work",
            technique_id=None,
            side=None,
            target_s=float(s.planned_s),
            actual_s=s.actual_s,
            outcome="completed",
            started_offset_s=0.0,
            recorded_at=s.started_at,
        )
    ]
    for rule in s.stop_rules:
        rows.append(
            tables.StopEventRow(
                id=uuid.uuid4(),
                person_id=person,
                session_id=s.id,
                step_index=0,
                technique_id=None,
                rule_id=rule,
                action="stop_session",
                reason="",
                at_offset_s=10.0,
                recorded_at=s.started_at,
            )
        )
    return rows
