"""Synthetic journal rows for ``unknot demo``: plausible, and the same for the same seed.

The person's pain follows a slow downward trend with day-to-day AR(1) noise; the four habits
nudge the next day's pain a little (so the report has something to find); each rating adds
its own noise. About two sessions a day, a check-in every day, SPADI every week, a few notes
and a few corrected or deleted ratings, so the edit history is exercised too. A demo of 90 days
or more also holds a finished personal trial (:mod:`unknot.services.demo.trial`): its days'
sessions follow the arms, and their check-ins carry the arms' effect.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from unknot.core.journal import HABITS
from unknot.services.demo import trial as demo_trial
from unknot.services.demo.rows import ZONE, Demo, _Maker
from unknot.services.demo.sessions import session

SESSION_TIMES = (time(7, 30), time(18, 30), time(13, 0))
HABIT_CHANCE = {"posture_breaks": 0.6, "activity": 0.5, "water": 0.7, "stretching": 0.45}
HABIT_EFFECT = 0.25  # points of pain less the next day for each habit kept
NOTES = (
    "Slept badly, shoulder stiff in the morning.",
    "Long drive today; more pain in the evening.",
    "Physio said to keep going with the stretches.",
    "Gardening all afternoon.",
    "Felt much easier after the evening session.",
)


@dataclass
class MadeDemo(Demo):
    """The demo's rows and the personal trial among them, if it has one."""

    trial: demo_trial.DemoTrial | None = None


def make(
    seed: int, days: int, last_day: date, person_id: uuid.UUID, plans: dict[str, dict[str, Any]]
) -> MadeDemo:
    """``days`` days of data ending on ``last_day`` (the person's local calendar)."""
    maker = _Maker(seed, person_id, plans)
    first = last_day - timedelta(days=days - 1)
    start = maker.at(first, time(8, 0))
    demo = MadeDemo({"id": person_id, "kind": "local", "display_name": "", "created_at": start})
    _setup(maker, demo, start)
    trial = demo.trial = demo_trial.decide(maker, days, last_day)
    habits = dict.fromkeys(HABITS, False)
    shift = 0.0  # what the trial's arms add to the latent pain
    for index in range(days):
        day = first + timedelta(days=index)
        routines = None
        if trial is not None:
            shift += demo_trial.SETTLE * (trial.target(day) - shift)
            routines = trial.routines(day)
            if day == trial.planned_on:  # a fresh screening, then the plan
                tier = _screening(maker, demo, maker.at(day, time(19, 50)))
                demo_trial.add_trial(maker, demo, trial, tier)
        level = maker.level(index, days) - HABIT_EFFECT * sum(habits.values()) + shift
        habits = {h: maker.rng.random() < HABIT_CHANCE[h] for h in HABITS}
        _day(maker, demo, day, level, habits, routines)
        if index % 7 == 6:
            _spadi(maker, demo, day, level)
        if index % 97 == 40:
            demo.add(
                "note", {**maker.journal(maker.at(day, time(20, 0), 60)), "text": _note(maker)}
            )
    # A screening on the last day too, so the demo's first session starts without one
    # (a year-old screening is long out of date).
    if last_day != first:
        _screening(maker, demo, maker.at(last_day, time(18, 0)))
    _progression(maker, demo, maker.at(last_day, time(21, 0)))
    return demo


def _note(maker: _Maker) -> str:
    return maker.rng.choice(NOTES)


def _setup(maker: _Maker, demo: Demo, start: datetime) -> None:
    demo.add(
        "profile",
        {
            "id": maker.uuid(),
            "person_id": maker.person_id,
            "painful_shoulder": "right",
            "causes": ["posture"],
            "conditions": [],
            "minutes_available": 20,
            "pressure": "medium",
            "country": "GB",
            "timezone": ZONE,
            "language": "en",
            "hip_surgery": {},
            "updated_at": start,
        },
    )
    _screening(maker, demo, start + timedelta(minutes=5))


def _screening(maker: _Maker, demo: Demo, when: datetime) -> str:
    """A screening with every answer "no" taken at ``when``; its tier."""
    from unknot.content import safety_loader
    from unknot.core.screening import evaluate

    questions = safety_loader.load_screening()
    answers = {q.id: False for q in questions}
    result = evaluate(questions, answers, when.astimezone(maker.zone).date(), None)
    demo.add(
        "screening",
        {
            **maker.base(when),
            "answers": dict(result.answers),
            "tier": result.tier.value,
            "triggered": [hit.rule_id for hit in result.hits],
            "checked": [],
            "conditions": sorted(result.conditions),
            "country": "GB",
            "assessed_at": None,
            "rules_version": safety_loader.screening_version(),
            "note": "",
            "superseded": False,
            "routine_status": "",
            "routine_marked_at": None,
        },
    )
    return result.tier.value


def _day(
    maker: _Maker,
    demo: Demo,
    day: date,
    level: float,
    habits: dict[str, bool],
    routines: tuple[str, ...] | None = None,
) -> None:
    """The day's sessions (of ``routines[0]`` on a trial day, none when it is empty; the usual
    mix otherwise), the odd logged rating, and the evening check-in."""
    rng = maker.rng
    count = rng.choices((1, 2, 3), weights=(0.15, 0.7, 0.15))[0]
    if routines == ():
        count = 0
    for clock in SESSION_TIMES[:count]:
        session(maker, demo, maker.at(day, clock, 60), level, routines[0] if routines else None)
    if rng.random() < 0.35:
        _log_rating(maker, demo, maker.at(day, time(11, 0), 240), level)
    average = maker.pain(level, 0.5)
    demo.add(
        "checkin",
        {
            **maker.journal(maker.at(day, time(21, 0), 45)),
            "day": day,
            "average_pain": average,
            "worst_pain": min(10, average + rng.randint(0, 3)),
            "locations": ["right-front"] if rng.random() < 0.7 else ["right-front", "right-top"],
            "sleep_disturbed": rng.random() < 0.05 + 0.06 * level,
            "painkillers": rng.random() < 0.04 * level,
            "other_treatment": "heat pack" if rng.random() < 0.03 else "",
            **habits,
            "note": "",
        },
    )


def _log_rating(maker: _Maker, demo: Demo, when: datetime, level: float) -> None:
    rng = maker.rng
    row = demo.add(
        "pain_rating",
        {
            **maker.journal(when),
            "value": maker.pain(level, 1.0),
            "context": "log",
            "session_id": None,
            "technique_id": None,
            "location": rng.choice(("right-front", "right-top", "right-back", "")),
            "note": rng.choice(NOTES) if rng.random() < 0.05 else "",
        },
    )
    if rng.random() < 0.02:  # corrected a few minutes later
        fixed = when + timedelta(minutes=rng.randint(1, 30))
        demo.add(
            "pain_rating",
            {
                **row,
                "id": maker.uuid(),
                "value": max(0, min(10, row["value"] + rng.choice((-1, 1)))),
                "created_at": fixed,
                "replaces_id": row["id"],
            },
        )
    elif rng.random() < 0.01:  # deleted later
        row["deleted_at"] = when + timedelta(hours=1)


def _spadi(maker: _Maker, demo: Demo, day: date, level: float) -> None:
    answers: list[int | None] = [maker.pain(level + offset, 1.0) for offset in (1, 0, 0.5, 0, 0)]
    answers += [maker.pain(0.8 * level + offset, 1.0) for offset in (0, 0.5, 0, -0.5, -1, 0, 1, 0)]
    if maker.rng.random() < 0.05:
        answers[maker.rng.randrange(13)] = None
    demo.add(
        "spadi", {**maker.journal(maker.at(day, time(20, 30), 30)), "answers": answers, "note": ""}
    )


def techniques(plans: dict[str, dict[str, Any]]) -> Iterator[str]:
    seen: set[str] = set()
    for plan in plans.values():
        for step in plan["steps"]:
            technique = step.get("technique")
            if technique and technique not in seen:
                seen.add(technique)
                yield technique


def _progression(maker: _Maker, demo: Demo, when: datetime) -> None:
    for technique in techniques(maker.plans):
        demo.add(
            "progression",
            {
                "id": maker.uuid(),
                "person_id": maker.person_id,
                "technique_id": technique,
                "level": maker.rng.randint(0, 4) * 0.25,
                "streak": maker.rng.randint(0, 3),
                "updated_at": when,
            },
        )
