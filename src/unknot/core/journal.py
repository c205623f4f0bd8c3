"""The journal's records (F7), as plain values the statistics and exports work on.

Every record has a UUID, an aware UTC time (``taken_at``) and the IANA time zone the person
was in (``timezone``), so "today" can follow the person's day. Records are never changed in
place: an edit adds a new record whose ``replaces_id`` names the old one, and a delete sets
``deleted_at``. :func:`current` picks what is in force; the history stays.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Protocol, TypeVar

SIDES = ("left", "right", "both")
REGIONS = ("front", "top", "back")
LOCATIONS = tuple(f"{side}-{region}" for side in SIDES for region in REGIONS)

# Where a pain rating came from.
CONTEXTS = ("log", "before", "after", "technique", "during")

# The seed's four habits (the check-in asks each as yes/no for the day).
HABITS = ("posture_breaks", "activity", "water", "stretching")


@dataclass(frozen=True)
class PainEntry:
    id: uuid.UUID
    value: int  # 0-10, whole numbers (LOINC 72514-3 scale)
    taken_at: datetime
    timezone: str
    context: str = "log"
    location: str = ""
    note: str = ""
    session_id: uuid.UUID | None = None
    technique_id: str | None = None
    created_at: datetime | None = None
    replaces_id: uuid.UUID | None = None
    deleted_at: datetime | None = None


@dataclass(frozen=True)
class CheckIn:
    """The daily check-in: pain over the last 24 hours, sleep, treatments, habits."""

    id: uuid.UUID
    day: date  # the person's own calendar day the check-in is about
    taken_at: datetime
    timezone: str
    average_pain: int
    worst_pain: int
    locations: tuple[str, ...] = ()
    sleep_disturbed: bool = False
    painkillers: bool = False
    other_treatment: str = ""
    posture_breaks: bool = False
    activity: bool = False
    water: bool = False
    stretching: bool = False
    note: str = ""
    created_at: datetime | None = None
    replaces_id: uuid.UUID | None = None
    deleted_at: datetime | None = None

    def habit(self, name: str) -> bool:
        return bool(getattr(self, name))


@dataclass(frozen=True)
class SpadiEntry:
    """One SPADI questionnaire: 13 answers 0-10 (None = not answered), pain items first."""

    id: uuid.UUID
    taken_at: datetime
    timezone: str
    answers: tuple[int | None, ...]
    note: str = ""
    created_at: datetime | None = None
    replaces_id: uuid.UUID | None = None
    deleted_at: datetime | None = None


@dataclass(frozen=True)
class Note:
    id: uuid.UUID
    taken_at: datetime
    timezone: str
    text: str
    created_at: datetime | None = None
    replaces_id: uuid.UUID | None = None
    deleted_at: datetime | None = None


@dataclass(frozen=True)
class SessionEntry:
    """A guided session as the statistics see it."""

    id: uuid.UUID
    routine_id: str
    started_at: datetime
    timezone: str
    status: str  # finished | quit | stopped | partial
    planned_s: int
    actual_s: float
    pain_before: int | None
    pain_after: int | None
    technique_ratings: tuple[tuple[str, int], ...] = ()  # (technique id, pain after it)
    stop_rules: tuple[str, ...] = ()


class Versioned(Protocol):
    @property
    def id(self) -> uuid.UUID: ...

    @property
    def replaces_id(self) -> uuid.UUID | None: ...

    @property
    def deleted_at(self) -> datetime | None: ...


V = TypeVar("V", bound=Versioned)


def current(records: Iterable[V]) -> list[V]:
    """The records in force: not replaced by a later edit and not deleted (order kept)."""
    items = list(records)
    replaced = {r.replaces_id for r in items if r.replaces_id is not None}
    return [r for r in items if r.id not in replaced and r.deleted_at is None]


def local_day(moment: datetime, zone: tzinfo) -> date:
    """The person's calendar day of an aware moment."""
    return moment.astimezone(zone).date()


def by_day(entries: Sequence[PainEntry], zone: tzinfo) -> dict[date, list[int]]:
    """Pain values grouped by the person's local day, in time order within a day."""
    days: dict[date, list[int]] = {}
    for entry in sorted(entries, key=lambda e: e.taken_at):
        days.setdefault(local_day(entry.taken_at, zone), []).append(entry.value)
    return days
