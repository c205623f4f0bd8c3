"""What the open trial asks of the person today: the arm, the routine (or none), the
check-in and the clinician's card (issue 8). ``unknot``, ``unknot start``, the Today page and
the player all ask :func:`today`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from unknot.core import trial as core
from unknot.core.insights.build import clinician_check, daily_pain
from unknot.core.insights.text import clinician_text
from unknot.core.trial import Design, Segment
from unknot.i18n import _
from unknot.services.app import Actor
from unknot.services.journal.read import load_journal, today_checkin
from unknot.services.journal.times import person_zone
from unknot.services.trial.status import open_trial, routine_name


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


@dataclass(frozen=True)
class TrialRoutine:
    """Which routine a session plays on an active trial day, decided once for every face."""

    today: TodayTrial
    routine: str | None  # the one asked for, else today's arm's; None on a no-routine day
    no_routine_today: bool  # none asked, and the protocol today is to do no routine
    off_protocol: bool  # a routine was asked for that is not today's arm's


def routine_for_today(actor: Actor, asked: str | None) -> TrialRoutine | None:
    """During an active trial: today's arm's routine, or the one asked for (then the day counts
    as off protocol); on a no-routine day with none asked, no routine. None when no trial is
    active today (any routine may be played)."""
    found = today(actor)
    if found is None or found.state != core.ACTIVE:
        return None
    if asked is not None:
        return TrialRoutine(found, asked, False, asked != found.routine)
    return TrialRoutine(found, found.routine, found.no_routine_today, False)
