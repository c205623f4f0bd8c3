"""Repositories: rows in, core objects out. Callers own the transaction (a Session)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from unknot.core.profile import Pressure, Profile, Shoulder
from unknot.store import tables


def local_person(session: Session, now: datetime) -> uuid.UUID:
    """The one implicit person of single-user mode, created on first use."""
    found = session.scalars(
        select(tables.Person.id).where(tables.Person.kind == "local").limit(1)
    ).first()
    if found is not None:
        return found
    person = tables.Person(id=uuid.uuid4(), kind="local", display_name="", created_at=now)
    session.add(person)
    session.flush()
    return person.id


def load_profile(session: Session, person_id: uuid.UUID) -> Profile:
    row = session.scalars(
        select(tables.Profile).where(tables.Profile.person_id == person_id)
    ).first()
    if row is None:
        return Profile()
    return Profile(
        painful_shoulder=Shoulder(row.painful_shoulder),
        causes=tuple(row.causes),
        minutes_available=row.minutes_available,
        pressure=Pressure(row.pressure),
        country=row.country,
        timezone=row.timezone,
        language=row.language,
    )


def save_profile(session: Session, person_id: uuid.UUID, profile: Profile, now: datetime) -> None:
    row = session.scalars(
        select(tables.Profile).where(tables.Profile.person_id == person_id)
    ).first()
    if row is None:
        row = tables.Profile(id=uuid.uuid4(), person_id=person_id)
        session.add(row)
    row.painful_shoulder = profile.painful_shoulder.value
    row.causes = list(profile.causes)
    row.minutes_available = profile.minutes_available
    row.pressure = profile.pressure.value
    row.country = profile.country
    row.timezone = profile.timezone
    row.language = profile.language
    row.updated_at = now


def load_hip_surgery(session: Session, person_id: uuid.UUID) -> dict[str, Any]:
    row = session.scalars(
        select(tables.Profile).where(tables.Profile.person_id == person_id)
    ).first()
    return dict(row.hip_surgery) if row is not None and row.hip_surgery else {}


def save_hip_surgery(
    session: Session, person_id: uuid.UUID, data: dict[str, Any], now: datetime
) -> None:
    row = session.scalars(
        select(tables.Profile).where(tables.Profile.person_id == person_id)
    ).first()
    if row is None:
        save_profile(session, person_id, Profile(), now)
        session.flush()
        return save_hip_surgery(session, person_id, data, now)
    row.hip_surgery = dict(data)
    row.updated_at = now
    return None


def add_screening(session: Session, person_id: uuid.UUID, **fields: Any) -> uuid.UUID:
    row = tables.Screening(id=uuid.uuid4(), person_id=person_id, **fields)
    session.add(row)
    session.flush()
    return row.id


def latest_screening(session: Session, person_id: uuid.UUID) -> tables.Screening | None:
    return session.scalars(
        select(tables.Screening)
        .where(tables.Screening.person_id == person_id)
        .order_by(tables.Screening.taken_at.desc())
        .limit(1)
    ).first()
