"""Sessions played in the browser: save the whole session so far, idempotently (issue 6).

The browser player sends the complete session at each step boundary (and again when it comes
back online): plan, pain before and after, played steps with target and actual time, stop
events, ratings and status. :func:`save_uploaded` replaces what was stored for that session id
with what it receives, so the same body twice changes nothing and a later body supersedes an
earlier one. Row ids and timestamps are derived from the session's own data (uuid5, start time
+ offsets), which is what makes a replay write identical rows — and a replay of an identical
body writes nothing at all.

The server does not trust the page's stop-rule verdicts: it re-checks every pain rating given
during a technique and every symptom against its own rules (:mod:`unknot.core.stoprules`) and
records a stop event the page left out, with a note saying so (:func:`server_note`).

The session is stored with the plan it ran, in that plan's format (``plan_format``): a phone
that was offline may send a format-1 session after the server moved on to format 2. Its
symptoms are still re-checked by today's rules: a dizziness reported under format 1 (then
only "stop this technique") keeps its stop event as it ran, and the server adds the
stop-the-session today's rules make of it, with the note, so the next start asks about it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from unknot.core.screening import fill_numbers
from unknot.core.stoprules import StopAction, StopRules, check_pain, check_rule
from unknot.errors import NotFoundError, Problem, SafetyError, ValidationError
from unknot.i18n import _
from unknot.services import safety
from unknot.services.app import Actor, local_now
from unknot.store import tables
from unknot.store.upload_repo import Child, UploadRepo

FACE = "browser"
MAX_CLOCK_SKEW = timedelta(hours=1)


@dataclass(frozen=True)
class Saved:
    id: uuid.UUID
    changed: bool  # False when the body matched what was stored (a replay)
    status: str
    server_stops: int  # stop events the server added on its own re-check


def save_uploaded(actor: Actor, session_id: uuid.UUID, body: dict[str, Any]) -> Saved:
    """Store (or replace) a browser session from ``body`` (validated by the API model)."""
    plan = body["plan"]
    _check_plan_fits(actor, body)
    rules = safety.stop_rules()
    numbers = safety.status(actor).numbers()
    stops, added = _rechecked_stops(rules, numbers, body)
    status = body["status"]
    if any(s["action"] == StopAction.EMERGENCY.value for s in stops) and status != "running":
        status = "stopped"
    fields = {
        "started_at": body["started_at"],
        "status": status,
        "end_reason": body["end_reason"],
        "ended_at": body["ended_at"],
        "pain_before": body["pain_before"],
        "pain_after": body["pain_after"],
    }
    with actor.unit() as session:
        uploads = UploadRepo(session, actor)
        row = uploads.stored(session_id)
        if row is None and uploads.id_taken(session_id):
            raise NotFoundError(_("There is no such session."))
        _check_replaceable(row, plan)
        wanted = _rows(actor, session_id, body, stops)
        if row is not None and uploads.unchanged(row, fields, wanted):
            return Saved(session_id, False, status, added)
        now = actor.clock()
        if row is None:
            row = uploads.new(
                session_id,
                routine_id=plan["routine"]["id"],
                plan_format=int(plan["format"]),  # the format it ran in, not today's
                plan=plan,
                planned_s=plan["total_s"],
                face=FACE,
                started_at=body["started_at"],
                updated_at=now,
                status=status,
            )
        uploads.replace(row, {**fields, "updated_at": now}, wanted)
    return Saved(session_id, True, status, added)


def server_note() -> str:
    return _("(Recorded by the server's own check of the stop rules.)")


# -- checks -------------------------------------------------------------------------------


def _check_plan_fits(actor: Actor, body: dict[str, Any]) -> None:
    from unknot.services.library import load_library

    plan = body["plan"]
    steps = plan["steps"]
    problems: list[Problem] = []
    library = load_library(actor.settings.routines_dir, strict=False)
    if plan["routine"]["id"] not in library.routines:
        problems.append(Problem(_("There is no routine with this id."), "body", "plan.routine.id"))
    known = set(library.techniques)
    for i, step in enumerate(steps):
        if step["technique"] is not None and step["technique"] not in known:
            problems.append(Problem(_("Unknown technique."), "body", f"plan.steps.{i}.technique"))
        if step["index"] != i:
            problems.append(
                Problem(_("Steps must be numbered 0, 1, 2 …"), "body", f"plan.steps.{i}")
            )
    if sum(s["duration_s"] for s in steps) != plan["total_s"]:
        problems.append(Problem(_("total_s is not the sum of the steps."), "body", "plan.total_s"))
    for name in ("steps", "stops", "ratings"):
        for i, item in enumerate(body[name]):
            index = item["step_index"] if name != "steps" else item["index"]
            if not 0 <= index < len(steps):
                problems.append(
                    Problem(_("No such step in the plan."), "body", f"{name}.{i}.step_index")
                )
            elif name == "steps" and steps[index]["technique"] != item["technique"]:
                problems.append(
                    Problem(_("Not the technique of this plan step."), "body", f"steps.{i}")
                )
    if problems:
        raise ValidationError(
            _("This session does not fit its plan ({n} problem(s)); nothing was saved.").format(
                n=len(problems)
            ),
            hint=_("Send the plan the session was played from, unchanged."),
            problems=problems,
        )
    now = actor.clock()
    if body["started_at"] > now + MAX_CLOCK_SKEW:
        raise ValidationError(
            _("The session starts in the future ({when}); check the device's clock.").format(
                when=body["started_at"].isoformat()
            ),
            problems=[Problem(_("In the future."), "body", "started_at")],
        )


def _check_replaceable(row: tables.SessionRow | None, plan: dict[str, Any]) -> None:
    if row is None:
        return
    if row.face != FACE:
        raise SafetyError(
            _("Session {id} was played in the terminal; the browser cannot replace it.").format(
                id=row.id
            ),
            hint=_("Start a new session in the browser; it gets a new id."),
        )
    if row.plan != plan:
        raise SafetyError(
            _("Session {id} was saved with another plan; a session's plan cannot change.").format(
                id=row.id
            ),
            hint=_("Start a new session (a new id) for a new plan."),
        )


def _rechecked_stops(
    rules: StopRules, numbers: Any, body: dict[str, Any]
) -> tuple[list[dict[str, Any]], int]:
    """The page's stop events with the server's action and reason, plus any it left out."""
    steps = body["plan"]["steps"]
    stops: list[dict[str, Any]] = []
    for stop in body["stops"]:
        if stop["rule"].startswith(("symptom.", "session.")):
            earlier = [s["rule"] for s in stops]
            decision = check_rule(rules, stop["rule"], earlier)
            reason = fill_numbers(str(decision.reason), numbers)
            if (decision.rule_id, decision.action) == (stop["rule"], stop["action"]):
                stops.append(_stop(stop, decision.action, reason))
                continue
            # The page decided otherwise (a format-1 page's dizziness, a second sharp pain it
            # missed): what it did is kept as it ran, and the server's verdict is added.
            stops.append(stop)
            found = {**stop, "rule": decision.rule_id}
            stops.append(_stop(found, decision.action, reason + " " + server_note()))
        elif stop["rule"] in ("pain.rise", "pain.ceiling"):
            stops.append(stop)
    added = 0
    for rating in body["ratings"]:
        if rating["context"] != "during":
            continue
        decision = check_pain(rules, body["pain_before"], rating["value"])
        if decision.action is None:
            continue
        index = rating["step_index"]
        if any(s["step_index"] == index and s["rule"] == decision.rule_id for s in stops):
            continue
        technique = steps[index]["technique"]
        found = {**rating, "rule": decision.rule_id, "technique": technique}
        stops.append(_stop(found, decision.action, str(decision.reason) + " " + server_note()))
        added += 1
    return stops, added


def _stop(stop: dict[str, Any], action: StopAction | None, reason: str) -> dict[str, Any]:
    assert action is not None
    return {
        "step_index": stop["step_index"],
        "technique": stop["technique"],
        "rule": stop["rule"],
        "action": action.value,
        "reason": reason,
        "at_s": stop["at_s"],
    }


# -- rows ---------------------------------------------------------------------------------


def _rows(
    actor: Actor, session_id: uuid.UUID, body: dict[str, Any], stops: list[dict[str, Any]]
) -> list[Child]:
    start: datetime = body["started_at"]
    person = actor.person_id
    zone = str(local_now(actor).tzinfo or "")

    def rid(kind: str, n: int) -> uuid.UUID:
        return uuid.uuid5(session_id, f"{kind}:{n}")

    def at(seconds: float) -> datetime:
        return start + timedelta(seconds=seconds)

    rows: list[Child] = []
    for n, s in enumerate(body["steps"]):
        rows.append(
            _child(
                "step",
                id=rid("step", n),
                person_id=person,
                session_id=session_id,
                step_index=s["index"],
                kind=body["plan"]["steps"][s["index"]]["kind"],
                technique_id=s["technique"],
                side=s["side"],
                target_s=s["target_s"],
                actual_s=s["actual_s"],
                outcome=s["outcome"],
                started_offset_s=s["started_at_s"],
                recorded_at=at(s["started_at_s"] + s["actual_s"] + n * 1e-3),
            )
        )
    for n, e in enumerate(stops):
        rows.append(
            _child(
                "stop",
                id=rid("stop", n),
                person_id=person,
                session_id=session_id,
                step_index=e["step_index"],
                technique_id=e["technique"],
                rule_id=e["rule"],
                action=e["action"],
                reason=e["reason"],
                at_offset_s=e["at_s"],
                recorded_at=at(e["at_s"]),
            )
        )
    ratings = [{"value": body["pain_before"], "context": "before", "technique": None, "at_s": 0}]
    ratings += body["ratings"]
    end = body["ended_at"] or at(sum(s["actual_s"] for s in body["steps"]))
    for n, r in enumerate(ratings):
        if r["value"] is None:
            continue
        rows.append(_rating(person, session_id, rid("rating", n), r, at(r["at_s"]), zone))
    if body["pain_after"] is not None:
        after = {"value": body["pain_after"], "context": "after", "technique": None}
        rows.append(_rating(person, session_id, rid("after", 0), after, end, zone))
    return rows


def _rating(
    person: uuid.UUID,
    session_id: uuid.UUID,
    ident: uuid.UUID,
    r: dict[str, Any],
    when: datetime,
    zone: str,
) -> Child:
    return _child(
        "rating",
        id=ident,
        person_id=person,
        value=r["value"],
        taken_at=when,
        timezone=zone,
        context=r["context"],
        session_id=session_id,
        technique_id=r["technique"],
        created_at=when,
    )


def _child(table: str, /, **values: Any) -> Child:
    return Child(table, values)


def uploaded(actor: Actor, session_id: uuid.UUID) -> dict[str, Any]:
    """One stored session as the history shows it."""
    from unknot.services.session.record import history

    for summary in history(actor):
        if summary.id == session_id:
            return summary.to_json()
    raise NotFoundError(_("There is no session {id}.").format(id=session_id))
