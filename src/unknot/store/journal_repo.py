"""Journal rows <-> core records (pain ratings, check-ins, SPADI, notes, sessions).

Callers own the transaction. Reads select columns rather than ORM objects: a ten-year journal
has tens of thousands of rows and the statistics read all of them. The services use
:class:`JournalRepo`, built from the Actor: it reads and changes only the records of the people
the Actor may see (anyone else's record is not found).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Sequence
from dataclasses import fields
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from unknot.core.journal import (
    CheckIn,
    Note,
    PainEntry,
    Record,
    SessionEntry,
    SpadiEntry,
    current,
)
from unknot.store import tables
from unknot.store.scope import Who

TABLES: dict[type, Any] = {
    PainEntry: tables.PainRating,
    CheckIn: tables.CheckInRow,
    SpadiEntry: tables.SpadiRow,
    Note: tables.NoteRow,
}
KINDS: dict[type, str] = {PainEntry: "pain", CheckIn: "checkin", SpadiEntry: "spadi", Note: "note"}

R = TypeVar("R", PainEntry, CheckIn, SpadiEntry, Note)


# --- writing -------------------------------------------------------------------------------


def add(session: Session, person_id: uuid.UUID, record: Record) -> None:
    session.add(TABLES[type(record)](person_id=person_id, **_columns(record)))


def lock_person(session: Session, person_id: uuid.UUID) -> None:
    """Take the person's write lock for the rest of the transaction, before reading.

    SQLite: ``BEGIN IMMEDIATE`` takes the database's write lock now (waiting up to
    ``busy_timeout`` for another writer), so nothing read in this transaction can change before
    it writes. Without it, the driver would begin the transaction only at the first write.
    PostgreSQL: the person's row ``FOR UPDATE``; a second writer waits for the first to commit
    and then reads what it wrote.
    """
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        return
    session.execute(select(tables.Person.id).where(tables.Person.id == person_id).with_for_update())


def mark_deleted(
    session: Session, people: Collection[uuid.UUID], record: Record, when: datetime
) -> None:
    table = TABLES[type(record)]
    row = session.scalars(
        select(table).where(table.id == record.id, table.person_id.in_(people))
    ).first()
    assert row is not None, "marking a record the caller could not have found"
    row.deleted_at = when


def _columns(record: Record) -> dict[str, Any]:
    values = {f.name: getattr(record, f.name) for f in fields(record)}
    if isinstance(record, CheckIn):
        values["locations"] = list(record.locations)
    if isinstance(record, SpadiEntry):
        values["answers"] = list(record.answers)
    return values


# --- reading -------------------------------------------------------------------------------


def load(
    session: Session,
    person_id: uuid.UUID,
    kind: type[R],
    since: datetime | None = None,
    *,
    current_only: bool = False,
) -> list[R]:
    """Records of one kind, oldest first; with ``current_only`` only those in force."""
    table = TABLES[kind]
    query = _rows(table, person_id, current_only)
    if since is not None:
        query = query.where(table.taken_at >= since)
    rows = session.execute(query.order_by(table.taken_at, table.created_at)).all()
    return [to_record(kind, row) for row in rows]


def load_checkins_since_day(
    session: Session, person_id: uuid.UUID, day: Any, *, current_only: bool = True
) -> list[CheckIn]:
    table = tables.CheckInRow
    query = _rows(table, person_id, current_only)
    if day is not None:
        query = query.where(table.day >= day)
    rows = session.execute(query.order_by(table.day, table.taken_at)).all()
    return [to_record(CheckIn, row) for row in rows]


def checkins_of_day(session: Session, person_id: uuid.UUID, day: Any) -> list[CheckIn]:
    """The check-ins in force for one of the person's days (normally one)."""
    table = tables.CheckInRow
    query = _rows(table, person_id, current_only=True).where(table.day == day)
    return [to_record(CheckIn, row) for row in session.execute(query.order_by(table.taken_at))]


def replaced_ids(session: Session, person_id: uuid.UUID, kind: type) -> set[uuid.UUID]:
    table = TABLES[kind]
    query = select(table.replaces_id).where(
        table.person_id == person_id, table.replaces_id.is_not(None)
    )
    return set(session.scalars(query))


def successor(
    session: Session, people: Collection[uuid.UUID], kind: type, record_id: uuid.UUID
) -> uuid.UUID | None:
    """The edit that replaced ``record_id``, if any (among the records of ``people``)."""
    table = TABLES[kind]
    query = select(table.id).where(table.replaces_id == record_id, table.person_id.in_(people))
    return session.scalars(query.limit(1)).first()


def ids(session: Session, person_id: uuid.UUID) -> list[tuple[type, uuid.UUID]]:
    """Every journal record id of the person, with its kind (for id-prefix look-ups)."""
    found: list[tuple[type, uuid.UUID]] = []
    for kind, table in TABLES.items():
        found += [
            (kind, i) for i in session.scalars(select(table.id).where(table.person_id == person_id))
        ]
    return found


def get(
    session: Session, people: Collection[uuid.UUID], kind: type[R], record_id: uuid.UUID
) -> R | None:
    """The record ``record_id`` if it belongs to one of ``people``."""
    table = TABLES[kind]
    query = select(table.__table__).where(table.id == record_id, table.person_id.in_(people))
    row = session.execute(query).first()
    return None if row is None else to_record(kind, row)


def _rows(table: Any, person_id: uuid.UUID, current_only: bool) -> Select[Any]:
    query = select(table.__table__).where(table.person_id == person_id)
    if not current_only:
        return query
    replaced = select(table.replaces_id).where(
        table.person_id == person_id, table.replaces_id.is_not(None)
    )
    return query.where(table.deleted_at.is_(None), table.id.not_in(replaced))


def to_record(kind: type[R], row: Any) -> R:
    values = {f.name: getattr(row, f.name) for f in fields(kind)}
    if kind is CheckIn:
        values["locations"] = tuple(values["locations"] or ())
    if kind is SpadiEntry:
        values["answers"] = tuple(values["answers"])
    return kind(**values)


# --- sessions ------------------------------------------------------------------------------


def load_sessions(
    session: Session, person_id: uuid.UUID, since: datetime | None, zone_name: str
) -> list[SessionEntry]:
    """Guided sessions as the statistics see them, in five queries whatever their number.

    A session's pain before and after follow its ratings when they were corrected or deleted
    in the journal; otherwise the values saved on the session stand.
    """
    s = tables.SessionRow
    chosen = select(s.id).where(s.person_id == person_id)
    if since is not None:
        chosen = chosen.where(s.started_at >= since)
    query = select(
        s.id, s.routine_id, s.started_at, s.status, s.planned_s, s.pain_before, s.pain_after
    ).where(s.id.in_(chosen))
    rows = session.execute(query.order_by(s.started_at)).all()
    if not rows:
        return []
    actual = _actual_seconds(session, chosen)
    stops = _stop_rules(session, chosen)
    ratings = _session_ratings(session, chosen)
    played = _played_techniques(session, chosen)
    return [_session_entry(row, actual, stops, ratings, played, zone_name) for row in rows]


def _actual_seconds(session: Session, chosen: Select[Any]) -> dict[Any, float]:
    step = tables.SessionStep
    query = (
        select(step.session_id, func.sum(step.actual_s))
        .where(step.session_id.in_(chosen))
        .group_by(step.session_id)
    )
    return {sid: float(total or 0.0) for sid, total in session.execute(query)}


def _played_techniques(session: Session, chosen: Select[Any]) -> dict[Any, tuple[str, ...]]:
    """The techniques each session played (some active time), in order, each run once."""
    step = tables.SessionStep
    query = (
        select(step.session_id, step.technique_id)
        .where(step.session_id.in_(chosen), step.technique_id.is_not(None), step.actual_s > 0)
        .order_by(step.session_id, step.started_offset_s, step.step_index)
    )
    found: dict[Any, list[str]] = {}
    for sid, technique in session.execute(query):
        order = found.setdefault(sid, [])
        if not order or order[-1] != technique:
            order.append(str(technique))
    return {sid: tuple(order) for sid, order in found.items()}


def _stop_rules(session: Session, chosen: Select[Any]) -> dict[Any, list[str]]:
    stop = tables.StopEventRow
    query = (
        select(stop.session_id, stop.rule_id)
        .where(stop.session_id.in_(chosen))
        .order_by(stop.recorded_at)
    )
    found: dict[Any, list[str]] = {}
    for sid, rule in session.execute(query):
        found.setdefault(sid, []).append(rule)
    return found


def _session_ratings(session: Session, chosen: Select[Any]) -> dict[Any, list[PainEntry]]:
    """Every version of every session rating, grouped by session (time order)."""
    p = tables.PainRating
    query = select(p.__table__).where(p.session_id.in_(chosen)).order_by(p.taken_at, p.created_at)
    found: dict[Any, list[PainEntry]] = {}
    for row in session.execute(query):
        found.setdefault(row.session_id, []).append(to_record(PainEntry, row))
    return found


def _session_entry(
    row: Any,
    actual: dict[Any, float],
    stops: dict[Any, list[str]],
    ratings: dict[Any, list[PainEntry]],
    played: dict[Any, tuple[str, ...]],
    zone_name: str,
) -> SessionEntry:
    versions = ratings.get(row.id, [])
    in_force = current(versions)
    return SessionEntry(
        id=row.id,
        routine_id=row.routine_id,
        started_at=row.started_at,
        timezone=versions[0].timezone if versions and versions[0].timezone else zone_name,
        status="partial" if row.status == "running" else row.status,
        planned_s=row.planned_s,
        actual_s=actual.get(row.id, 0.0),
        pain_before=_pain_of(versions, in_force, "before", row.pain_before),
        pain_after=_pain_of(versions, in_force, "after", row.pain_after),
        technique_ratings=tuple(
            (r.technique_id or "", r.value) for r in in_force if r.context == "technique"
        ),
        stop_rules=tuple(stops.get(row.id, [])),
        techniques=played.get(row.id, ()),
    )


def _pain_of(
    versions: Sequence[PainEntry], in_force: Iterable[PainEntry], context: str, saved: int | None
) -> int | None:
    if not any(v.context == context for v in versions):
        return saved
    values = [r.value for r in in_force if r.context == context]
    return values[-1] if values else None


# --- the repository the services use ------------------------------------------------------


class JournalRepo:
    """The journal of the person acting, in one transaction (``session``, the caller's)."""

    def __init__(self, session: Session, who: Who) -> None:
        self.session = session
        self.person_id = who.person_id
        self.people = frozenset(who.people)

    def add(self, record: Record) -> None:
        add(self.session, self.person_id, record)

    def lock(self) -> None:
        """The person's write lock, for the rest of the transaction (see :func:`lock_person`)."""
        lock_person(self.session, self.person_id)

    def mark_deleted(self, record: Record, when: datetime) -> None:
        mark_deleted(self.session, self.people, record, when)

    def load(
        self, kind: type[R], since: datetime | None = None, *, current_only: bool = False
    ) -> list[R]:
        return load(self.session, self.person_id, kind, since, current_only=current_only)

    def checkins_since_day(self, day: Any, *, current_only: bool = True) -> list[CheckIn]:
        return load_checkins_since_day(self.session, self.person_id, day, current_only=current_only)

    def checkins_of_day(self, day: Any) -> list[CheckIn]:
        return checkins_of_day(self.session, self.person_id, day)

    def replaced_ids(self, kind: type) -> set[uuid.UUID]:
        return replaced_ids(self.session, self.person_id, kind)

    def successor(self, kind: type, record_id: uuid.UUID) -> uuid.UUID | None:
        return successor(self.session, self.people, kind, record_id)

    def ids(self) -> list[tuple[type, uuid.UUID]]:
        return ids(self.session, self.person_id)

    def get(self, kind: type[R], record_id: uuid.UUID) -> R | None:
        return get(self.session, self.people, kind, record_id)

    def sessions(self, since: datetime | None, zone_name: str) -> list[SessionEntry]:
        return load_sessions(self.session, self.person_id, since, zone_name)
