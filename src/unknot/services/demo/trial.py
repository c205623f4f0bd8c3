"""The demo's finished personal trial: hip-full (A) against the shoulder routine (B).

A demo of at least :data:`MIN_DAYS` days holds one trial of the default design (3 pairs of
7-day periods), planned the evening before its first day (after a fresh screening) and ending
:data:`GAP_DAYS` days before the demo's last day, so its report is finished and the
one-open-trial slot is free again. The seed comes from the demo's own random stream and the
sequence from :func:`unknot.core.trial.draw_orders`, as ``unknot trial plan`` stores them.

On the trial's days the demo's sessions are the day's arm's routine, apart from two days off
protocol (one with no session, one with the usual short hip routine instead), and the latent
pain moves towards 0.75 below the usual level under A and 0.75 above it under B, most of the
way in a day or two (so the first day after a switch still carries some of the last arm). Under
the demo's AR(1) day-to-day noise and whole-number ratings the analysis then typically finds A
better by about a point, and reaches the 95 % bar in most demo seeds but not all: believable,
not perfect. The design check stored with the trial is the one ``unknot trial plan`` would
have run, on the check-ins of the 90 days before it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import TYPE_CHECKING

from unknot.core import trial as core

if TYPE_CHECKING:
    from unknot.services.demo.rows import Demo, _Maker

MIN_DAYS = 90  # shorter demos have no trial
GAP_DAYS = 21  # days between the trial's last day and the demo's last day
EFFECT = 1.5  # latent pain points: B's level minus A's once an arm has settled in
SETTLE = 0.6  # share of the way to the new arm's level the pain moves each day
OTHER_ROUTINE = "hip-short"  # done instead of the arm's routine on one off-protocol day
SKIPPED, OTHER = "skipped", "other"
DESIGN = core.Design()  # hip-full against shoulder, 3 pairs of 7 days, MCID 2


@dataclass(frozen=True)
class DemoTrial:
    """The trial the demo holds, decided before the days are made."""

    id: uuid.UUID
    seed: int
    sequence: tuple[str, ...]
    start: date
    arms: dict[date, str]  # "A" or "B" on each trial day
    off_protocol: dict[date, str]  # day -> SKIPPED or OTHER
    design: core.Design = DESIGN

    @property
    def end(self) -> date:
        return max(self.arms)

    @property
    def planned_on(self) -> date:
        return self.start - timedelta(1)

    def routines(self, day: date) -> tuple[str, ...] | None:
        """The routines the person may do on ``day``: None outside the trial (the usual mix),
        () for no session."""
        arm = self.arms.get(day)
        if arm is None:
            return None
        off = self.off_protocol.get(day)
        routine = self.design.routine_of(arm)
        if off == SKIPPED or (routine is None and off is None):
            return ()
        if off == OTHER:
            return (OTHER_ROUTINE,)
        return (routine,) if routine else ()

    def target(self, day: date) -> float:
        """Where the arm pulls the latent pain on ``day`` (0 outside the trial)."""
        arm = self.arms.get(day)
        if arm is None:
            return 0.0
        return -EFFECT / 2 if arm == "A" else EFFECT / 2


def decide(maker: _Maker, days: int, last_day: date) -> DemoTrial | None:
    """The demo's trial for ``days`` days ending on ``last_day``; None when too short."""
    if days < MIN_DAYS:
        return None
    rng = maker.rng
    seed = rng.getrandbits(63)
    trial_id = maker.uuid()
    sequence = core.draw_orders(seed, DESIGN.pairs)
    total = core.total_days(DESIGN, sequence)
    start = last_day - timedelta(GAP_DAYS + total - 1)
    cal = core.calendar(start, total, ())
    arms = {}
    for index, day in enumerate(cal.days):
        seg = core.segment_at(DESIGN, sequence, index)
        assert seg is not None and seg.arm is not None
        arms[day] = seg.arm
    # Two days off protocol, away from the switches (never a period's first two days).
    inside = [d for i, d in enumerate(cal.days) if i % DESIGN.period_days >= 2]
    skipped, other = rng.sample(inside, 2)
    return DemoTrial(trial_id, seed, sequence, start, arms, {skipped: SKIPPED, other: OTHER})


def add_trial(maker: _Maker, demo: Demo, trial: DemoTrial, tier: str) -> None:
    """The trial row (closed the morning after its last day), with its design check."""
    from unknot.core import trial_sim
    from unknot.services.trial.json_form import check_json

    created = maker.at(trial.planned_on, time(20, 0))
    noise = trial_sim.noise_from(_ratings_before(demo, trial.planned_on))
    check = trial_sim.check(trial.design, noise)
    d = trial.design
    demo.add(
        "trial",
        {
            "id": trial.id,
            "person_id": maker.person_id,
            "created_at": created,
            "timezone": maker.zone.key,
            "start_day": trial.start,
            "arm_a": d.arm_a,
            "arm_b": d.arm_b,
            "period_days": d.period_days,
            "pairs_planned": d.pairs,
            "baseline": d.baseline,
            "run_in_days": d.run_in_days,
            "mcid": d.mcid,
            "trend": d.trend,
            "threshold": d.threshold,
            "seed": str(trial.seed),
            "sequence": list(trial.sequence),
            "randomisation": core.RANDOMISATION,
            "design_check": check_json(check),
            "assessed_by_clinician": False,
            "screening_tier": tier,
            "open_slot": None,
            "closed_at": maker.at(trial.end + timedelta(1), time(7, 0)),
        },
    )


def _ratings_before(demo: Demo, planned_on: date) -> list[float | None]:
    """The check-ins of the 90 days up to the planning day, as ``own_noise`` reads them (the
    trial is planned at 20:00, before that evening's check-in)."""
    from unknot.services.trial.lifecycle import OWN_NOISE_DAYS

    first = planned_on - timedelta(OWN_NOISE_DAYS - 1)
    by_day = {
        row["day"]: float(row["average_pain"])
        for row in demo.rows.get("checkin", [])
        if first <= row["day"] < planned_on
    }
    if not by_day:
        return []
    begin = min(by_day)
    return [by_day.get(begin + timedelta(i)) for i in range((planned_on - begin).days + 1)]


__all__ = ["MIN_DAYS", "DemoTrial", "add_trial", "decide"]
