"""Personal trials (issue 8): plan with a design check; pause, resume, extend, stop.

Where a trial stands is in :mod:`unknot.services.trial.status`, what it asks of today in
:mod:`unknot.services.trial.today`, the report in :mod:`unknot.services.trial.report`.

Safety comes first: a trial cannot be planned while the screening is due, blocks today, or
waits for a clinician's assessment; during a trial ``unknot start`` still runs every screening
check, and the two-week "routine appointment" rule is part of
:func:`unknot.services.trial.today.today`.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from unknot.core import trial as core
from unknot.core.trial import Design
from unknot.core.trial_text import state_word
from unknot.errors import NotFoundError, SafetyError, ValidationError
from unknot.i18n import _
from unknot.services import safety
from unknot.services.app import Actor
from unknot.services.journal.read import load_journal
from unknot.services.journal.times import person_zone
from unknot.services.trial.json_form import check_json
from unknot.services.trial.status import (
    TrialStatus,
    close_if_over,
    open_trial,
    routine_ids,
    status_of,
)
from unknot.store.trial_repo import AlreadyOpen, StoredEvent, StoredTrial, TrialRepo

if TYPE_CHECKING:
    from unknot.core import trial_sim

MAX_START_AHEAD = 30  # a trial may be planned to start up to this many days ahead
OWN_NOISE_DAYS = 90  # the design check reads this many recent days of check-ins


# --- planning ------------------------------------------------------------------------------


def check_start(actor: Actor, first: date) -> None:
    """Refuse a first day that has passed or is more than a month ahead (before the design
    check, which takes a while, is run for a trial that could not start)."""
    today = person_zone(actor).today(actor.clock())
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
    check_start(actor, first)
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
            repo = TrialRepo(session, actor)
            close_if_over(repo, actor, today)
            if repo.open() is not None:
                raise _one_at_a_time()
            repo.add(stored)
    except AlreadyOpen:
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


# --- pause, resume, extend, stop -----------------------------------------------------------


def _record(actor: Actor, kind: str, reason: str, allowed: tuple[str, ...]) -> TrialStatus:
    zone = person_zone(actor)
    now = actor.clock()
    day = zone.today(now)
    with actor.unit() as session:
        repo = TrialRepo(session, actor)
        close_if_over(repo, actor, day)
        stored = repo.open()
        if stored is None:
            raise NotFoundError(
                _("There is no trial running."),
                hint=_("Plan one with `unknot trial plan`."),
                web_hint=_("Plan one on the Trial page."),
            )
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
        sequence = stored.sequence
        if kind == core.EXTEND:
            sequence = core.extended(stored.sequence, stored.seed)
            repo.set_sequence(stored.id, sequence)
            detail["order"] = sequence[-1]
            detail["pairs"] = len(sequence)
        # Events are read back in recorded order; keep that order strict even when two are
        # recorded within the same clock tick (a pause and a resume in one second).
        if stored.events and now <= stored.events[-1].recorded_at:
            now = stored.events[-1].recorded_at + timedelta(microseconds=1)
        event = StoredEvent(kind, day, now, reason.strip(), detail)
        repo.add_event(stored.id, event)
        if kind == core.STOP:
            repo.close(stored.id, now)
        stored = replace(stored, sequence=tuple(sequence), events=(*stored.events, event))
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
