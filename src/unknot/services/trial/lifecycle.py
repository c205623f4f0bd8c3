"""Personal trials (issue 8): plan with a design check, run day by day, pause, extend, stop.

Every function returns plain dataclasses with ``to_json()`` so the CLI and the web pages show
the same thing. The report is in :mod:`unknot.services.trial.report`.

Safety comes first: a trial cannot be planned while the screening is due, blocks today, or
waits for a clinician's assessment; during a trial ``unknot start`` still runs every screening
check, and the two-week "routine appointment" rule is part of :func:`today`.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import IntegrityError

from unknot.core import trial as core
from unknot.core.insights.build import clinician_check, daily_pain
from unknot.core.insights.text import clinician_text
from unknot.core.trial import Design, Segment
from unknot.core.trial_text import state_word
from unknot.errors import NotFoundError, SafetyError, ValidationError
from unknot.i18n import _
from unknot.services import safety
from unknot.services.app import Actor
from unknot.services.journal.read import load_journal, today_checkin
from unknot.services.journal.times import person_zone
from unknot.services.library import load_library
from unknot.services.trial.json_form import (
    check_json,
    design_json,
    event_json,
    segment_json,
)
from unknot.store import trial_repo
from unknot.store.trial_repo import StoredEvent, StoredTrial

if TYPE_CHECKING:
    from unknot.core import trial_sim

MAX_START_AHEAD = 30  # a trial may be planned to start up to this many days ahead
OWN_NOISE_DAYS = 90  # the design check reads this many recent days of check-ins


# --- planning ------------------------------------------------------------------------------


def routine_ids(actor: Actor) -> list[str]:
    return sorted(load_library(actor.settings.routines_dir, strict=False).routines)


def routine_name(actor: Actor, routine: str | None) -> str:
    if routine is None:
        return _("no routine")
    library = load_library(actor.settings.routines_dir, strict=False)
    found = library.routines.get(routine)
    return str(found.name) if found else routine


@dataclass(frozen=True)
class SuggestedStart:
    """The first day a trial should start on when none is chosen, and why."""

    day: date
    reason: str  # empty when it is today


def suggested_start(actor: Actor) -> SuggestedStart:
    """Today, unless today already has a session or a check-in: its outcome would then count
    for an arm drawn after the day was already lived, so the trial starts tomorrow."""
    today = person_zone(actor).today(actor.clock())
    journal = load_journal(actor, since=today)
    if journal.sessions or any(c.day == today for c in journal.checkins):
        return SuggestedStart(
            today + timedelta(1),
            _(
                "Starting tomorrow, {day}: today already has a session or a check-in, which "
                "would count for an arm drawn after the day was lived."
            ).format(day=(today + timedelta(1)).isoformat()),
        )
    return SuggestedStart(today, "")


def check_planning_allowed(actor: Actor) -> safety.SafetyStatus:
    """The screening's tiers decide: due, blocked today or waiting for an assessment: no."""
    current = safety.status(actor)
    if current.due:
        raise SafetyError(
            _("A current safety screening is needed before planning a trial."),
            hint=_("Run `unknot screen` (about two minutes), then plan the trial."),
            web_hint=_(
                "Answer the safety screening on the Safety page (about two minutes), then plan "
                "the trial."
            ),
        )
    if current.blocked_today:
        raise SafetyError(
            _("Your screening today asked you to get medical advice: no trial can start."),
            hint=_("Run `unknot screen` again on another day."),
            web_hint=_("Answer the screening on the Safety page again on another day."),
        )
    if current.waiting_for_assessment:
        raise SafetyError(
            _("Your screening says a clinician should assess your shoulder before self-care."),
            hint=_("Once you have been assessed, run `unknot screen --assessed`, then plan."),
            web_hint=_(
                'Once you have been assessed, press "A clinician has checked me" on the '
                "Safety page, then plan."
            ),
        )
    return current


def own_noise(actor: Actor) -> trial_sim.Noise:
    """σ and ρ from the person's last 90 days of check-ins (defaults below 21 rated days)."""
    from unknot.core import trial_sim

    zone = person_zone(actor)
    today = zone.today(actor.clock())
    first = today - timedelta(OWN_NOISE_DAYS - 1)
    journal = load_journal(actor, since=first)
    by_day = {c.day: float(c.average_pain) for c in journal.checkins}
    if not by_day:
        return trial_sim.DEFAULT_NOISE
    days = [min(by_day) + timedelta(i) for i in range((today - min(by_day)).days + 1)]
    return trial_sim.noise_from([by_day.get(d) for d in days])


def design_check(actor: Actor, design: Design, n_sims: int = 2000) -> trial_sim.DesignCheck:
    """The design-time simulation for ``design`` with the person's own noise when known."""
    from unknot.core import trial_sim

    core.check_design(design, routine_ids(actor))
    return trial_sim.check(design, own_noise(actor), n_sims)


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


def plan_trial(
    actor: Actor,
    design: Design,
    *,
    assessed_by_clinician: bool,
    start: date | None = None,
    check: trial_sim.DesignCheck | None = None,
    seed: int | None = None,
) -> TrialStatus:
    """Commit a trial: draw the sequence once from a new seed and store both."""
    core.check_design(design, routine_ids(actor))
    current = check_planning_allowed(actor)
    zone = person_zone(actor)
    now = actor.clock()
    today = zone.today(now)
    first = start or suggested_start(actor).day
    if not today <= first <= today + timedelta(MAX_START_AHEAD):
        raise ValidationError(
            _("A trial starts today or within {n} days, not on {day}.").format(
                n=MAX_START_AHEAD, day=first.isoformat()
            ),
            hint=_("Give --start a day from {today} on.").format(today=today.isoformat()),
            web_hint=_("Choose a first day from {today} to {last}.").format(
                today=today.isoformat(), last=(today + timedelta(MAX_START_AHEAD)).isoformat()
            ),
        )
    seed = secrets.randbits(63) if seed is None else seed
    stored = StoredTrial(
        id=uuid.uuid4(),
        design=design,
        start=first,
        seed=seed,
        sequence=core.draw_orders(seed, design.pairs),
        randomisation=core.RANDOMISATION,
        created_at=now,
        timezone=zone.name,
        design_check=check_json(check) if check else {},
        assessed_by_clinician=assessed_by_clinician,
        screening_tier=current.tier.value if current.tier else "",
        is_open=True,
        closed_at=None,
        events=(),
    )
    try:
        with actor.unit() as session:
            _close_if_over(session, actor, today)
            if trial_repo.open_trial_row(session, actor.person_id) is not None:
                raise _one_at_a_time()
            trial_repo.add_trial(session, actor.person_id, stored)
    except IntegrityError:
        raise _one_at_a_time() from None
    return status_of(actor, stored, today)


def require_no_open_trial(actor: Actor) -> None:
    """Raise before the design check when a trial is already planned, running or paused."""
    if open_trial(actor) is not None:
        raise _one_at_a_time()


def _one_at_a_time() -> ValidationError:
    return ValidationError(
        _("You already have a trial running: one trial at a time."),
        hint=_("See it with `unknot trial status`; end it with `unknot trial stop --reason …`."),
        web_hint=_("See it on the Trial page; stop it there, with a reason, to plan another."),
    )


# --- running -------------------------------------------------------------------------------


def _close_if_over(session: Any, actor: Actor, today: date) -> None:
    row = trial_repo.open_trial_row(session, actor.person_id)
    if row is None:
        return
    stored = trial_repo.to_stored(session, row)
    state = core.state_on(stored.design, stored.sequence, stored.start, stored.core_events, today)
    if state.state in (core.FINISHED, core.STOPPED):
        trial_repo.close(row, actor.clock())


def open_trial(actor: Actor) -> StoredTrial | None:
    """The person's open trial (planned, running or paused); a finished one is closed here."""
    today = person_zone(actor).today(actor.clock())
    with actor.unit() as session:
        _close_if_over(session, actor, today)
        row = trial_repo.open_trial_row(session, actor.person_id)
        return trial_repo.to_stored(session, row) if row is not None else None


def latest_trial(actor: Actor) -> StoredTrial | None:
    with actor.unit() as session:
        row = trial_repo.latest_trial_row(session, actor.person_id)
        return trial_repo.to_stored(session, row) if row is not None else None


def get_trial(actor: Actor, trial_id: uuid.UUID | None = None) -> StoredTrial:
    """A trial by id, or the latest one; NotFoundError when there is none."""
    with actor.unit() as session:
        if trial_id is None:
            row = trial_repo.latest_trial_row(session, actor.person_id)
        else:
            row = trial_repo.trial_row(session, actor.people, trial_id)
        if row is None:
            raise NotFoundError(
                _("There is no trial to show."),
                hint=_("Plan one with `unknot trial plan`."),
                web_hint=_("Plan one on the Trial page."),
            )
        return trial_repo.to_stored(session, row)


def trials(actor: Actor) -> list[TrialStatus]:
    """Every trial of the person, newest first."""
    today = person_zone(actor).today(actor.clock())
    with actor.unit() as session:
        _close_if_over(session, actor, today)
        stored = [
            trial_repo.to_stored(session, r)
            for r in trial_repo.trial_rows(session, actor.person_id)
        ]
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


@dataclass(frozen=True)
class TodayTrial:
    """Today's arm for ``unknot``, ``unknot start`` and the Today page."""

    trial_id: uuid.UUID
    state: str
    day: date
    trial_day: int | None
    total_days: int
    segment: str | None  # run-in | baseline | period
    period: int | None
    pair: int | None
    arm: str | None
    routine: str | None  # the routine to do today; None = no routine today (or no trial day)
    routine_name: str
    message: str
    checkin_done: bool
    clinician_due: bool
    clinician_text: str

    @property
    def no_routine_today(self) -> bool:
        """A baseline day or a no-routine arm's day: the protocol is to do no routine."""
        return self.state == core.ACTIVE and self.routine is None and self.segment != core.RUN_IN

    def to_json(self) -> dict[str, Any]:
        return {
            "trial_id": str(self.trial_id),
            "state": self.state,
            "day": self.day.isoformat(),
            "trial_day": self.trial_day,
            "total_days": self.total_days,
            "segment": self.segment,
            "period": self.period,
            "pair": self.pair,
            "arm": self.arm,
            "routine": self.routine,
            "routine_name": self.routine_name,
            "no_routine_today": self.no_routine_today,
            "message": self.message,
            "checkin_done": self.checkin_done,
            "clinician_due": self.clinician_due,
            "clinician_text": self.clinician_text,
        }


def today(actor: Actor) -> TodayTrial | None:
    """What the open trial asks of the person today (their own calendar day), or None."""
    stored = open_trial(actor)
    if stored is None:
        return None
    zone = person_zone(actor)
    day = zone.today(actor.clock())
    now = core.state_on(stored.design, stored.sequence, stored.start, stored.core_events, day)
    seg = now.segment
    routine = _routine_for(stored.design, seg)
    name = routine_name(actor, routine)
    check = clinician(actor, day)
    return TodayTrial(
        trial_id=stored.id,
        state=now.state,
        day=day,
        trial_day=now.trial_day,
        total_days=now.total_days,
        segment=seg.kind if seg else None,
        period=seg.period if seg else None,
        pair=seg.pair if seg else None,
        arm=seg.arm if seg else None,
        routine=routine,
        routine_name=name,
        message=_today_message(now, seg, routine, name, stored.start),
        checkin_done=today_checkin(actor, day) is not None,
        clinician_due=check.due,
        clinician_text=clinician_text(check) if check.due else "",
    )


def _routine_for(design: Design, seg: Segment | None) -> str | None:
    if seg is None or seg.kind != core.PERIOD or seg.arm is None:
        return None
    return design.routine_of(seg.arm)


def clinician(actor: Actor, day: date) -> Any:
    journal = load_journal(actor, since=day - timedelta(30))
    days = daily_pain(journal.pain, journal.checkins, journal.sessions, person_zone(actor).tz, day)
    return clinician_check({d.day: d for d in days}, day)


def _today_message(
    now: core.TodayArm, seg: Segment | None, routine: str | None, name: str, start: date
) -> str:
    if now.state == core.PLANNED:
        return _("Your trial starts on {day}; you will learn the first arm then.").format(
            day=start.isoformat()
        )
    if now.state == core.PAUSED:
        return _("Your trial is paused; its schedule waits until you resume it.")
    if now.state in (core.FINISHED, core.STOPPED) or seg is None:
        return _("Your trial is over: its report shows what your ratings say.")
    head = _("Trial day {n} of {total}").format(n=now.trial_day, total=now.total_days)
    if seg.kind == core.RUN_IN:
        return head + _(": run-in. Settle into the evening check-in; no routine is assigned.")
    if seg.kind == core.BASELINE:
        return head + _(": baseline period. No routine today; do the evening check-in.")
    if routine is None:
        return head + _(", period {p} (arm {arm}): no routine today.").format(
            p=seg.period, arm=seg.arm
        )
    return head + _(", period {p} (arm {arm}): today's routine is {routine}.").format(
        p=seg.period, arm=seg.arm, routine=name
    )


# --- pause, resume, extend, stop -----------------------------------------------------------


def _record(actor: Actor, kind: str, reason: str, allowed: tuple[str, ...]) -> TrialStatus:
    zone = person_zone(actor)
    now = actor.clock()
    day = zone.today(now)
    with actor.unit() as session:
        _close_if_over(session, actor, day)
        row = trial_repo.open_trial_row(session, actor.person_id)
        if row is None:
            raise NotFoundError(
                _("There is no trial running."),
                hint=_("Plan one with `unknot trial plan`."),
                web_hint=_("Plan one on the Trial page."),
            )
        stored = trial_repo.to_stored(session, row)
        state = core.state_on(stored.design, stored.sequence, stored.start, stored.core_events, day)
        if state.state not in allowed:
            if state.state == core.PLANNED:
                hint = web_hint = _(
                    "It has not started yet: stop it if you want to plan a different one."
                )
            else:
                hint = _("See where it stands with `unknot trial status`.")
                web_hint = _("See where it stands on the Trial page.")
            raise ValidationError(
                _("The trial is {state}: it cannot be {action} now.").format(
                    state=state_word(state.state), action=_action_words()[kind]
                ),
                hint=hint,
                web_hint=web_hint,
            )
        detail: dict[str, Any] = {"trial_day": state.trial_day}
        if kind == core.EXTEND:
            row.sequence = list(core.extended(stored.sequence, stored.seed))
            detail["order"] = row.sequence[-1]
            detail["pairs"] = len(row.sequence)
        # Events are read back in recorded order; keep that order strict even when two are
        # recorded within the same clock tick (a pause and a resume in one second).
        if stored.events and now <= stored.events[-1].recorded_at:
            now = stored.events[-1].recorded_at + timedelta(microseconds=1)
        event = StoredEvent(kind, day, now, reason.strip(), detail)
        trial_repo.add_event(session, actor.person_id, stored.id, event)
        if kind == core.STOP:
            trial_repo.close(row, now)
        stored = replace(stored, sequence=tuple(row.sequence), events=(*stored.events, event))
    return status_of(actor, stored, day)


def _action_words() -> dict[str, str]:
    return {
        core.PAUSE: _("paused"),
        core.RESUME: _("resumed"),
        core.EXTEND: _("extended"),
        core.STOP: _("stopped"),
    }


def _need_reason(reason: str, what: str) -> None:
    if not reason.strip():
        raise ValidationError(
            _("Say why the trial is {what}: the report shows the reason.").format(what=what),
            hint=_('Add --reason "…".'),
            web_hint=_("Give a reason in the box: the report shows it."),
        )


def pause(actor: Actor, reason: str) -> TrialStatus:
    """Pause a running trial. One that has not started yet has nothing to pause: it can be
    stopped (and a new one planned) instead."""
    _need_reason(reason, _("paused"))
    return _record(actor, core.PAUSE, reason, (core.ACTIVE,))


def resume(actor: Actor, reason: str = "") -> TrialStatus:
    return _record(actor, core.RESUME, reason, (core.PAUSED,))


def extend(actor: Actor, reason: str) -> TrialStatus:
    _need_reason(reason, _("extended"))
    return _record(actor, core.EXTEND, reason, (core.ACTIVE, core.PAUSED, core.PLANNED))


def stop(actor: Actor, reason: str) -> TrialStatus:
    _need_reason(reason, _("stopped"))
    return _record(actor, core.STOP, reason, (core.ACTIVE, core.PAUSED, core.PLANNED))


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
