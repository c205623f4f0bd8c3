"""Sessions played in the browser, stored whole and replaced whole (the caller's transaction).

:class:`UploadRepo` is built from the Actor: it finds only the sessions of the people the
Actor may see and writes rows of those people only. The services describe the rows as plain
values (:class:`Child`); the repository makes and compares the table rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from unknot.store import session_repo, tables
from unknot.store.scope import OutOfScope, Who

_TABLES: dict[str, Any] = {
    "step": tables.SessionStep,
    "stop": tables.StopEventRow,
    "rating": tables.PainRating,
}


@dataclass(frozen=True)
class Child:
    """One row under a session: a played step, a stop event or a pain rating."""

    kind: str  # step | stop | rating
    values: dict[str, Any]

    @property
    def id(self) -> uuid.UUID:
        found = self.values["id"]
        assert isinstance(found, uuid.UUID)
        return found


class UploadRepo:
    def __init__(self, session: Session, who: Who) -> None:
        self.session = session
        self.person_id = who.person_id
        self.people = frozenset(who.people)

    def stored(self, session_id: uuid.UUID) -> tables.SessionRow | None:
        """The session ``session_id`` if it is one of the people's."""
        return session_repo.session_row(self.session, self.people, session_id)

    def id_taken(self, session_id: uuid.UUID) -> bool:
        """Whether any session, of anyone, has this id (a new one cannot take it)."""
        return session_repo.id_taken(self.session, session_id)

    def unchanged(
        self, row: tables.SessionRow, fields: dict[str, Any], children: Sequence[Child]
    ) -> bool:
        """Whether the stored session already has these values and exactly these rows."""
        if not all(_equal(getattr(row, name), value) for name, value in fields.items()):
            return False
        stored: dict[uuid.UUID, Any] = {}
        for table in _TABLES.values():
            query = select(table).where(table.session_id == row.id)
            stored.update((r.id, r) for r in self.session.scalars(query))
        if stored.keys() != {c.id for c in children}:
            return False
        return all(_same_row(stored[c.id], c) for c in children)

    def new(self, session_id: uuid.UUID, **values: Any) -> tables.SessionRow:
        """A new session of the person acting (added to the transaction)."""
        row = tables.SessionRow(id=session_id, person_id=self.person_id, **values)
        self.session.add(row)
        return row

    def replace(
        self, row: tables.SessionRow, fields: dict[str, Any], children: Sequence[Child]
    ) -> None:
        """Give the session ``fields`` and replace every row under it with ``children``."""
        if row.person_id not in self.people or any(
            c.values["person_id"] not in self.people for c in children
        ):
            raise OutOfScope("a session row of another person")
        for name, value in fields.items():
            setattr(row, name, value)
        self.session.flush()
        for table in _TABLES.values():
            self.session.execute(delete(table).where(table.session_id == row.id))
        self.session.add_all(_TABLES[c.kind](**c.values) for c in children)


def _same_row(stored: Any, wanted: Child) -> bool:
    """Every value given (the others are left to their defaults) is the stored one."""
    return all(_equal(getattr(stored, name), value) for name, value in wanted.values.items())


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, datetime) and isinstance(b, datetime):
        return _utc(a) == _utc(b)
    return bool(a == b)


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
