"""The tables. Every record has a UUID and belongs to a person (the first table)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from unknot.store.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


def _person_fk() -> Mapped[uuid.UUID]:
    return mapped_column(
        Uuid, ForeignKey("person.id", ondelete="CASCADE"), index=True, nullable=False
    )


class Person(Base):
    __tablename__ = "person"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(String(16), default="local")  # local | account
    display_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime]


class Profile(Base):
    __tablename__ = "profile"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("person.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    painful_shoulder: Mapped[str] = mapped_column(String(8), default="")
    causes: Mapped[list[Any]] = mapped_column(default=list)
    conditions: Mapped[list[Any]] = mapped_column(default=list)
    minutes_available: Mapped[int | None] = mapped_column(Integer, nullable=True)
    pressure: Mapped[str] = mapped_column(String(16), default="light")
    country: Mapped[str] = mapped_column(String(8), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="")
    language: Mapped[str] = mapped_column(String(16), default="")
    hip_surgery: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime]


class Screening(Base):
    __tablename__ = "screening"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = _person_fk()
    taken_at: Mapped[datetime]
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    tier: Mapped[str] = mapped_column(String(16))  # core.screening.Tier: referral urgency
    triggered: Mapped[list[Any]] = mapped_column(default=list)  # every "yes"
    checked: Mapped[list[Any]] = mapped_column(default=list)  # "yes" a clinician had checked
    conditions: Mapped[list[Any]] = mapped_column(default=list)
    country: Mapped[str] = mapped_column(String(8), default="")
    assessed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    rules_version: Mapped[str] = mapped_column(String(32), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)
    routine_status: Mapped[str] = mapped_column(String(16), default="")  # "", booked, seen
    routine_marked_at: Mapped[datetime | None] = mapped_column(nullable=True)


class SessionRow(Base):
    """One guided session: the plan it ran, how it ended, pain before and after."""

    __tablename__ = "session"
    # the person's records in a time window (reports, the journal): one index range scan
    __table_args__ = (Index("ix_session_person_id_started_at", "person_id", "started_at"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = _person_fk()
    routine_id: Mapped[str] = mapped_column(String(80))
    plan_format: Mapped[int] = mapped_column(Integer)
    plan: Mapped[dict[str, Any]] = mapped_column(default=dict)
    planned_s: Mapped[int] = mapped_column(Integer, default=0)
    face: Mapped[str] = mapped_column(String(16), default="terminal")  # terminal | browser
    started_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    ended_at: Mapped[datetime | None] = mapped_column(nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="running")
    end_reason: Mapped[str] = mapped_column(Text, default="")
    pain_before: Mapped[int | None] = mapped_column(Integer, nullable=True)
    pain_after: Mapped[int | None] = mapped_column(Integer, nullable=True)
    speed: Mapped[float] = mapped_column(default=1.0)
    followup_settled: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    followup_worse: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    followup_at: Mapped[datetime | None] = mapped_column(nullable=True)


class SessionStep(Base):
    """One played step: target and actual time (F5: target vs actual on every log row)."""

    __tablename__ = "session_step"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = _person_fk()
    session_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("session.id", ondelete="CASCADE"), index=True
    )
    step_index: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    technique_id: Mapped[str | None] = mapped_column(String(80), nullable=True)
    side: Mapped[str | None] = mapped_column(String(8), nullable=True)
    target_s: Mapped[float]
    actual_s: Mapped[float]
    outcome: Mapped[str] = mapped_column(String(16))
    started_offset_s: Mapped[float]
    recorded_at: Mapped[datetime]


class PainRating(Base):
    """A 0-10 shoulder pain rating: before/after a session, after a technique, or any time."""

    __tablename__ = "pain_rating"
    # the person's records in a time window (reports, the journal): one index range scan
    __table_args__ = (Index("ix_pain_rating_person_id_taken_at", "person_id", "taken_at"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = _person_fk()
    value: Mapped[int] = mapped_column(Integer)
    taken_at: Mapped[datetime] = mapped_column(index=True)
    timezone: Mapped[str] = mapped_column(String(64), default="")
    context: Mapped[str] = mapped_column(String(16))  # before | after | technique | during | log
    session_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("session.id", ondelete="SET NULL"), nullable=True, index=True
    )
    technique_id: Mapped[str | None] = mapped_column(String(80), nullable=True)
    location: Mapped[str] = mapped_column(String(32), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    replaces_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    deleted_at: Mapped[datetime | None] = mapped_column(nullable=True)


class StopEventRow(Base):
    __tablename__ = "stop_event"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = _person_fk()
    session_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("session.id", ondelete="CASCADE"), index=True
    )
    step_index: Mapped[int] = mapped_column(Integer)
    technique_id: Mapped[str | None] = mapped_column(String(80), nullable=True)
    rule_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text, default="")
    at_offset_s: Mapped[float]
    recorded_at: Mapped[datetime]


class ProgressionRow(Base):
    """Where each technique's dose stands for a person (the rule is in core.progression)."""

    __tablename__ = "progression"
    __table_args__ = (UniqueConstraint("person_id", "technique_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = _person_fk()
    technique_id: Mapped[str] = mapped_column(String(80))
    level: Mapped[float] = mapped_column(default=0.0)
    streak: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime]


class CheckInRow(Base):
    """The daily check-in (F7). Edits add a row that replaces the old one; deletes mark it."""

    __tablename__ = "checkin"
    # the person's records in a time window (reports, the journal): one index range scan
    __table_args__ = (Index("ix_checkin_person_id_day", "person_id", "day"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = _person_fk()
    day: Mapped[date] = mapped_column(Date, index=True)
    taken_at: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(String(64), default="")
    average_pain: Mapped[int] = mapped_column(Integer)
    worst_pain: Mapped[int] = mapped_column(Integer)
    locations: Mapped[list[Any]] = mapped_column(default=list)
    sleep_disturbed: Mapped[bool] = mapped_column(Boolean, default=False)
    painkillers: Mapped[bool] = mapped_column(Boolean, default=False)
    other_treatment: Mapped[str] = mapped_column(Text, default="")
    # The habits: NULL when the check-in did not say (migration 0007).
    posture_breaks: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    activity: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    water: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    stretching: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    replaces_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    deleted_at: Mapped[datetime | None] = mapped_column(nullable=True)


class SpadiRow(Base):
    """One SPADI questionnaire: the 13 answers as given (scores are computed, not stored)."""

    __tablename__ = "spadi"
    # the person's records in a time window (reports, the journal): one index range scan
    __table_args__ = (Index("ix_spadi_person_id_taken_at", "person_id", "taken_at"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = _person_fk()
    taken_at: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(String(64), default="")
    answers: Mapped[list[Any]] = mapped_column(default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    replaces_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    deleted_at: Mapped[datetime | None] = mapped_column(nullable=True)


class NoteRow(Base):
    __tablename__ = "note"
    # the person's records in a time window (reports, the journal): one index range scan
    __table_args__ = (Index("ix_note_person_id_taken_at", "person_id", "taken_at"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = _person_fk()
    taken_at: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(String(64), default="")
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    replaces_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    deleted_at: Mapped[datetime | None] = mapped_column(nullable=True)


class TrialRow(Base):
    """A personal trial (issue 8): its design, seed and realised sequence, stored once.

    ``open_slot`` is "open" while the trial is planned, running or paused, and NULL once it has
    finished or stopped; the unique constraint on (person, open_slot) keeps one open trial per
    person on SQLite and PostgreSQL alike (NULLs never collide).
    """

    __tablename__ = "trial"
    __table_args__ = (UniqueConstraint("person_id", "open_slot"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = _person_fk()
    created_at: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(String(64), default="")
    start_day: Mapped[date] = mapped_column(Date)
    arm_a: Mapped[str] = mapped_column(String(80))
    arm_b: Mapped[str] = mapped_column(String(80))
    period_days: Mapped[int] = mapped_column(Integer)
    pairs_planned: Mapped[int] = mapped_column(Integer)
    baseline: Mapped[bool] = mapped_column(Boolean, default=False)
    run_in_days: Mapped[int] = mapped_column(Integer, default=0)
    mcid: Mapped[float]
    trend: Mapped[bool] = mapped_column(Boolean, default=False)
    threshold: Mapped[float]
    seed: Mapped[str] = mapped_column(String(32))  # decimal; 63-bit values fit any database
    sequence: Mapped[list[Any]] = mapped_column(default=list)  # ["AB", "BA", …] as drawn
    randomisation: Mapped[str] = mapped_column(Text, default="")
    design_check: Mapped[dict[str, Any]] = mapped_column(default=dict)
    assessed_by_clinician: Mapped[bool] = mapped_column(Boolean, default=False)
    screening_tier: Mapped[str] = mapped_column(String(16), default="")
    open_slot: Mapped[str | None] = mapped_column(String(8), nullable=True, default="open")
    closed_at: Mapped[datetime | None] = mapped_column(nullable=True)


class TrialEventRow(Base):
    """Pause, resume, extend by a pair, or stop: when, from which of the person's days, why."""

    __tablename__ = "trial_event"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = _person_fk()
    trial_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("trial.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    recorded_at: Mapped[datetime]
    day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class WebSessionRow(Base):
    """A login on the web (issue 14): a device's cookie, revocable from the server.

    ``id`` is the SHA-256 (hex) of the random value in the cookie, never the value itself, so
    a copy of the database opens no session. ``token_hash`` is the hash of the web token the
    login used: a new token ends every session opened with the old one. The clinic's accounts
    will add who logged in beside ``person_id``.
    """

    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[uuid.UUID] = _person_fk()
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)
    user_agent: Mapped[str] = mapped_column(String(80), default="")


class WebPairingRow(Base):
    """A pairing link (issue 15): opened once within 10 minutes, it logs a phone in.

    ``id`` is the SHA-256 (hex) of the link's random code; ``token_hash`` binds it to the web
    token configured when it was made, as a session is. ``used_at`` is set by the one request
    that redeems it.
    """

    __tablename__ = "web_pairings"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[uuid.UUID] = _person_fk()
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(nullable=True)
