"""What a check-in counts for in the open personal trial (issue 8).

A check-in is about one calendar day of the person, often today but not always (``unknot
checkin --day`` records an earlier one). Its rating is a trial outcome only when that day is a
trial day of a period of A or B; on a run-in or baseline day it is kept but not compared, and
on a paused day, or before the trial starts, it is no trial outcome at all. This module names
which, for the day actually recorded; it never changes the trial.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from unknot.core import trial as core
from unknot.i18n import _
from unknot.services.app import Actor
from unknot.services.trial import status as trial_status


@dataclass(frozen=True)
class CheckinTrialDay:
    """Where the open trial stands on the day a check-in is about, and what that means."""

    trial_id: uuid.UUID
    day: date
    state: str  # planned | active | paused | finished | stopped, on ``day``
    trial_day: int | None  # 1-based; None when ``day`` is no trial day
    total_days: int
    segment: str | None  # run-in | baseline | period
    period: int | None
    arm: str | None
    routine_name: str
    counted: bool  # the rating is a trial outcome compared between A and B
    message: str

    def to_json(self) -> dict[str, Any]:
        return {
            "trial_id": str(self.trial_id),
            "day": self.day.isoformat(),
            "state": self.state,
            "trial_day": self.trial_day,
            "total_days": self.total_days,
            "segment": self.segment,
            "period": self.period,
            "arm": self.arm,
            "routine_name": self.routine_name,
            "counted": self.counted,
            "message": self.message,
        }


def checkin_trial_day(actor: Actor, day: date) -> CheckinTrialDay | None:
    """What a check-in of the person's calendar ``day`` counts for; None when no trial cares.

    Besides the open trial, a trial that is already over still counts a late check-in for one
    of its own days (the evening rating of its last day, entered the next morning)."""
    stored = trial_status.open_trial(actor)
    late = stored is None
    if stored is None:
        stored = trial_status.latest_trial(actor)
    if stored is None:
        return None
    on = core.state_on(stored.design, stored.sequence, stored.start, stored.core_events, day)
    if late and on.state != core.ACTIVE:
        return None
    seg = on.segment
    routine = stored.design.routine_of(seg.arm) if seg and seg.arm else None
    name = trial_status.routine_name(actor, routine) if seg and seg.arm else ""
    counted = on.state == core.ACTIVE and seg is not None and seg.kind == core.PERIOD
    return CheckinTrialDay(
        trial_id=stored.id,
        day=day,
        state=on.state,
        trial_day=on.trial_day,
        total_days=on.total_days,
        segment=seg.kind if seg else None,
        period=seg.period if seg else None,
        arm=seg.arm if seg else None,
        routine_name=name,
        counted=counted,
        message=_message(on, seg, name, stored.start),
    )


def _message(on: core.TodayArm, seg: core.Segment | None, name: str, start: date) -> str:
    day = on.day.isoformat()
    if on.state == core.PLANNED:
        return _(
            "Your trial starts on {start}: this rating for {day} is not a trial outcome."
        ).format(start=start.isoformat(), day=day)
    if on.state == core.PAUSED:
        return _("Your trial is paused on {day}: this rating is not a trial outcome.").format(
            day=day
        )
    if on.state != core.ACTIVE or seg is None:
        return _("{day} is not a day of your trial: this rating is not a trial outcome.").format(
            day=day
        )
    where = _("trial day {n} of {total}").format(n=on.trial_day, total=on.total_days)
    if seg.kind == core.RUN_IN:
        return _(
            "Recorded on {where}, a run-in day: run-in ratings are not compared between A and B."
        ).format(where=where)
    if seg.kind == core.BASELINE:
        return _(
            "Recorded on {where}, in the baseline period: baseline ratings are not compared "
            "between A and B."
        ).format(where=where)
    return _("Counted as the outcome of {where} (period {p}, arm {arm}: {routine}).").format(
        where=where, p=seg.period, arm=seg.arm, routine=name
    )
