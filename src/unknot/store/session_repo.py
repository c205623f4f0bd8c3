"""Played sessions in the database, looked up only among the people a caller may see.

A session of anyone else is "not found": its row is never loaded (the caller owns the
transaction).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection

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
