"""Two people in one database: acting as one never returns, changes or counts the other's records.

Ann is the store's local person and has a bit of everything; Ben is a second person in the same
database. Every read is taken as Ben before Ann has anything and again after: the answers must
not change. Ben's writes aimed at Ann's records find nothing, and Ben's own writes leave Ann's
backup as it was.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from clocks import Clock
from unknot.core.player_events import State
from unknot.core.trial import Design
from unknot.errors import NotFoundError, UnknotError
from unknot.services import insights, safety
from unknot.services.app import Actor
from unknot.services.exchange.bulk import counts
from unknot.services.exchange.transfer import backup_document
from unknot.services.journal import read, write
from unknot.services.plan import build_plan
from unknot.services.profile import change_profile, get_profile
from unknot.services.session import record, upload
from unknot.services.trial import lifecycle as trials
from unknot.services.trial import status as trial_status
from unknot.services.trial.report import trial_report
from unknot.services.trial.today import routine_for_today
from unknot.store import tables
from unknot.web.player_schemas import SessionIn

NO = {q.id: False for q in safety.questions()}
# Reads whose answer Ann's records change (so an unchanged answer for Ben means something).
SHOWN_TO_ANN = ("profile", "safety status", "history", "journal", "check-in", "SPADI")
SHOWN_TO_ANN += ("insights", "trials", "current trial", "export", "counts")


def second_person(ann: Actor) -> Actor:
    """Ben: another person in Ann's database, acting only as himself."""
    ben = uuid.uuid4()
    with ann.unit() as session:
        session.add(tables.Person(id=ben, kind="account", display_name="", created_at=ann.clock()))
    return Actor(ann.app, ben, frozenset({ben}), ann.clock)


def outcome(read_it: Callable[[], Any]) -> Any:
    """What a read gives: its value, or the error it raises (as type and words)."""
    try:
        return read_it()
    except UnknotError as error:
        return (type(error).__name__, str(error))


def reads(actor: Actor) -> dict[str, Callable[[], Any]]:
    return {
        "profile": lambda: get_profile(actor),
        "safety status": lambda: safety.status(actor),
        "history": lambda: record.history(actor),
        "follow-up due": lambda: record.followup_due(actor),
        "stop follow-up": lambda: record.stop_followup(actor),
        "progress": lambda: record.progress(actor),
        "journal": lambda: read.entries(actor, None, include_history=True),
        "check-in": lambda: read.today_checkin(actor),
        "SPADI": lambda: read.latest_spadi(actor),
        "SPADI due": lambda: read.spadi_due(actor),
        "insights": lambda: insights.report(actor),
        "visit summary": lambda: insights.visit_summary(actor),
        "trials": lambda: trial_status.trials(actor),
        "current trial": lambda: trial_status.current_status(actor),
        "latest trial": lambda: trial_status.latest_trial(actor),
        "trial routine": lambda: routine_for_today(actor, None),
        "export": lambda: backup_document(actor)["tables"],
        "counts": lambda: _counts(actor),
    }


def _counts(actor: Actor) -> dict[str, int]:
    return counts(actor)


def session_body(plan: dict[str, Any]) -> dict[str, Any]:
    first = plan["steps"][0]
    step = {
        "index": 0,
        "technique": first["technique"],
        "side": first["side"],
        "target_s": first["duration_s"],
        "actual_s": first["duration_s"],
        "outcome": "completed",
        "started_at_s": 0,
    }
    raw = {
        "plan": plan,
        "started_at": "2026-03-02T18:00:00+00:00",
        "ended_at": None,
        "status": "running",
        "end_reason": "",
        "pain_before": 2,
        "pain_after": None,
        "steps": [step],
        "stops": [],
        "ratings": [],
    }
    return SessionIn.model_validate(raw).model_dump()


def fill(ann: Actor) -> dict[str, Any]:
    """Give Ann a profile, a screening, two sessions, journal entries and a trial."""
    from unknot.core.plan import plan_to_json

    change_profile(ann, {"timezone": "UTC", "country": "GB", "minutes_available": 20})
    safety.record(ann, NO)
    plan = build_plan(ann, "hip-short", 2).plan
    played = record.SessionRecorder(ann, plan, 2)
    played.finish(State.FINISHED, "", 1)
    browser = uuid.uuid4()
    upload.save_uploaded(ann, browser, session_body(plan_to_json(plan)))
    pain = write.log_pain(ann, 4, note="Ann's pain")
    write.add_note(ann, "Ann's note")
    write.check_in(ann, {"average_pain": 3, "worst_pain": 5})
    write.record_spadi(ann, [2] * 13)
    trial = trials.plan_trial(ann, Design(), assessed_by_clinician=True, seed=7)  # type: ignore[arg-type]
    return {"session": played.id, "browser": browser, "pain": pain.id, "trial": trial.id}


def test_two_people_never_see_each_others_records(clocked_actor: Actor, clock: Clock) -> None:
    ann = clocked_actor
    ben = second_person(ann)
    before = {name: outcome(r) for name, r in reads(ben).items()}
    fill(ann)
    after = {name: outcome(r) for name, r in reads(ben).items()}
    assert after == before
    anns = {name: outcome(r) for name, r in reads(ann).items()}
    assert all(anns[name] != before[name] for name in SHOWN_TO_ANN)
    assert not any(_counts(ben).values())
    assert _counts(ann)["session"] == 2 and _counts(ann)["trial"] == 1


def test_one_person_cannot_reach_the_others_records_by_id(
    clocked_actor: Actor, clock: Clock
) -> None:
    ann = clocked_actor
    ben = second_person(ann)
    ids = fill(ann)
    kept = backup_document(ann)["tables"]
    safety.record(ben, NO)
    prefix = ids["pain"].hex[:8]
    refused: list[Callable[[], Any]] = [
        lambda: read.find(ben, prefix),
        lambda: write.edit(ben, prefix, {"value": 9}),
        lambda: write.delete(ben, prefix),
        lambda: record.record_followup(ben, ids["session"], True, False),
        lambda: record.record_stop_followup(ben, ids["session"], True),
        lambda: upload.uploaded(ben, ids["browser"]),
        lambda: trial_status.get_trial(ben, ids["trial"]),
        lambda: trial_report(ben, ids["trial"]),
    ]
    for attempt in refused:
        with pytest.raises(NotFoundError):
            attempt()
    plan = build_plan(ben, "hip-short", 2).plan
    from unknot.core.plan import plan_to_json

    with pytest.raises(NotFoundError):
        upload.save_uploaded(ben, ids["browser"], session_body(plan_to_json(plan)))
    assert backup_document(ann)["tables"] == kept


def test_one_persons_writes_leave_the_other_as_they_were(
    clocked_actor: Actor, clock: Clock
) -> None:
    ann = clocked_actor
    ben = second_person(ann)
    fill(ann)
    kept = backup_document(ann)["tables"]
    seen = {name: outcome(r) for name, r in reads(ann).items()}
    fill(ben)
    trials.stop(ben, "changed my mind")
    assert backup_document(ann)["tables"] == kept
    assert {name: outcome(r) for name, r in reads(ann).items()} == seen
    assert get_profile(ben).minutes_available == 20 and _counts(ben)["session"] == 2


def test_repositories_built_for_one_person_do_not_find_the_others_rows(
    clocked_actor: Actor, clock: Clock
) -> None:
    from unknot.core.journal import PainEntry
    from unknot.store.journal_repo import JournalRepo
    from unknot.store.person_rows import PersonRows
    from unknot.store.scope import OutOfScope
    from unknot.store.trial_repo import TrialRepo
    from unknot.store.upload_repo import UploadRepo

    ann = clocked_actor
    ben = second_person(ann)
    ids = fill(ann)
    edited = write.edit(ann, ids["pain"].hex[:8], {"value": 5})
    kept = backup_document(ann)
    with ann.unit() as session:
        journal = JournalRepo(session, ben)
        assert journal.get(PainEntry, ids["pain"]) is None
        assert journal.successor(PainEntry, ids["pain"]) is None
        assert JournalRepo(session, ann).successor(PainEntry, ids["pain"]) == edited.record.id
        assert TrialRepo(session, ben).get(ids["trial"]) is None
        assert TrialRepo(session, ben).open() is None and TrialRepo(session, ben).all() == []
        assert UploadRepo(session, ben).stored(ids["browser"]) is None
        assert UploadRepo(session, ben).id_taken(ids["browser"])  # the id stays Ann's
        rows = PersonRows(session, ben)
        assert rows.counts() == {}
        assert rows.person()["id"] == str(ben.person_id)
        notes = kept["tables"]["note"]
        decoded = [{**n, "id": uuid.UUID(n["id"]), "person_id": ann.person_id} for n in notes]
        with pytest.raises(OutOfScope):
            rows.insert("note", decoded)
    assert backup_document(ann)["tables"] == kept["tables"]
