"""Played sessions in the database, looked up only among the people a caller may see.

A session of anyone else is "not found": its row is never loaded (the caller owns the
transaction).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from unknot.store import tables


def session_row(
    session: Session, people: Collection[uuid.UUID], session_id: uuid.UUID
) -> tables.SessionRow | None:
    """The session ``session_id`` if it belongs to one of ``people``."""
    row = tables.SessionRow
    return session.scalars(
        select(row).where(row.id == session_id, row.person_id.in_(people))
    ).first()


def id_taken(session: Session, session_id: uuid.UUID) -> bool:
    """Whether any session, of anyone, has this id (a new one cannot take it)."""
    row = tables.SessionRow
    return session.scalar(select(row.id).where(row.id == session_id)) is not None


def running_rows(
    session: Session, people: Collection[uuid.UUID], status: str
) -> Sequence[tables.SessionRow]:
    """The sessions of ``people`` whose status is still ``status``."""
    row = tables.SessionRow
    return session.scalars(select(row).where(row.person_id.in_(people), row.status == status)).all()


def newest_rows(
    session: Session, people: Collection[uuid.UUID], limit: int | None = None
) -> Sequence[tables.SessionRow]:
    """The sessions of ``people``, newest first (at most ``limit`` of them)."""
    row = tables.SessionRow
    query = select(row).where(row.person_id.in_(people)).order_by(row.started_at.desc())
    return session.scalars(query.limit(limit) if limit else query).all()


def steps_of(session: Session, session_id: uuid.UUID) -> Sequence[tables.SessionStep]:
    step = tables.SessionStep
    return session.scalars(
        select(step)
        .where(step.session_id == session_id)
        .order_by(step.recorded_at, step.step_index)
    ).all()


def work_steps_of(session: Session, session_id: uuid.UUID) -> Sequence[tables.SessionStep]:
    step = tables.SessionStep
    return session.scalars(
        select(step).where(step.session_id == session_id, step.kind == "work")
    ).all()


def stops_of(session: Session, session_id: uuid.UUID) -> Sequence[tables.StopEventRow]:
    stop = tables.StopEventRow
    return session.scalars(select(stop).where(stop.session_id == session_id)).all()


def first_stop_rule(session: Session, session_id: uuid.UUID, action: str) -> str | None:
    """The rule id of the session's first stop with ``action``, if there is one."""
    stop = tables.StopEventRow
    rule: str | None = session.scalars(
        select(stop.rule_id)
        .where(stop.session_id == session_id, stop.action == action)
        .order_by(stop.recorded_at)
        .limit(1)
    ).first()
    return rule


def ratings_of(
    session: Session, session_id: uuid.UUID, context: str
) -> Sequence[tables.PainRating]:
    rating = tables.PainRating
    return session.scalars(
        select(rating).where(rating.session_id == session_id, rating.context == context)
    ).all()


def progression_rows(
    session: Session, people: Collection[uuid.UUID]
) -> Sequence[tables.ProgressionRow]:
    """Each technique's dose level and streak, for ``people``."""
    row = tables.ProgressionRow
    return session.scalars(select(row).where(row.person_id.in_(people))).all()
