from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actors import open_actor
from unknot.config import load_settings
from unknot.core.journal import CheckIn, Note, PainEntry, SpadiEntry
from unknot.core.player_events import Outcome, PainReport, State, StepRecord
from unknot.errors import NotFoundError, ValidationError
from unknot.services import safety
from unknot.services.app import Actor
from unknot.services.journal.read import (
    entries,
    find,
    load_journal,
    spadi_due,
    today_checkin,
)
from unknot.services.journal.times import zone_named
from unknot.services.journal.write import add_note, check_in, delete, edit, log_pain, record_spadi
from unknot.services.plan import build_plan
from unknot.services.profile import change_profile
from unknot.services.session.record import SessionRecorder

START = datetime(2026, 3, 2, 18, 30, tzinfo=UTC)
CHECKIN = {"average_pain": 3, "worst_pain": 5}
PLACES = (
    "left-front, left-top, left-back, right-front, right-top, right-back, both-front, "
    "both-top, both-back"
)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def services(db_url: str, clock: Clock) -> Iterator[Actor]:
    opened = open_actor(replace(load_settings(), database_url=db_url), clock=clock)
    change_profile(opened, {"timezone": "Europe/London"})
    yield opened
    opened.app.close()


def problems_of(error: pytest.ExceptionInfo[ValidationError]) -> list[tuple[str, str]]:
    return [(p.field, p.message) for p in error.value.problems]


# --- saving and reading --------------------------------------------------------------------


def test_a_pain_rating_is_saved_with_utc_time_and_the_persons_zone(services: Actor) -> None:
    entry = log_pain(services, 4, location="right-front", note="after gardening")
    [listed] = entries(services)
    assert listed.record == entry and listed.status == "current" and listed.kind == "pain"
    assert entry.taken_at == START and entry.timezone == "Europe/London"
    assert entry.context == "log"


def test_a_time_without_zone_is_read_in_the_profile_zone(services: Actor) -> None:
    change_profile(services, {"timezone": "Asia/Seoul"})
    entry = log_pain(services, 2, at=datetime(2026, 3, 2, 9, 0))
    assert entry.taken_at == datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
    assert entry.timezone == "Asia/Seoul"


def test_entries_are_listed_newest_first_across_kinds(services: Actor, clock: Clock) -> None:
    log_pain(services, 4)
    clock.now += timedelta(minutes=5)
    add_note(services, "slept badly")
    clock.now += timedelta(minutes=5)
    record_spadi(services, [3] * 13)
    assert [e.kind for e in entries(services)] == ["spadi", "note", "pain"]


def test_entries_since_a_day_start_at_midnight_in_the_persons_zone(
    services: Actor, clock: Clock
) -> None:
    change_profile(services, {"timezone": "Asia/Seoul"})
    log_pain(services, 1, at=datetime(2026, 3, 1, 23, 59))  # Seoul, 1 March
    log_pain(services, 2, at=datetime(2026, 3, 2, 0, 1))  # Seoul, 2 March (still 1 March UTC)
    assert [e.record.value for e in entries(services, since=date(2026, 3, 2))] == [2]


# --- edit and delete keep history ----------------------------------------------------------


def test_an_edit_adds_a_new_version_and_the_old_one_shows_as_corrected(
    services: Actor, clock: Clock
) -> None:
    first = log_pain(services, 7, location="left-top")
    clock.now += timedelta(minutes=1)
    saved = edit(services, first.id.hex[:6], {"value": 4})
    assert saved.replaced == first
    assert saved.record.value == 4 and saved.record.replaces_id == first.id
    assert saved.record.location == "left-top" and saved.record.taken_at == first.taken_at
    assert [e.record.value for e in entries(services)] == [4]
    history = {e.record.id: e.status for e in entries(services, include_history=True)}
    assert history == {first.id: "corrected", saved.record.id: "current"}
    assert find(services, first.id.hex).successor == saved.record.id


def test_a_delete_keeps_the_record_as_history(services: Actor) -> None:
    note = add_note(services, "cold weather")
    deleted = delete(services, str(note.id))
    assert deleted.record.id == note.id and deleted.status == "deleted"
    assert deleted.record.deleted_at == START
    assert entries(services) == []
    [gone] = entries(services, include_history=True)
    assert gone.status == "deleted" and gone.record.deleted_at == START


def test_an_old_version_or_a_deleted_record_cannot_be_changed(services: Actor) -> None:
    first = log_pain(services, 7)
    newer = edit(services, first.id.hex, {"value": 6}).record
    with pytest.raises(ValidationError, match=f"corrected by {newer.id.hex[:8]}"):
        edit(services, first.id.hex, {"value": 5})
    delete(services, newer.id.hex)
    with pytest.raises(ValidationError, match="was deleted"):
        delete(services, newer.id.hex)


def test_unknown_and_ambiguous_ids_get_clear_errors(services: Actor) -> None:
    for _ in range(40):  # 40 ids over 16 first digits: some first digit is shared
        log_pain(services, 1)
    ids = [e.record.id.hex for e in entries(services)]
    shared = next(i[0] for i in ids if sum(j[0] == i[0] for j in ids) > 1)
    with pytest.raises(ValidationError, match=f"The id '{shared}' fits"):
        find(services, shared)
    unused = next(c for c in "0123456789abcdef" if not any(i.startswith(c * 8) for i in ids))
    with pytest.raises(NotFoundError, match="No journal entry has an id starting with"):
        find(services, unused * 8)
    with pytest.raises(ValidationError, match="'xyz!' is not an entry id"):
        find(services, "xyz!")


def test_edit_refuses_fields_the_kind_does_not_have_and_empty_changes(services: Actor) -> None:
    note = add_note(services, "hello")
    with pytest.raises(ValidationError) as error:
        edit(services, note.id.hex, {"value": 3})
    assert problems_of(error) == [("value", "a note has no such value")]
    with pytest.raises(ValidationError, match="Nothing to change"):
        edit(services, note.id.hex, {"text": None})


def test_an_edited_time_without_zone_is_read_in_the_records_own_zone(services: Actor) -> None:
    entry = log_pain(services, 3)  # made in Europe/London
    change_profile(services, {"timezone": "Asia/Seoul"})
    fixed = edit(services, entry.id.hex, {"taken_at": datetime(2026, 3, 2, 12, 0)}).record
    assert fixed.taken_at == datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    assert fixed.timezone == "Europe/London"


def test_without_a_profile_zone_the_machines_zone_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from unknot.services.journal.times import _machine_zone_name

    monkeypatch.setenv("TZ", "Asia/Seoul")
    _machine_zone_name.cache_clear()  # read once per process: start afresh for this test
    assert zone_named("").name == "Asia/Seoul"
    assert zone_named("Not/A_Zone").name == "Asia/Seoul"
    assert zone_named("America/New_York").name == "America/New_York"
    _machine_zone_name.cache_clear()


# --- check-ins -----------------------------------------------------------------------------


def test_a_second_check_in_the_same_day_replaces_the_first_and_keeps_other_answers(
    services: Actor, clock: Clock
) -> None:
    first = check_in(services, {**CHECKIN, "water": True, "locations": ["right-front"]})
    assert first.replaced is None and first.record.day == date(2026, 3, 2)
    clock.now += timedelta(hours=2)
    second = check_in(services, {"worst_pain": 6})
    assert second.replaced == first.record
    assert second.record.replaces_id == first.record.id
    assert (second.record.average_pain, second.record.worst_pain) == (3, 6)
    assert second.record.water and second.record.locations == ("right-front",)
    assert today_checkin(services) == second.record
    assert len(load_journal(services).checkins) == 1


def test_the_check_in_day_follows_the_persons_zone(services: Actor, clock: Clock) -> None:
    change_profile(services, {"timezone": "Asia/Seoul"})
    clock.now = datetime(2026, 3, 2, 15, 30, tzinfo=UTC)  # 00:30 on 3 March in Seoul
    seoul = check_in(services, CHECKIN).record
    assert seoul.day == date(2026, 3, 3)
    change_profile(services, {"timezone": "UTC"})
    utc = check_in(services, CHECKIN)
    assert utc.record.day == date(2026, 3, 2) and utc.replaced is None


def test_a_first_check_in_needs_average_and_worst(services: Actor) -> None:
    with pytest.raises(ValidationError) as error:
        check_in(services, {"water": True})
    assert problems_of(error) == [("average_pain", "missing"), ("worst_pain", "missing")]


def test_a_check_in_for_an_earlier_day(services: Actor) -> None:
    saved = check_in(services, CHECKIN, day=date(2026, 2, 27)).record
    assert saved.day == date(2026, 2, 27) and today_checkin(services) is None


# --- validation messages -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (
            lambda s: log_pain(s, 11),
            [("value", "11 is not a whole number from 0 to 10")],
        ),
        (
            lambda s: log_pain(s, -1, location="right-side"),
            [
                ("value", "-1 is not a whole number from 0 to 10"),
                ("location", f"'right-side' is not a place on the shoulder; use one of {PLACES}"),
            ],
        ),
        (
            lambda s: log_pain(s, 3, at=datetime(2026, 3, 2, 18, 32)),  # London = UTC in March
            [("taken_at", "2026-03-02 18:32 GMT is in the future; give a time that has passed")],
        ),
        (
            lambda s: check_in(s, {"average_pain": 6, "worst_pain": 4}),
            [
                (
                    "worst_pain",
                    "the worst pain (4) is below the average (6); the worst must be at least "
                    "the average",
                )
            ],
        ),
        (
            lambda s: check_in(s, {"average_pain": 2.5, "worst_pain": 12, "locations": ["up"]}),
            [
                ("average_pain", "2.5 is not a whole number from 0 to 10"),
                ("worst_pain", "12 is not a whole number from 0 to 10"),
                ("locations", f"'up' is not a place on the shoulder; use one of {PLACES}"),
            ],
        ),
        (
            lambda s: check_in(s, CHECKIN, day=date(2026, 3, 3)),
            [("day", "2026-03-03 has not come yet (today is 2026-03-02)")],
        ),
        (lambda s: add_note(s, "   "), [("text", "a note needs some text")]),
        (
            lambda s: record_spadi(s, [1] * 12 + [11]),
            [("disability_8", "11 is not a whole number from 0 to 10")],
        ),
        (lambda s: record_spadi(s, [1] * 12), [("answers", "12 answers given, 13 needed")]),
        (
            lambda s: record_spadi(s, [None] * 13),
            [("answers", "no question was answered: answer at least one")],
        ),
        (
            lambda s: check_in(s, {**CHECKIN, "mood": 3}),
            [("mood", "a check-in has no such value")],
        ),
    ],
)
def test_every_validation_message_names_its_field(
    services: Actor,
    call,
    expected: list[tuple[str, str]],  # type: ignore[no-untyped-def]
) -> None:
    with pytest.raises(ValidationError) as error:
        call(services)
    assert problems_of(error) == expected
    assert entries(services, include_history=True) == []


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({**CHECKIN, "note": 5}, [("note", "must be text")]),
        ({**CHECKIN, "water": "yes"}, [("water", "must be yes or no (true or false)")]),
        ({**CHECKIN, "locations": "right-front"}, [("locations", "must be a list of places")]),
    ],
)
def test_values_of_the_wrong_kind_are_refused_by_field(
    services: Actor, values: dict[str, object], expected: list[tuple[str, str]]
) -> None:
    with pytest.raises(ValidationError) as error:
        check_in(services, values)
    assert problems_of(error) == expected


def test_an_edit_with_a_time_that_is_not_a_time(services: Actor) -> None:
    entry = log_pain(services, 3)
    with pytest.raises(ValidationError) as error:
        edit(services, entry.id.hex, {"taken_at": 12})
    assert problems_of(error) == [("taken_at", "must be a date and time")]


def test_a_minute_ahead_is_still_now(services: Actor) -> None:
    assert log_pain(services, 3, at=datetime(2026, 3, 2, 18, 31)).value == 3


def test_the_validation_error_says_what_was_not_saved(services: Actor) -> None:
    with pytest.raises(ValidationError) as error:
        log_pain(services, 12)
    assert error.value.message == "The pain rating was not saved: some values are not valid."
    assert "right-front" in error.value.hint


# --- SPADI ---------------------------------------------------------------------------------


def test_spadi_is_due_weekly(services: Actor, clock: Clock) -> None:
    assert spadi_due(services)
    taken = record_spadi(services, [2] * 13)
    clock.now += timedelta(days=6, hours=23)
    assert not spadi_due(services)
    clock.now += timedelta(hours=1)
    assert spadi_due(services)
    clock.now -= timedelta(days=1)
    delete(services, taken.id.hex)
    assert spadi_due(services)


# --- the statistics' journal ---------------------------------------------------------------


def test_load_journal_holds_what_is_in_force_oldest_first(services: Actor, clock: Clock) -> None:
    a = log_pain(services, 5)
    clock.now += timedelta(hours=1)
    b = log_pain(services, 6)
    edit(services, a.id.hex, {"value": 4})
    delete(services, b.id.hex)
    clock.now += timedelta(hours=1)
    c = log_pain(services, 3)
    check_in(services, CHECKIN)
    record_spadi(services, [4] * 13)
    add_note(services, "rainy")
    journal = load_journal(services)
    assert [p.value for p in journal.pain] == [4, 3] and journal.pain[-1] == c
    assert journal.timezone == "Europe/London"
    assert len(journal.checkins) == len(journal.spadi) == len(journal.notes) == 1
    assert isinstance(journal.checkins[0], CheckIn) and isinstance(journal.notes[0], Note)
    assert isinstance(journal.spadi[0], SpadiEntry) and isinstance(journal.pain[0], PainEntry)
    later = load_journal(services, since=date(2026, 3, 3))
    assert later.pain == later.checkins == later.notes == ()


def test_an_edit_outside_the_since_window_still_hides_the_old_version(
    services: Actor, clock: Clock
) -> None:
    old = log_pain(services, 8)
    edit(services, old.id.hex, {"taken_at": datetime(2026, 2, 20, 9, 0)})
    assert load_journal(services, since=date(2026, 3, 1)).pain == ()


def test_load_journal_includes_sessions_with_corrected_session_ratings(
    services: Actor, clock: Clock
) -> None:
    safety.record(services, {q.id: False for q in safety.questions()})
    plan = build_plan(services, "hip-short", 3).plan
    recorder = SessionRecorder(services, plan, 3)
    recorder.rating(
        PainReport(value=2, step_index=1, technique_id="hip-kneading", at_s=10.0), "technique"
    )
    recorder.finish(State.FINISHED, "", 1)
    [session] = load_journal(services).sessions
    assert (session.pain_before, session.pain_after) == (3, 1)
    assert session.technique_ratings == (("hip-kneading", 2),)
    assert session.routine_id == "hip-short" and session.status == "finished"
    before = next(p for p in load_journal(services).pain if p.context == "before")
    edit(services, before.id.hex, {"value": 4})
    [session] = load_journal(services).sessions
    assert session.pain_before == 4 and session.timezone == "Europe/London"


def test_load_journal_gives_each_session_the_techniques_in_the_order_played(
    services: Actor, clock: Clock
) -> None:
    safety.record(services, {q.id: False for q in safety.questions()})
    recorder = SessionRecorder(services, build_plan(services, "hip-short", 3).plan, 3)
    played = [
        (0, "hip-circular-massage", 60.0),
        (1, "hip-deep-tissue", 50.0),
        (2, "hip-deep-tissue", 50.0),  # the second side: one run of the technique
        (3, None, 15.0),  # a transition
        (4, "hip-flexor-stretch", 0.0),  # never started: not played
    ]
    at = 0.0
    for index, technique, seconds in played:
        outcome = Outcome.COMPLETED if seconds else Outcome.SKIPPED
        record = StepRecord(index, seconds, seconds, outcome, at, technique, None)
        recorder.step_ended(record, "work")
        at += seconds
    recorder.finish(State.FINISHED, "", 1)
    [session] = load_journal(services).sessions
    assert session.techniques == ("hip-circular-massage", "hip-deep-tissue")


# --- property: any sequence of edits and deletes -------------------------------------------

OPS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(0, 10), st.integers(0, 0)),
        st.tuples(st.just("edit"), st.integers(0, 10), st.integers(0, 30)),
        st.tuples(st.just("delete"), st.integers(0, 0), st.integers(0, 30)),
    ),
    max_size=12,
)


def change(services: Actor, op: str, target: uuid.UUID, value: int) -> None:
    if op == "edit":
        edit(services, target.hex, {"value": value})
    else:
        delete(services, target.hex)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=OPS)
def test_any_sequence_of_edits_and_deletes_leaves_the_expected_current_set(
    services: Actor, ops: list[tuple[str, int, int]]
) -> None:
    expected: dict[uuid.UUID, int] = {}  # current id -> value, as a model
    history: dict[uuid.UUID, str] = {}  # every id made here -> its expected status
    made: list[uuid.UUID] = []
    for op, value, pick in ops:
        if op == "add":
            entry = log_pain(services, value)
            expected[entry.id] = value
            history[entry.id] = "current"
            made.append(entry.id)
            continue
        if not made:
            continue
        target = made[pick % len(made)]
        if target not in expected:  # an old version or a deleted one: refused, nothing changes
            with pytest.raises(ValidationError):
                change(services, op, target, value)
            continue
        if op == "edit":
            new = edit(services, target.hex, {"value": value}).record
            history[target], history[new.id] = "corrected", "current"
            expected[new.id] = value
            made.append(new.id)
        else:
            delete(services, target.hex)
            history[target] = "deleted"
        del expected[target]
    mine = set(history)
    current = {e.record.id: e.record.value for e in entries(services) if e.record.id in mine}
    assert current == expected
    listed = {
        e.record.id: e.status
        for e in entries(services, include_history=True)
        if e.record.id in mine
    }
    assert listed == history
    in_force = {p.id for p in load_journal(services).pain} & mine
    assert in_force == set(expected)


# --- two writers at once -------------------------------------------------------------------


def test_two_writers_correcting_the_same_day_leave_one_check_in_and_a_straight_history(
    db_url: str, services: Actor
) -> None:
    """Each thread has its own engine and connection, as two processes would."""
    barrier = threading.Barrier(2)
    failures: list[BaseException] = []

    def writer(worst: int) -> None:
        other = open_actor(replace(load_settings(), database_url=db_url), clock=services.clock)
        barrier.wait()
        try:
            for _ in range(15):
                check_in(other, {"average_pain": 2, "worst_pain": worst})
        except BaseException as error:  # reported below
            failures.append(error)
        finally:
            other.app.close()

    threads = [threading.Thread(target=writer, args=(w,)) for w in (3, 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    everything = entries(services, include_history=True)
    assert len(everything) == 30
    assert [e.status for e in everything].count("current") == 1
    replaced = [e.record.replaces_id for e in everything if e.record.replaces_id]
    assert len(replaced) == len(set(replaced)) == 29  # a chain: nothing replaced twice
