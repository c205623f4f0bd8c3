"""Reading the journal: lists with their history, id look-ups, what is due, and the records
in force for the statistics (:func:`load_journal`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from unknot.core.journal import (
    CORRECTED,
    CURRENT,
    DELETED,
    CheckIn,
    Journal,
    Note,
    PainEntry,
    Record,
    SpadiEntry,
)
from unknot.core.spadi import score
from unknot.errors import NotFoundError, Problem, ValidationError
from unknot.i18n import _
from unknot.services.app import Actor
from unknot.services.journal.times import person_zone
from unknot.store.journal_repo import KINDS, JournalRepo

SPADI_EVERY = timedelta(days=7)
ID_SHOWN = 8  # hex digits of a UUID shown in lists; any unique prefix finds the entry


@dataclass(frozen=True)
class Entry:
    """One journal record with its place in the history."""

    record: Record
    status: str = CURRENT  # current | corrected | deleted
    successor: uuid.UUID | None = None  # the edit that replaced it, when corrected

    @property
    def kind(self) -> str:
        return KINDS[type(self.record)]

    @property
    def short_id(self) -> str:
        return self.record.id.hex[:ID_SHOWN]

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "status": self.status}
        data.update(_plain(vars(self.record)))
        if isinstance(self.record, SpadiEntry):
            result = score(self.record.answers)
            data["scores"] = {
                "pain": result.pain,
                "disability": result.disability,
                "total": result.total,
                "answered": result.answered,
            }
        return data


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    def one(value: Any) -> Any:
        if isinstance(value, uuid.UUID):
            return str(value)
        if isinstance(value, datetime | date):
            return value.isoformat()
        if isinstance(value, tuple):
            return [one(v) for v in value]
        return value

    return {key: one(value) for key, value in values.items()}


def entries(
    actor: Actor, since: date | None = None, *, include_history: bool = False
) -> list[Entry]:
    """Journal entries newest first; with ``include_history`` corrected and deleted ones too."""
    zone = person_zone(actor)
    start = zone.start_of(since) if since else None
    found: list[Entry] = []
    with actor.unit() as session:
        journal = JournalRepo(session, actor)
        for kind in KINDS:
            records = journal.load(kind, start, current_only=not include_history)
            replaced = journal.replaced_ids(kind)
            found += [Entry(r, _status(r, replaced)) for r in records]
    found.sort(key=lambda e: (e.record.taken_at, e.record.created_at or e.record.taken_at))
    return found[::-1]


def status_words() -> dict[str, str]:
    """An entry's state as the history shows it beside an older version ("" when current)."""
    return {CURRENT: "", CORRECTED: _("corrected"), DELETED: _("deleted")}


def _status(record: Record, replaced: set[uuid.UUID]) -> str:
    if record.id in replaced:
        return CORRECTED
    return DELETED if record.deleted_at is not None else CURRENT


def find(actor: Actor, id_prefix: str) -> Entry:
    """The one record whose id starts with ``id_prefix`` (dashes and case ignored)."""
    with actor.unit() as session:
        return find_in(JournalRepo(session, actor), id_prefix)


def find_in(journal: JournalRepo, id_prefix: str) -> Entry:
    """:func:`find` inside a transaction the caller holds."""
    prefix = id_prefix.strip().lower().replace("-", "")
    if not prefix or any(c not in "0123456789abcdef" for c in prefix):
        raise ValidationError(
            _("{id!r} is not an entry id.").format(id=id_prefix),
            hint=_("Ids are the first characters shown by `unknot journal`, such as 3f9a12c0."),
            web_hint=_("Use the Correct or Delete button next to the entry on the Journal page."),
            problems=[Problem(_("not a hexadecimal id"), field="id")],
        )
    hits = [(k, i) for k, i in journal.ids() if i.hex.startswith(prefix)]
    if not hits:
        raise NotFoundError(
            _("No journal entry has an id starting with {id!r}.").format(id=id_prefix),
            hint=_("Run `unknot journal --all` to see every entry with its id."),
            web_hint=_(
                "The history on the Journal page lists your entries, each with its buttons."
            ),
        )
    if len(hits) > 1:
        shown = sorted(i.hex[: max(ID_SHOWN, len(prefix) + 1)] for _k, i in hits)
        raise ValidationError(
            _("The id {id!r} fits {count} entries: {ids}.").format(
                id=id_prefix, count=len(hits), ids=", ".join(shown)
            ),
            hint=_("Type more of the id so that it fits one entry."),
        )
    [(kind, record_id)] = hits
    record = journal.get(kind, record_id)
    assert record is not None
    successor = journal.successor(kind, record_id)
    status = CORRECTED if successor else DELETED if record.deleted_at else CURRENT
    return Entry(record, status, successor)


def today_checkin(actor: Actor, day: date | None = None) -> CheckIn | None:
    """The check-in in force for ``day`` (default: the person's today), if there is one."""
    if day is None:
        day = person_zone(actor).today(actor.clock())
    with actor.unit() as session:
        found = JournalRepo(session, actor).checkins_of_day(day)
    return found[-1] if found else None


def latest_spadi(actor: Actor) -> SpadiEntry | None:
    with actor.unit() as session:
        found = JournalRepo(session, actor).load(SpadiEntry, current_only=True)
    return found[-1] if found else None


def spadi_due(actor: Actor) -> bool:
    """SPADI is weekly: due when none in force was taken in the last 7 days."""
    latest = latest_spadi(actor)
    return latest is None or latest.taken_at <= actor.clock() - SPADI_EVERY


def load_journal(actor: Actor, since: date | None = None) -> Journal:
    """Every record in force (from the person's day ``since`` on), oldest first."""
    zone = person_zone(actor)
    start = zone.start_of(since) if since else None
    with actor.unit() as session:
        journal = JournalRepo(session, actor)
        return Journal(
            timezone=zone.name,
            pain=tuple(journal.load(PainEntry, start, current_only=True)),
            checkins=tuple(journal.checkins_since_day(since)),
            spadi=tuple(journal.load(SpadiEntry, start, current_only=True)),
            notes=tuple(journal.load(Note, start, current_only=True)),
            sessions=tuple(journal.sessions(start, zone.name)),
        )
