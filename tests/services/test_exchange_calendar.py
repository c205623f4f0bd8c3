"""The .ics file parses back: daily rules, display alarms, the person's zone, stable UIDs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from exchange_factories import empty_store
from unknot.core.profile import Profile
from unknot.errors import ValidationError
from unknot.services.app import Actor
from unknot.services.calendar import Schedule, parse_clock, write_calendar
from unknot.store import repo


@pytest.fixture
def store(database: str) -> Iterator[Actor]:
    with empty_store(database) as opened:
        with opened.unit() as session:
            profile = Profile(timezone="Asia/Seoul", minutes_available=25)
            repo.save_profile(session, opened.person_id, profile, opened.clock())
        yield opened


def _events(path: Path) -> list[Calendar]:
    return list(Calendar.from_ical(path.read_bytes()).walk("VEVENT"))


def test_session_and_checkin_repeat_daily_with_an_alarm_in_the_persons_zone(
    store: Actor, tmp_path: Path
) -> None:
    made = write_calendar(store, tmp_path / "r.ics", Schedule(time(19, 30), time(21, 0)))
    assert made.zone == "Asia/Seoul"
    calendar = Calendar.from_ical(made.path.read_bytes())
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Seoul"]
    session, checkin = _events(made.path)
    start = session.decoded("DTSTART")
    assert (start.hour, start.minute, str(start.tzinfo)) == (19, 30, "Asia/Seoul")
    assert session["DTSTART"].params["TZID"] == "Asia/Seoul"
    assert start.date().isoformat() == "2026-03-03"  # 18:30 UTC is already the 3rd in Seoul
    assert session.decoded("DURATION") == timedelta(minutes=25)
    assert checkin.decoded("DTSTART").time() == time(21, 0)
    for event in (session, checkin):
        assert event["RRULE"]["FREQ"] == ["DAILY"]
        [alarm] = event.walk("VALARM")
        assert alarm["ACTION"] == "DISPLAY" and alarm.decoded("TRIGGER") == timedelta(0)


def test_uids_stay_the_same_from_one_file_to_the_next(store: Actor, tmp_path: Path) -> None:
    schedule = Schedule(time(8, 0), time(20, 0), posture_every=120)
    first = write_calendar(store, tmp_path / "a.ics", schedule)
    second = write_calendar(store, tmp_path / "b.ics", schedule)
    uids = [str(e["UID"]) for e in _events(first.path)]
    assert uids == [str(e["UID"]) for e in _events(second.path)]
    assert len(set(uids)) == len(uids) == 7  # session, check-in, breaks at 9, 11, 13, 15, 17
    assert f"session-{store.person_id}@unknot" in uids


def test_breaks_and_water_fill_the_working_day(store: Actor, tmp_path: Path) -> None:
    schedule = Schedule(
        time(19, 30), time(21, 0), posture_every=60, water_every=240,
        day_starts=time(10, 0), day_ends=time(12, 0),
    )  # fmt: skip
    made = write_calendar(store, tmp_path / "r.ics", schedule)
    titles = [(str(e["SUMMARY"]), e.decoded("DTSTART").time()) for e in _events(made.path)]
    assert titles == [
        ("Posture break", time(10, 0)),
        ("Drink some water", time(10, 0)),
        ("Posture break", time(11, 0)),
        ("Posture break", time(12, 0)),
        ("Shoulder self-care session (unknot)", time(19, 30)),
        ("Daily check-in (unknot)", time(21, 0)),
    ]


def test_a_profile_without_a_zone_is_asked_to_set_one(store: Actor, tmp_path: Path) -> None:
    with store.unit() as session:
        repo.save_profile(session, store.person_id, Profile(), store.clock())
    with pytest.raises(ValidationError) as caught:
        write_calendar(store, tmp_path / "r.ics", Schedule(time(8, 0), time(20, 0)))
    assert "unknot profile --timezone" in caught.value.hint
    made = write_calendar(store, tmp_path / "r.ics", Schedule(time(8, 0), time(20, 0)), "UTC")
    assert made.zone == "UTC"


@pytest.mark.parametrize("text", ["7pm", "25:00", "19", ""])
def test_a_bad_clock_time_is_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="is not a time of day like 19:30"):
        parse_clock(text, "--time")
