"""Synthetic guided sessions for the demo: steps, before/after ratings, the odd stop."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from unknot.core.stoprules import RULE_PAIN_RISE, StopAction

if TYPE_CHECKING:
    from unknot.services.demo.rows import Demo, _Maker

ROUTINES = (("hip-short", 0.65), ("hip-full", 0.30), ("shoulder", 0.05))
ENDINGS = (("finished", 0.9), ("quit", 0.05), ("stopped", 0.03), ("partial", 0.02))
STOP_REASON = "Your pain has gone up by 2 points or more since you started."


def session(
    maker: _Maker, demo: Demo, start: datetime, level: float, routine: str | None = None
) -> None:
    """One session with its steps and ratings, ended the way most sessions end; of
    ``routine``, or of one drawn from the usual mix."""
    rng = maker.rng
    if routine is None:
        routine = rng.choices([r for r, _w in ROUTINES], weights=[w for _r, w in ROUTINES])[0]
    plan = maker.plans[routine]
    status = rng.choices([s for s, _w in ENDINGS], weights=[w for _s, w in ENDINGS])[0]
    steps = plan["steps"]
    last = len(steps) if status == "finished" else rng.randrange(1, len(steps))
    before = maker.pain(level, 0.8)
    row = demo.add(
        "session",
        {
            "id": maker.uuid(),
            "person_id": maker.person_id,
            "routine_id": routine,
            "plan_format": plan["format"],
            "plan": plan,
            "planned_s": plan["total_s"],
            "face": "terminal",
            "started_at": start,
            "status": status,
            "end_reason": "",
            "pain_before": before,
            "speed": 1.0,
            "followup_settled": None,
            "followup_worse": None,
            "followup_at": None,
        },
    )
    _rating(maker, demo, row, start, before, "before", None)
    offset = _steps(maker, demo, row, steps[:last], status, level)
    end = start + timedelta(seconds=offset)
    after = _after(maker, demo, row, status, before, end)
    row.update(
        ended_at=end,
        updated_at=end,
        pain_after=after,
        end_reason=_reason(status),
    )


def _reason(status: str) -> str:
    return {
        "quit": "You ended the session early.",
        "stopped": STOP_REASON,
        "partial": "The session was interrupted.",
    }.get(status, "")


def _steps(
    maker: _Maker,
    demo: Demo,
    row: dict[str, Any],
    steps: list[dict[str, Any]],
    status: str,
    level: float,
) -> float:
    rng = maker.rng
    offset = 0.0
    for index, step in enumerate(steps):
        target = float(step["duration_s"])
        skipped = rng.random() < 0.02
        actual = round(target * (rng.uniform(0.2, 0.6) if skipped else rng.uniform(0.98, 1.02)), 2)
        ended = row["started_at"] + timedelta(seconds=offset + actual)
        outcome = "skipped" if skipped else "completed"
        if index == len(steps) - 1 and status in ("quit", "stopped"):
            outcome = status
        demo.add(
            "session_step",
            {
                "id": maker.uuid(),
                "person_id": maker.person_id,
                "session_id": row["id"],
                "step_index": index,
                "kind": step["kind"],
                "technique_id": step.get("technique"),
                "side": step.get("side"),
                "target_s": target,
                "actual_s": actual,
                "outcome": outcome,
                "started_offset_s": round(offset, 2),
                "recorded_at": ended,
            },
        )
        if step.get("rate_after") and outcome == "completed":
            value = maker.pain(level - 0.5, 0.8)
            _rating(maker, demo, row, ended, value, "technique", step.get("technique"))
        offset += actual
    if status == "stopped":
        _stop(maker, demo, row, steps[-1], len(steps) - 1, offset)
    return offset


def _stop(
    maker: _Maker, demo: Demo, row: dict[str, Any], step: dict[str, Any], index: int, at: float
) -> None:
    demo.add(
        "stop_event",
        {
            "id": maker.uuid(),
            "person_id": maker.person_id,
            "session_id": row["id"],
            "step_index": index,
            "technique_id": step.get("technique"),
            "rule_id": RULE_PAIN_RISE,
            "action": StopAction.STOP_TECHNIQUE.value,
            "reason": STOP_REASON,
            "at_offset_s": round(at, 2),
            "recorded_at": row["started_at"] + timedelta(seconds=at),
        },
    )


def _after(
    maker: _Maker, demo: Demo, row: dict[str, Any], status: str, before: int, end: datetime
) -> int | None:
    if status == "partial":
        return None
    change = 2 if status == "stopped" else -round(maker.rng.gauss(1.0, 1.0))
    after = max(0, min(10, before + change))
    _rating(maker, demo, row, end, after, "after", None)
    return after


def _rating(
    maker: _Maker,
    demo: Demo,
    row: dict[str, Any],
    when: datetime,
    value: int,
    context: str,
    technique: str | None,
) -> None:
    demo.add(
        "pain_rating",
        {
            **maker.journal(when),
            "value": value,
            "context": context,
            "session_id": row["id"],
            "technique_id": technique,
            "location": "",
            "note": "",
        },
    )
