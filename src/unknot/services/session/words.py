"""Past sessions in the words a person reads: the routine's name, how the session ended and
what stopped it, at the person's own local time (history, and the web journal later).

"complete" means played through: a session that ran 1 min 27 s of a 14-minute plan, skipped
to the end, "ended early"; one a safety rule ended says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from unknot.core.insights.records import Insights
from unknot.core.stoprules import stop_label
from unknot.i18n import _
from unknot.services import safety
from unknot.services.app import Actor
from unknot.services.library import load_library
from unknot.services.session.record import SessionSummary

PLAYED_THROUGH = 0.5  # of the planned time: less, though the last step was reached, is "early"


@dataclass(frozen=True)
class SessionWords:
    summary: SessionSummary
    started: datetime  # in the person's time zone
    routine: str
    ended: str
    stops: tuple[str, ...]


def in_words(actor: Actor, sessions: Sequence[SessionSummary]) -> list[SessionWords]:
    if not sessions:
        return []
    library = load_library(actor.settings.routines_dir, strict=False)
    rules = safety.stop_rules()
    zone = actor.zone
    found = []
    for summary in sessions:
        routine = library.routines.get(summary.routine_id)
        found.append(
            SessionWords(
                summary=summary,
                started=summary.started_at.astimezone(zone),
                routine=str(routine.name) if routine else summary.routine_id,
                ended=ended_words(summary),
                stops=tuple(
                    dict.fromkeys(stop_label(rules, str(s["rule"])) for s in summary.stops)
                ),
            )
        )
    return found


def stopwatch(seconds: float) -> str:
    """Minutes and seconds as a stopwatch shows them: 13:58."""
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def ended_words(summary: SessionSummary) -> str:
    if summary.status == "stopped":
        return _("stopped by a safety rule")
    if summary.status == "quit":
        return _("ended early")
    if summary.status == "partial":
        return _("interrupted")
    if summary.status != "finished":
        return summary.status
    if summary.planned_s and summary.actual_s < PLAYED_THROUGH * summary.planned_s:
        return _("ended early")
    if summary.steps_done < summary.steps_planned:
        return _("complete, {done} of {total} steps done").format(
            done=summary.steps_done, total=summary.steps_planned
        )
    return _("complete")


def named(actor: Actor, ins: Insights) -> Insights:
    """``ins`` with the names people read for the routines, techniques and stop rules it
    mentions (the report, the PDF, the figure and the Insights page show these, never ids)."""
    library = load_library(actor.settings.routines_dir, strict=False)
    rules = safety.stop_rules()
    names: dict[str, str] = {}
    for change in ins.routines:
        routine = library.routines.get(change.key)
        if routine is not None:
            names[change.key] = str(routine.name)
    for change in ins.techniques:
        technique = library.techniques.get(change.key)
        if technique is not None:
            names[change.key] = str(technique.name)
    for stop in ins.stops:
        routine = library.routines.get(stop.routine_id)
        if routine is not None:
            names[stop.routine_id] = str(routine.name)
        for rule in stop.rules:
            names[rule] = stop_label(rules, rule)
    return replace(ins, names=names)
