"""The journal (F7): pain ratings, daily check-ins, SPADI and notes, with their history.

Nothing is changed in place. An edit saves a new record whose ``replaces_id`` names the old
one; a delete stamps ``deleted_at``. Both stay in the store, so ``unknot journal --all`` can
show a corrected rating as corrected. "Today" and a check-in's day follow the person's time
zone (the profile's, else the machine's). Reading (lists, look-ups, the statistics' journal)
is in :mod:`unknot.services.journal.read`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from unknot.core.journal import (
    DELETED,
    HABITS,
    CheckIn,
    Note,
    PainEntry,
    Record,
    SpadiEntry,
    check_record,
    kind_name,
)
from unknot.errors import Problem, ValidationError
from unknot.i18n import _
from unknot.services.app import Actor
from unknot.services.journal.read import Entry, find_in
from unknot.services.journal.times import Zone, person_zone, zone_named
from unknot.store.journal_repo import JournalRepo

R = TypeVar("R", PainEntry, CheckIn, SpadiEntry, Note)

# What ``edit`` may change on each kind of record.
EDITABLE: dict[type, tuple[str, ...]] = {
    PainEntry: ("value", "location", "note", "taken_at"),
    CheckIn: (
        "average_pain",
        "worst_pain",
        "locations",
        "sleep_disturbed",
        "painkillers",
        "other_treatment",
        *HABITS,
        "note",
    ),
    SpadiEntry: ("answers", "note", "taken_at"),
    Note: ("text", "taken_at"),
}
CHECKIN_FIELDS = EDITABLE[CheckIn]


@dataclass(frozen=True)
class Saved(Generic[R]):
    """A record just saved, and the one it replaced (an edit) if any."""

    record: R
    replaced: R | None = None


def log_pain(
    actor: Actor,
    value: int,
    *,
    location: str = "",
    note: str = "",
    at: datetime | None = None,
) -> PainEntry:
    """Save a pain rating; ``at`` without a zone is read in the person's zone.

    One transaction reads the person's zone and writes the rating (this is the hot path of
    the API: a phone logs ratings one tap at a time).
    """
    now = actor.clock()
    with actor.unit() as session:
        zone = zone_named(actor.profile_in(session).timezone)
        entry = PainEntry(
            id=uuid.uuid4(),
            value=value,
            taken_at=_when(at, zone, now),
            timezone=zone.name,
            location=location,
            note=note,
            created_at=now,
        )
        _check_and_add(JournalRepo(session, actor), actor, entry, zone)
    return entry


def add_note(actor: Actor, text: str, *, at: datetime | None = None) -> Note:
    now, zone = actor.clock(), person_zone(actor)
    note = Note(
        id=uuid.uuid4(),
        taken_at=_when(at, zone, now),
        timezone=zone.name,
        text=text,
        created_at=now,
    )
    return _save(actor, note, zone).record


def record_spadi(
    actor: Actor,
    answers: Sequence[int | None],
    *,
    note: str = "",
    at: datetime | None = None,
) -> SpadiEntry:
    now, zone = actor.clock(), person_zone(actor)
    entry = SpadiEntry(
        id=uuid.uuid4(),
        taken_at=_when(at, zone, now),
        timezone=zone.name,
        answers=tuple(answers),
        note=note,
        created_at=now,
    )
    return _save(actor, entry, zone).record


def check_in(actor: Actor, values: Mapping[str, Any], *, day: date | None = None) -> Saved[CheckIn]:
    """Save the check-in of ``day`` (default today). A day has one check-in in force: a second
    one for the same day replaces the first, and values not given are kept from it."""
    _refuse_unknown(values, CHECKIN_FIELDS, _("check-in"))
    now, zone = actor.clock(), person_zone(actor)
    the_day = day or zone.today(now)
    given = _tidy({k: v for k, v in values.items() if v is not None})
    with _deciding(actor) as journal:
        found = journal.checkins_of_day(the_day)
        before = found[-1] if found else None
        if before is None:
            _require(given, ("average_pain", "worst_pain"))
            base = CheckIn(
                id=uuid.uuid4(),
                day=the_day,
                taken_at=now,
                timezone=zone.name,
                average_pain=0,
                worst_pain=0,
            )
        else:
            base = replace(before, timezone=zone.name, taken_at=now, replaces_id=before.id)
        fresh = replace(base, id=uuid.uuid4(), created_at=now, deleted_at=None, **given)
        _check_and_add(journal, actor, fresh, zone)
    return Saved(fresh, before)


def edit(actor: Actor, id_prefix: str, changes: Mapping[str, Any]) -> Saved[Any]:
    """Correct a record: the new version replaces the old, which stays as history."""
    now, zone = actor.clock(), person_zone(actor)
    with _deciding(actor) as journal:
        entry = find_in(journal, id_prefix)
        _require_current(entry)
        new = _corrected(entry.record, changes, now, zone)
        _check_and_add(journal, actor, new, zone)
    return Saved(new, entry.record)


def _corrected(old: Record, changes: Mapping[str, Any], now: datetime, zone: Zone) -> Record:
    given = {k: v for k, v in changes.items() if v is not None}
    _refuse_unknown(given, EDITABLE[type(old)], kind_name(old))
    if not given:
        raise ValidationError(
            _("Nothing to change: give a new value."),
            hint=_("Run `unknot journal edit --help` to see what can be changed."),
            web_hint=_(
                "Type the new value next to the entry on the Journal page, then press Correct."
            ),
        )
    if isinstance(given.get("taken_at"), datetime):  # read in the record's own zone if naive
        own = zone_named(old.timezone) if old.timezone else zone
        given["taken_at"] = own.localize(given["taken_at"])
    return replace(old, id=uuid.uuid4(), created_at=now, replaces_id=old.id, **_tidy(given))


def delete(actor: Actor, id_prefix: str) -> Entry:
    """Mark a record deleted (it stays in the history); returns it as now stored."""
    now = actor.clock()
    with _deciding(actor) as journal:
        entry = find_in(journal, id_prefix)
        _require_current(entry)
        journal.mark_deleted(entry.record, now)
    return Entry(replace(entry.record, deleted_at=now), DELETED)


# --- helpers -------------------------------------------------------------------------------


def _save(actor: Actor, record: R, zone: Zone) -> Saved[R]:
    """A new record that depends on nothing already saved: a plain insert."""
    with actor.unit() as session:
        _check_and_add(JournalRepo(session, actor), actor, record, zone)
    return Saved(record)


def _check_and_add(journal: JournalRepo, actor: Actor, record: Record, zone: Zone) -> None:
    now = actor.clock()
    check_record(record, now, zone.today(now))
    journal.add(record)


@contextmanager
def _deciding(actor: Actor) -> Iterator[JournalRepo]:
    """A transaction whose reads decide its write (which check-in is in force, whether an
    entry is still current). It holds the person's write lock from the start, so a second
    process doing the same waits instead of forking the history."""
    with actor.unit() as session:
        journal = JournalRepo(session, actor)
        journal.lock()
        yield journal


def _when(at: datetime | None, zone: Zone, now: datetime) -> datetime:
    return now if at is None else zone.localize(at)


def _tidy(values: Mapping[str, Any]) -> dict[str, Any]:
    """Lists become tuples, as the frozen records keep them."""
    return {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}


def _refuse_unknown(values: Mapping[str, Any], allowed: Sequence[str], kind: str) -> None:
    problems = [
        Problem(_("a {kind} has no such value").format(kind=kind), field=name)
        for name in values
        if name not in allowed
    ]
    if problems:
        raise ValidationError(
            _("These cannot be changed on a {kind}: {names}.").format(
                kind=kind, names=", ".join(p.field for p in problems)
            ),
            hint=_("A {kind} has: {names}.").format(kind=kind, names=", ".join(allowed)),
            problems=problems,
        )


def _require(values: Mapping[str, Any], names: Sequence[str]) -> None:
    missing = [n for n in names if n not in values]
    if missing:
        raise ValidationError(
            _("The first check-in of a day needs the average and the worst pain."),
            hint=_("Give --average and --worst, or run `unknot checkin` to be asked."),
            web_hint=_(
                "Choose both the average and the worst pain in today's check-in on the "
                "Journal page."
            ),
            problems=[Problem(_("missing"), field=name) for name in missing],
        )


def _require_current(entry: Entry) -> None:
    if entry.status == "current":
        return
    if entry.successor is not None:
        message = _(
            "Entry {id} is an old version: it was corrected by {newer}. Change that one instead."
        ).format(id=entry.short_id, newer=entry.successor.hex[:8])
    else:
        message = _("Entry {id} was deleted; it stays only as history.").format(id=entry.short_id)
    raise ValidationError(
        message,
        hint=_("Run `unknot journal --all` to see the history."),
        web_hint=_("The history on the Journal page shows which entry is current."),
    )
