"""The journal's records (F7), as plain values the statistics and exports work on.

Every record has a UUID, an aware UTC time (``taken_at``) and the IANA time zone the person
was in (``timezone``), so "today" can follow the person's day. Records are never changed in
place: an edit adds a new record whose ``replaces_id`` names the old one, and a delete sets
``deleted_at``. :func:`current` picks what is in force; the history stays.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, Protocol, TypeVar

from unknot.core import bounds
from unknot.core.spadi import check_answers
from unknot.errors import Problem, ValidationError
from unknot.i18n import _

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
    # The habits: None when the check-in was not told (a scripted check-in that gave only some
    # flags), so "not answered" never counts as "no" in the habit comparisons.
    posture_breaks: bool | None = None
    activity: bool | None = None
    water: bool | None = None
    stretching: bool | None = None
    note: str = ""
    created_at: datetime | None = None
    replaces_id: uuid.UUID | None = None
    deleted_at: datetime | None = None

    def habit(self, name: str) -> bool | None:
        """Whether the habit was kept that day, or None when the check-in did not say."""
        value = getattr(self, name)
        return None if value is None else bool(value)


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
    techniques: tuple[str, ...] = ()  # techniques played, in order (each run of steps once)


@dataclass(frozen=True)
class Journal:
    """Every record in force for one person, oldest first: what the statistics read.

    ``timezone`` is the person's zone name when the journal was loaded ("today" follows it);
    each record also keeps the zone it was made in.
    """

    timezone: str
    pain: tuple[PainEntry, ...] = ()
    checkins: tuple[CheckIn, ...] = ()
    spadi: tuple[SpadiEntry, ...] = ()
    notes: tuple[Note, ...] = ()
    sessions: tuple[SessionEntry, ...] = ()


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


CURRENT = "current"
CORRECTED = "corrected"
DELETED = "deleted"


def history_status(records: Iterable[V]) -> dict[uuid.UUID, str]:
    """Each record's place in the history: current, corrected (a later edit replaced it) or
    deleted. A record that was corrected and whose correction was later deleted stays
    "corrected": the delete belongs to the newer version."""
    items = list(records)
    replaced = {r.replaces_id for r in items if r.replaces_id is not None}
    return {
        r.id: CORRECTED if r.id in replaced else DELETED if r.deleted_at is not None else CURRENT
        for r in items
    }


def local_day(moment: datetime, zone: tzinfo) -> date:
    """The person's calendar day of an aware moment."""
    return moment.astimezone(zone).date()


def by_day(entries: Sequence[PainEntry], zone: tzinfo) -> dict[date, list[int]]:
    """Pain values grouped by the person's local day, in time order within a day."""
    days: dict[date, list[int]] = {}
    for entry in sorted(entries, key=lambda e: e.taken_at):
        days.setdefault(local_day(entry.taken_at, zone), []).append(entry.value)
    return days


# --- validation ---------------------------------------------------------------------------

FUTURE_GRACE = timedelta(minutes=1)  # clocks differ a little; a minute ahead is still "now"

Record = PainEntry | CheckIn | SpadiEntry | Note


def check_record(record: Record, now: datetime, today: date) -> None:
    """Raise one ValidationError listing every bad field of ``record`` (``today`` is the
    person's own date at ``now``)."""
    problems = _check_types(record)
    if not problems:
        problems = [
            *_CHECKS[type(record)](record, today),
            *_check_time(record.taken_at, now),
            *_check_texts(record),
        ]
    if problems:
        raise ValidationError(
            _("The {kind} was not saved: some values are not valid.").format(
                kind=kind_name(record)
            ),
            hint=_hint(record),
            problems=problems,
        )


def kind_name(record: Record) -> str:
    names = {
        PainEntry: _("pain rating"),
        CheckIn: _("check-in"),
        SpadiEntry: _("SPADI questionnaire"),
        Note: _("note"),
    }
    return names[type(record)]


def _hint(record: Record) -> str:
    if isinstance(record, SpadiEntry):
        return _("SPADI has 13 items, each a whole number from 0 to 10 or left out.")
    if isinstance(record, Note):
        return _("Write the note's text.")
    return _(
        "Ratings are whole numbers from 0 (no pain) to 10 (worst imaginable); places "
        "are left, right or both with front, top or back, such as right-front."
    )


_TEXTS = ("location", "note", "other_treatment", "text")
_FLAGS = ("sleep_disturbed", "painkillers", *HABITS)


def _check_types(record: Record) -> list[Problem]:
    """Values of the wrong kind (from an API or a file), before the checks that read them."""
    problems = [
        Problem(_("must be text"), field=name)
        for name in _TEXTS
        if not isinstance(getattr(record, name, ""), str)
    ]
    problems += [
        Problem(_("must be yes or no (true or false)"), field=name)
        for name in _FLAGS
        if not isinstance(getattr(record, name, False), bool)
        and not (name in HABITS and getattr(record, name) is None)
    ]
    if isinstance(record, CheckIn) and (
        isinstance(record.locations, str) or not isinstance(record.locations, Sequence)
    ):
        problems.append(Problem(_("must be a list of places"), field="locations"))
    if not isinstance(record.taken_at, datetime):
        problems.append(Problem(_("must be a date and time"), field="taken_at"))
    return problems


def _check_time(taken_at: datetime, now: datetime) -> list[Problem]:
    found = bounds.time_problem(taken_at, now, "taken_at")
    return [found] if found is not None else []


def _check_texts(record: Record) -> list[Problem]:
    texts = [(name, getattr(record, name, "")) for name in _TEXTS]
    return [
        found
        for name, text in texts
        if isinstance(text, str) and (found := bounds.text_problem(text, name)) is not None
    ]


def rating_problems(value: object, name: str) -> list[Problem]:
    """Nothing, or the one problem of a 0-10 rating that is not one (its words are the
    journal's everywhere: the API, files, the terminal)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10:
        return []
    return [
        Problem(_("{value!r} is not a whole number from 0 to 10").format(value=value), field=name)
    ]


def _places(places: Iterable[str], name: str) -> list[Problem]:
    return [
        Problem(
            _("{place!r} is not a place on the shoulder; use one of {allowed}").format(
                place=place, allowed=", ".join(LOCATIONS)
            ),
            field=name,
        )
        for place in places
        if place not in LOCATIONS
    ]


def _check_pain(entry: PainEntry, _today: date) -> list[Problem]:
    problems = rating_problems(entry.value, "value")
    if entry.location:
        problems += _places([entry.location], "location")
    if entry.context not in CONTEXTS:
        problems.append(
            Problem(
                _("{context!r} is not a rating context").format(context=entry.context),
                field="context",
            )
        )
    return problems


def _check_checkin(entry: CheckIn, today: date) -> list[Problem]:
    problems = rating_problems(entry.average_pain, "average_pain") + rating_problems(
        entry.worst_pain, "worst_pain"
    )
    if not problems and entry.worst_pain < entry.average_pain:
        problems.append(
            Problem(
                _(
                    "the worst pain ({worst}) is below the average ({average}); the worst must "
                    "be at least the average"
                ).format(worst=entry.worst_pain, average=entry.average_pain),
                field="worst_pain",
            )
        )
    problems += _places(entry.locations, "locations")
    if entry.day > today:
        problems.append(
            Problem(
                _("{day} has not come yet (today is {today})").format(day=entry.day, today=today),
                field="day",
            )
        )
    return problems


def _check_spadi(entry: SpadiEntry, _today: date) -> list[Problem]:
    try:
        check_answers(entry.answers)
    except ValidationError as error:
        return error.problems
    if all(answer is None for answer in entry.answers):
        # Nothing to score and nothing to compare later: an empty questionnaire is not saved.
        return [Problem(_("no question was answered: answer at least one"), field="answers")]
    return []


def _check_note(entry: Note, _today: date) -> list[Problem]:
    if entry.text.strip():
        return []
    return [Problem(_("a note needs some text"), field="text")]


_CHECKS: dict[type, Callable[[Any, date], list[Problem]]] = {
    PainEntry: _check_pain,
    CheckIn: _check_checkin,
    SpadiEntry: _check_spadi,
    Note: _check_note,
}
