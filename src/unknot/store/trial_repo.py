"""Trials in the database: rows in, core values out (the caller owns the transaction).

The services use :class:`TrialRepo`, built from the Actor: it finds only the trials of the
people the Actor may see (anyone else's is not found) and plans trials for the person acting.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from unknot.core.trial import Design, Event
from unknot.store import tables
from unknot.store.scope import Who

OPEN = "open"


@dataclass(frozen=True)
class StoredEvent:
    kind: str
    day: date
    recorded_at: datetime
    reason: str
    detail: dict[str, Any]

    @property
    def event(self) -> Event:
        return Event(self.kind, self.day, self.reason)


@dataclass(frozen=True)
class StoredTrial:
    """A trial as stored: the design, the seed and the realised sequence, never redrawn."""

    id: uuid.UUID
    design: Design
    start: date
    seed: int
    sequence: tuple[str, ...]
    randomisation: str
    created_at: datetime
    timezone: str
    design_check: dict[str, Any]
    assessed_by_clinician: bool
    screening_tier: str
    is_open: bool
    closed_at: datetime | None
    events: tuple[StoredEvent, ...]

    @property
    def core_events(self) -> tuple[Event, ...]:
        return tuple(e.event for e in self.events)


def add_trial(session: Session, person_id: uuid.UUID, trial: StoredTrial) -> None:
    d = trial.design
    session.add(
        tables.TrialRow(
            id=trial.id,
            person_id=person_id,
            created_at=trial.created_at,
            timezone=trial.timezone,
            start_day=trial.start,
            arm_a=d.arm_a,
            arm_b=d.arm_b,
            period_days=d.period_days,
            pairs_planned=d.pairs,
            baseline=d.baseline,
            run_in_days=d.run_in_days,
            mcid=d.mcid,
            trend=d.trend,
            threshold=d.threshold,
            seed=str(trial.seed),
            sequence=list(trial.sequence),
            randomisation=trial.randomisation,
            design_check=trial.design_check,
            assessed_by_clinician=trial.assessed_by_clinician,
            screening_tier=trial.screening_tier,
            open_slot=OPEN,
        )
    )
    session.flush()  # the one-open-trial constraint speaks now, inside the caller's unit


def open_trial_row(session: Session, person_id: uuid.UUID) -> tables.TrialRow | None:
    return session.scalars(
        select(tables.TrialRow).where(
            tables.TrialRow.person_id == person_id, tables.TrialRow.open_slot == OPEN
        )
    ).first()


def latest_trial_row(session: Session, person_id: uuid.UUID) -> tables.TrialRow | None:
    return session.scalars(
        select(tables.TrialRow)
        .where(tables.TrialRow.person_id == person_id)
        .order_by(tables.TrialRow.created_at.desc())
        .limit(1)
    ).first()


def trial_row(
    session: Session, people: Collection[uuid.UUID], trial_id: uuid.UUID
) -> tables.TrialRow | None:
    """The trial ``trial_id`` if it belongs to one of ``people`` (anyone else's is not found)."""
    row = tables.TrialRow
    return session.scalars(select(row).where(row.id == trial_id, row.person_id.in_(people))).first()


def trial_rows(session: Session, person_id: uuid.UUID) -> list[tables.TrialRow]:
    return list(
        session.scalars(
            select(tables.TrialRow)
            .where(tables.TrialRow.person_id == person_id)
            .order_by(tables.TrialRow.created_at.desc())
        ).all()
    )


def to_stored(session: Session, row: tables.TrialRow) -> StoredTrial:
    events = session.scalars(
        select(tables.TrialEventRow)
        .where(tables.TrialEventRow.trial_id == row.id)
        .order_by(tables.TrialEventRow.recorded_at, tables.TrialEventRow.id)
    ).all()
    design = Design(
        arm_a=row.arm_a,
        arm_b=row.arm_b,
        period_days=row.period_days,
        pairs=row.pairs_planned,
        baseline=row.baseline,
        run_in_days=row.run_in_days,
        mcid=row.mcid,
        trend=row.trend,
        threshold=row.threshold,
    )
    return StoredTrial(
        id=row.id,
        design=design,
        start=row.start_day,
        seed=int(row.seed),
        sequence=tuple(row.sequence),
        randomisation=row.randomisation,
        created_at=row.created_at,
        timezone=row.timezone,
        design_check=dict(row.design_check),
        assessed_by_clinician=row.assessed_by_clinician,
        screening_tier=row.screening_tier,
        is_open=row.open_slot == OPEN,
        closed_at=row.closed_at,
        events=tuple(
            StoredEvent(e.kind, e.day, e.recorded_at, e.reason, dict(e.detail)) for e in events
        ),
    )


def add_event(
    session: Session, person_id: uuid.UUID, trial_id: uuid.UUID, event: StoredEvent
) -> None:
    session.add(
        tables.TrialEventRow(
            id=uuid.uuid4(),
            person_id=person_id,
            trial_id=trial_id,
            kind=event.kind,
            recorded_at=event.recorded_at,
            day=event.day,
            reason=event.reason,
            detail=event.detail,
        )
    )


def close(row: tables.TrialRow, now: datetime) -> None:
    row.open_slot = None
    row.closed_at = now


class AlreadyOpen(Exception):
    """The person has an open trial already (the one-open-trial constraint said so)."""


class TrialRepo:
    """The trials of the person acting, in one transaction (``session``, the caller's)."""

    def __init__(self, session: Session, who: Who) -> None:
        self.session = session
        self.person_id = who.person_id
        self.people = frozenset(who.people)

    def open(self) -> StoredTrial | None:
        """The person's open trial (planned, running or paused), if there is one."""
        row = open_trial_row(self.session, self.person_id)
        return None if row is None else to_stored(self.session, row)

    def latest(self) -> StoredTrial | None:
        row = latest_trial_row(self.session, self.person_id)
        return None if row is None else to_stored(self.session, row)

    def get(self, trial_id: uuid.UUID) -> StoredTrial | None:
        row = trial_row(self.session, self.people, trial_id)
        return None if row is None else to_stored(self.session, row)

    def all(self) -> list[StoredTrial]:
        """Every trial of the person, newest first."""
        return [to_stored(self.session, r) for r in trial_rows(self.session, self.person_id)]

    def add(self, trial: StoredTrial) -> None:
        """Plan ``trial`` for the person; :class:`AlreadyOpen` when one is open already."""
        try:
            add_trial(self.session, self.person_id, trial)
        except IntegrityError:
            raise AlreadyOpen from None

    def add_event(self, trial_id: uuid.UUID, event: StoredEvent) -> None:
        self._row(trial_id)
        add_event(self.session, self.person_id, trial_id, event)

    def set_sequence(self, trial_id: uuid.UUID, sequence: tuple[str, ...]) -> None:
        self._row(trial_id).sequence = list(sequence)

    def close(self, trial_id: uuid.UUID, now: datetime) -> None:
        close(self._row(trial_id), now)

    def _row(self, trial_id: uuid.UUID) -> tables.TrialRow:
        row = trial_row(self.session, self.people, trial_id)
        assert row is not None, "changing a trial the caller could not have found"
        return row
