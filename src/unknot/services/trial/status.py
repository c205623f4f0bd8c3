"""Where the person's trials stand: the open one, the latest, all of them, one that ended
lately (issue 8). A trial that is over is closed when it is next looked at.

Every function returns plain dataclasses with ``to_json()`` so the CLI and the web pages show
the same thing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from unknot.core import trial as core
from unknot.core.trial import Design
from unknot.errors import NotFoundError
from unknot.i18n import _
from unknot.services.app import Actor
from unknot.services.journal.times import person_zone
from unknot.services.library import load_library
from unknot.services.trial.json_form import design_json, event_json, segment_json
from unknot.store.trial_repo import StoredTrial, TrialRepo


def routine_ids(actor: Actor) -> list[str]:
    return sorted(load_library(actor.settings.routines_dir, strict=False).routines)


def routine_name(actor: Actor, routine: str | None) -> str:
    if routine is None:
        return _("no routine")
    library = load_library(actor.settings.routines_dir, strict=False)
    found = library.routines.get(routine)
    return str(found.name) if found else routine


@dataclass(frozen=True)
class TrialStatus:
    """A trial as the faces show it: design, where it stands, events, what has been revealed."""

    id: uuid.UUID
    design: Design
    state: str
    start: date
    today: date
    trial_day: int | None
    total_days: int
    pairs: int
    revealed: tuple[dict[str, Any], ...]
    events: tuple[dict[str, Any], ...]
    arm_names: dict[str, str]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "design": design_json(self.design),
            "state": self.state,
            "start": self.start.isoformat(),
            "today": self.today.isoformat(),
            "trial_day": self.trial_day,
            "total_days": self.total_days,
            "pairs": self.pairs,
            "revealed": list(self.revealed),
            "events": list(self.events),
            "arm_names": self.arm_names,
        }


def close_if_over(repo: TrialRepo, actor: Actor, today: date) -> None:
    """Close the person's open trial when it is over by ``today`` (finished or stopped)."""
    stored = repo.open()
    if stored is None:
        return
    state = core.state_on(stored.design, stored.sequence, stored.start, stored.core_events, today)
    if state.state in (core.FINISHED, core.STOPPED):
        repo.close(stored.id, actor.clock())


def open_trial(actor: Actor) -> StoredTrial | None:
    """The person's open trial (planned, running or paused); a finished one is closed here."""
    today = person_zone(actor).today(actor.clock())
    with actor.unit() as session:
        repo = TrialRepo(session, actor)
        close_if_over(repo, actor, today)
        return repo.open()


def latest_trial(actor: Actor) -> StoredTrial | None:
    with actor.unit() as session:
        return TrialRepo(session, actor).latest()


def get_trial(actor: Actor, trial_id: uuid.UUID | None = None) -> StoredTrial:
    """A trial by id, or the latest one; NotFoundError when there is none."""
    with actor.unit() as session:
        repo = TrialRepo(session, actor)
        found = repo.latest() if trial_id is None else repo.get(trial_id)
        if found is None:
            raise NotFoundError(
                _("There is no trial to show."),
                hint=_("Plan one with `unknot trial plan`."),
                web_hint=_("Plan one on the Trial page."),
            )
        return found


def trials(actor: Actor) -> list[TrialStatus]:
    """Every trial of the person, newest first."""
    today = person_zone(actor).today(actor.clock())
    with actor.unit() as session:
        repo = TrialRepo(session, actor)
        close_if_over(repo, actor, today)
        stored = repo.all()
    return [status_of(actor, s, today) for s in stored]


def status_of(actor: Actor, stored: StoredTrial, today: date) -> TrialStatus:
    design, seq = stored.design, stored.sequence
    now = core.state_on(design, seq, stored.start, stored.core_events, today)
    cal = core.calendar(stored.start, core.total_days(design, seq), stored.core_events)
    over = now.state in (core.FINISHED, core.STOPPED)
    reached = len([d for d in cal.days if d <= today]) - 1
    shown = core.segments(design, seq) if over else core.revealed(design, seq, reached)
    return TrialStatus(
        id=stored.id,
        design=design,
        state=now.state,
        start=stored.start,
        today=today,
        trial_day=now.trial_day,
        total_days=now.total_days,
        pairs=len(seq),
        revealed=tuple(segment_json(s, cal, design) for s in shown),
        events=tuple(event_json(e, over) for e in stored.events),
        arm_names={
            "A": routine_name(actor, design.routine_of("A")),
            "B": routine_name(actor, design.routine_of("B")),
        },
    )


RECENT_DAYS = 14  # how long a finished trial keeps its card on Today and the trial page


@dataclass(frozen=True)
class TrialOver:
    """A trial that ended lately, for the "read your report" card."""

    status: TrialStatus
    ended: date  # its last trial day (the day before a stop)
    message: str


def recently_over(actor: Actor, within: int = RECENT_DAYS) -> TrialOver | None:
    """The latest trial when none is open and it ended at most ``within`` days ago."""
    if open_trial(actor) is not None:
        return None
    stored = latest_trial(actor)
    if stored is None:
        return None
    today = person_zone(actor).today(actor.clock())
    status = status_of(actor, stored, today)
    if status.state not in (core.FINISHED, core.STOPPED):
        return None
    days = core.calendar(stored.start, status.total_days, stored.core_events).days  # to a stop
    ended = days[-1] if days else stored.start
    if (today - ended).days > within:
        return None
    finished = _("Your trial finished on {day}: its report shows what your ratings say.")
    stopped = _(
        "Your trial was stopped early; its last day was {day}. The report shows what there is."
    )
    text = finished if status.state == core.FINISHED else stopped
    if not days:
        text = _("Your trial was stopped before its first day was over; it has no results.")
    return TrialOver(status, ended, text.format(day=ended.isoformat()))


def current_status(actor: Actor) -> TrialStatus | None:
    stored = open_trial(actor)
    if stored is None:
        return None
    return status_of(actor, stored, person_zone(actor).today(actor.clock()))
