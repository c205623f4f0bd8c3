"""Sessions: save a running session step by step, end it, list history, follow up next time.

Every call commits on its own, so a killed process loses at most the step in progress: the
session row exists from the first second, each finished step is written when it ends, and a
session that never ended is shown as partial.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from unknot.core.plan import PLAN_FORMAT, Plan, plan_to_json
from unknot.core.player_events import PainReport, State, StepRecord, StopEvent
from unknot.core.progression import Progress, after_session
from unknot.core.stoprules import NextTime, StopAction, followup_ok, next_time
from unknot.errors import NotFoundError
from unknot.i18n import _
from unknot.services.app import Actor, local_now
from unknot.store import session_repo, tables

RUNNING = "running"
PARTIAL = "partial"


class SessionRecorder:
    """Writes one session as it happens. Create it when the session starts."""

    def __init__(
        self,
        actor: Actor,
        plan: Plan,
        pain_before: int | None,
        speed: float = 1.0,
        face: str = "terminal",
    ) -> None:
        self.actor = actor
        self.id = uuid.uuid4()
        now = actor.clock()
        with actor.unit() as session:
            _close_stale(session, actor.person_id, now)
            session.add(
                tables.SessionRow(
                    id=self.id,
                    person_id=actor.person_id,
                    routine_id=plan.routine_id,
                    plan_format=PLAN_FORMAT,
                    plan=plan_to_json(plan),
                    planned_s=plan.total_s,
                    face=face,
                    started_at=now,
                    updated_at=now,
                    status=RUNNING,
                    pain_before=pain_before,
                    speed=speed,
                )
            )
            if pain_before is not None:
                session.flush()
                session.add(self._rating(pain_before, "before", None, now))

    def _rating(
        self, value: int, context: str, technique: str | None, when: datetime
    ) -> tables.PainRating:
        return tables.PainRating(
            id=uuid.uuid4(),
            person_id=self.actor.person_id,
            value=value,
            taken_at=when,
            timezone=str(local_now(self.actor).tzinfo or ""),
            context=context,
            session_id=self.id,
            technique_id=technique,
            created_at=when,
        )

    def _touch(self, session: Any, now: datetime) -> None:
        row = session_repo.session_row(session, self.actor.people, self.id)
        assert row is not None
        row.updated_at = now

    def step_ended(self, record: StepRecord, kind: str) -> None:
        now = self.actor.clock()
        with self.actor.unit() as session:
            session.add(
                tables.SessionStep(
                    id=uuid.uuid4(),
                    person_id=self.actor.person_id,
                    session_id=self.id,
                    step_index=record.index,
                    kind=kind,
                    technique_id=record.technique_id,
                    side=record.side,
                    target_s=record.target_s,
                    actual_s=record.actual_s,
                    outcome=record.outcome.value,
                    started_offset_s=record.started_at_s,
                    recorded_at=now,
                )
            )
            self._touch(session, now)

    def stop_event(self, event: StopEvent) -> None:
        now = self.actor.clock()
        with self.actor.unit() as session:
            session.add(
                tables.StopEventRow(
                    id=uuid.uuid4(),
                    person_id=self.actor.person_id,
                    session_id=self.id,
                    step_index=event.step_index,
                    technique_id=event.technique_id,
                    rule_id=event.rule_id,
                    action=event.action.value,
                    reason=event.reason,
                    at_offset_s=event.at_s,
                    recorded_at=now,
                )
            )
            self._touch(session, now)

    def rating(self, report: PainReport, context: str) -> None:
        now = self.actor.clock()
        with self.actor.unit() as session:
            session.add(self._rating(report.value, context, report.technique_id, now))
            self._touch(session, now)

    def finish(self, state: State, reason: str, pain_after: int | None) -> None:
        now = self.actor.clock()
        with self.actor.unit() as session:
            row = session_repo.session_row(session, self.actor.people, self.id)
            assert row is not None
            row.status = state.value
            row.end_reason = reason
            row.ended_at = now
            row.updated_at = now
            row.pain_after = pain_after
            if pain_after is not None:
                session.add(self._rating(pain_after, "after", None, now))


def _close_stale(session: Any, person_id: uuid.UUID, now: datetime) -> None:
    """Sessions left running by a crash or a kill become partial when a new one starts."""
    for row in session_repo.running_rows(session, {person_id}, RUNNING):
        row.status = PARTIAL
        row.ended_at = row.updated_at
        row.end_reason = row.end_reason or _("The session was interrupted.")


@dataclass(frozen=True)
class SessionSummary:
    id: uuid.UUID
    routine_id: str
    started_at: datetime
    ended_at: datetime | None
    status: str
    planned_s: int
    actual_s: float
    steps_done: int
    steps_planned: int
    pain_before: int | None
    pain_after: int | None
    stops: tuple[dict[str, Any], ...]
    technique_ratings: tuple[dict[str, Any], ...]
    end_reason: str
    steps: tuple[dict[str, Any], ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "routine": self.routine_id,
            "started_at": self.started_at.isoformat(),
            "ended_at": self.ended_at.isoformat() if self.ended_at else None,
            "status": self.status,
            "planned_s": self.planned_s,
            "actual_s": round(self.actual_s, 3),
            "steps_done": self.steps_done,
            "steps_planned": self.steps_planned,
            "pain_before": self.pain_before,
            "pain_after": self.pain_after,
            "stops": list(self.stops),
            "technique_ratings": list(self.technique_ratings),
            "end_reason": self.end_reason,
            "steps": list(self.steps),
        }


def history(actor: Actor, limit: int | None = None) -> list[SessionSummary]:
    """Sessions, newest first; one still 'running' that is not being played shows as partial."""
    with actor.unit() as session:
        rows = session_repo.newest_rows(session, actor.people, limit)
        return [_summary(session, row) for row in rows]


def _summary(session: Any, row: tables.SessionRow) -> SessionSummary:
    steps = session_repo.steps_of(session, row.id)
    stops = session_repo.stops_of(session, row.id)
    ratings = session_repo.ratings_of(session, row.id, "technique")
    status = PARTIAL if row.status == RUNNING else row.status
    return SessionSummary(
        id=row.id,
        routine_id=row.routine_id,
        started_at=row.started_at,
        ended_at=row.ended_at,
        status=status,
        planned_s=row.planned_s,
        actual_s=sum(s.actual_s for s in steps),
        steps_done=len({s.step_index for s in steps if s.outcome == "completed"}),
        steps_planned=len(row.plan.get("steps", [])),
        pain_before=row.pain_before,
        pain_after=row.pain_after,
        stops=tuple(
            {
                "rule": s.rule_id,
                "action": s.action,
                "technique": s.technique_id,
                "reason": s.reason,
                "at_s": s.at_offset_s,
            }
            for s in stops
        ),
        technique_ratings=tuple({"technique": r.technique_id, "value": r.value} for r in ratings),
        end_reason=row.end_reason,
        steps=tuple(
            {
                "index": s.step_index,
                "kind": s.kind,
                "technique": s.technique_id,
                "side": s.side,
                "target_s": s.target_s,
                "actual_s": s.actual_s,
                "outcome": s.outcome,
            }
            for s in steps
        ),
    )


# -- follow-up and progression ------------------------------------------------------------


@dataclass(frozen=True)
class FollowUpDue:
    session_id: uuid.UUID
    routine_id: str
    started_at: datetime


def _last_session(session: Any, person_id: uuid.UUID) -> tables.SessionRow | None:
    rows = session_repo.newest_rows(session, {person_id}, 1)
    return rows[0] if rows else None


def followup_due(actor: Actor) -> FollowUpDue | None:
    """The last session, if it was on an earlier day and has no follow-up answers yet.

    A session that a stop-the-session rule ended is followed up by :func:`stop_followup`
    instead (its question comes first, and its answer is stored in the same place).
    """
    today = local_now(actor).date()
    zone = local_now(actor).tzinfo
    with actor.unit() as session:
        row = _last_session(session, actor.person_id)
        if row is None or row.followup_at is not None:
            return None
        if row.started_at.astimezone(zone).date() >= today:
            return None  # "the next morning" has not come yet
        if _session_stop_rule(session, row) is not None:
            return None
        return FollowUpDue(row.id, row.routine_id, row.started_at)


# -- after a session that a stop-the-session rule ended (§6 rule 2) ------------------------

ASK = "ask"  # an earlier day: ask whether it has passed
STOPPED_TODAY = "stopped_today"  # the session stopped today: no further technique today
STILL_THERE_TODAY = "still_there_today"  # answered today that it has not passed


@dataclass(frozen=True)
class StopFollowUp:
    """The last session stopped by a rule-2 stop, and what the next start does about it."""

    session_id: uuid.UUID
    rule_id: str
    state: str  # ASK | STOPPED_TODAY | STILL_THERE_TODAY
    asked: NextTime


def _session_stop_rule(session: Any, row: tables.SessionRow) -> str | None:
    """The rule id of the stop-the-session stop that ended ``row``, if one did."""
    return session_repo.first_stop_rule(session, row.id, StopAction.STOP_SESSION.value)


def stop_followup(actor: Actor) -> StopFollowUp | None:
    """What the next start must do after a session a stop-the-session rule ended.

    Only the last session counts. Stopped today: no further technique today (§6 rule 2). On a
    later day the start asks whether it has passed; "no" means no session today either, and
    the question comes again the next day. The answer is the session's ``followup_settled``
    (``followup_at`` says when): a session stopped this way has no other follow-up.
    """
    from unknot.services import safety

    now = local_now(actor)
    with actor.unit() as session:
        row = _last_session(session, actor.person_id)
        rule_id = _session_stop_rule(session, row) if row is not None else None
        if row is None or rule_id is None:
            return None
        asked = next_time(safety.stop_rules(), rule_id)
        if asked is None:
            return None  # a rule that has since changed: nothing to ask about
        answered_on = row.followup_at.astimezone(now.tzinfo).date() if row.followup_at else None
        if row.followup_settled:
            return None  # it has passed
        if row.started_at.astimezone(now.tzinfo).date() >= now.date():
            state = STOPPED_TODAY
        elif answered_on is not None and answered_on >= now.date():
            state = STILL_THERE_TODAY
        else:
            state = ASK
        return StopFollowUp(row.id, rule_id, state, asked)


def no_session_words(actor: Actor, due: StopFollowUp) -> tuple[str, str]:
    """Why no session starts now after ``due`` (not asked, or answered "still there"), and the
    rule's advice — both with the person's numbers filled in; the advice may be empty."""
    from unknot.core.screening import fill_numbers
    from unknot.core.stoprules import check_rule
    from unknot.services import safety

    numbers = safety.status(actor).numbers()
    if due.state != STOPPED_TODAY:
        return fill_numbers(str(due.asked.still_there), numbers), ""
    advice = check_rule(safety.stop_rules(), due.rule_id).advice
    message = _("Your session stopped earlier today for your safety: no more techniques today.")
    return message, fill_numbers(str(advice), numbers) if advice is not None else ""


def record_stop_followup(actor: Actor, session_id: uuid.UUID, passed: bool) -> None:
    """The answer to "Has that passed?". Yes: the session counts as followed up (doses go
    down a little, as after any stopped technique). No: nothing starts today."""
    now = actor.clock()
    with actor.unit() as session:
        row = session_repo.session_row(session, actor.people, session_id)
        if row is None:
            raise NotFoundError(_("There is no such session to follow up."))
        if _session_stop_rule(session, row) is None:
            raise NotFoundError(_("That session was not stopped by a safety rule."))
        row.followup_settled = passed
        row.followup_worse = None
        row.followup_at = now
        if passed:
            _progress_after(session, actor.person_id, session_id, ok=False, now=now)


def record_followup(
    actor: Actor, session_id: uuid.UUID, settled: bool, worse_next_morning: bool
) -> bool:
    """Store the answers and move each technique's dose up or down; True if all was well."""
    now = actor.clock()
    ok = followup_ok(settled, worse_next_morning)
    with actor.unit() as session:
        row = session_repo.session_row(session, actor.people, session_id)
        if row is None:
            raise NotFoundError(_("There is no such session to follow up."))
        row.followup_settled = settled
        row.followup_worse = worse_next_morning
        row.followup_at = now
        _progress_after(session, actor.person_id, session_id, ok, now)
    return ok


def _progress_after(
    session: Any, person_id: uuid.UUID, session_id: uuid.UUID, ok: bool, now: datetime
) -> None:
    """Move each technique the session played up or down (``core.progression``)."""
    steps = session_repo.work_steps_of(session, session_id)
    stopped = [stop.technique_id for stop in session_repo.stops_of(session, session_id)]
    done = [s.technique_id for s in steps if s.technique_id and s.actual_s > 0]
    current = _load_progress(session, person_id)
    updated = after_session(current, done, [t for t in stopped if t], ok)
    _save_progress(session, person_id, updated, now)


def progress(actor: Actor) -> dict[str, Progress]:
    with actor.unit() as session:
        return _load_progress(session, actor.person_id)


def _load_progress(session: Any, person_id: uuid.UUID) -> dict[str, Progress]:
    rows = session_repo.progression_rows(session, {person_id})
    return {r.technique_id: Progress(r.level, r.streak) for r in rows}


def _save_progress(
    session: Any, person_id: uuid.UUID, values: dict[str, Progress], now: datetime
) -> None:
    rows = {r.technique_id: r for r in session_repo.progression_rows(session, {person_id})}
    for technique, value in values.items():
        row = rows.get(technique)
        if row is None:
            row = tables.ProgressionRow(
                id=uuid.uuid4(), person_id=person_id, technique_id=technique
            )
            session.add(row)
        row.level = value.level
        row.streak = value.streak
        row.updated_at = now
