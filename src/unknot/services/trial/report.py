"""The report of a personal trial: load the trial and the journal, let the core build it."""

from __future__ import annotations

import uuid

from unknot.core.insights.text import clinician_text
from unknot.core.trial_days import TrialInput
from unknot.core.trial_report import TrialReport, build_report
from unknot.services import safety
from unknot.services.app import Actor
from unknot.services.journal.read import load_journal
from unknot.services.journal.times import person_zone
from unknot.services.trial.status import get_trial, routine_name
from unknot.services.trial.today import clinician
from unknot.store.trial_repo import StoredTrial


def trial_input(actor: Actor, stored: StoredTrial) -> TrialInput:
    """The stored trial for the report; event times in the person's own zone."""
    design = stored.design
    zone = person_zone(actor).tz
    return TrialInput(
        trial_id=str(stored.id),
        design=design,
        start=stored.start,
        seed=stored.seed,
        sequence=stored.sequence,
        randomisation=stored.randomisation,
        events=tuple((e.event, e.recorded_at.astimezone(zone)) for e in stored.events),
        design_check=stored.design_check,
        assessed_by_clinician=stored.assessed_by_clinician,
        screening_tier=stored.screening_tier,
        arm_names={
            "A": routine_name(actor, design.routine_of("A")),
            "B": routine_name(actor, design.routine_of("B")),
        },
        stop_rules=safety.stop_rules(),
    )


def trial_report(actor: Actor, trial_id: uuid.UUID | None = None) -> TrialReport:
    """The report of a trial (default: the latest), as of the person's today."""
    stored = get_trial(actor, trial_id)
    zone = person_zone(actor)
    today = zone.today(actor.clock())
    journal = load_journal(actor, since=stored.start)
    check = clinician(actor, today)
    rule = {"due": check.due, "kind": check.kind, "text": clinician_text(check)}
    return build_report(
        trial_input(actor, stored),
        journal.checkins,
        journal.sessions,
        zone.tz,
        today,
        rule,
    )
