"""Reminders from the pages (issue 15): the same .ics as `unknot calendar`, from Settings and
the API, with events that say where to go on the pages; offered after the first session."""

from __future__ import annotations

import uuid

import icalendar
from fastapi.testclient import TestClient
from test_player_api import put, screened, session_body

from unknot.services.app import Actor
from unknot.services.calendar import Schedule, calendar_bytes, parse_clock
from unknot.services.profile import change_profile


def test_settings_asks_for_a_time_zone_first(client: TestClient) -> None:
    shown = client.get("/settings").text
    assert "fill in Time zone on the Profile page first" in shown
    assert 'action="/api/v1/calendar.ics"' not in shown
    answer = client.get("/api/v1/calendar.ics")
    assert answer.status_code == 422
    assert "Time zone on the Profile page" in answer.json()["hint"]


def test_add_to_calendar_downloads_the_reminders_in_the_persons_zone(
    client: TestClient, services: Actor
) -> None:
    change_profile(services, {"timezone": "Europe/London"})
    shown = client.get("/settings").text
    assert 'action="/api/v1/calendar.ics"' in shown and "Add to calendar" in shown
    assert "unknot calendar" not in shown  # no command line on a page
    answer = client.get("/api/v1/calendar.ics", params={"time": "07:45", "checkin": "20:15"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/calendar")
    assert 'filename="unknot-reminders.ics"' in answer.headers["content-disposition"]
    events = icalendar.Calendar.from_ical(answer.content).walk("VEVENT")
    starts = {str(e["summary"]): e.decoded("dtstart") for e in events}
    session = starts["Shoulder self-care session (unknot)"]
    assert (session.hour, session.minute, str(session.tzinfo)) == (7, 45, "Europe/London")
    checkin = starts["Daily check-in (unknot)"]
    assert (checkin.hour, checkin.minute) == (20, 15)
    texts = " ".join(str(e["description"]) for e in events)
    assert "open unknot and tap Start" in texts and "unknot start" not in texts
    # The same events as the terminal's file: the same UIDs, so one updates the other.
    schedule = Schedule(parse_clock("07:45", "--time"), parse_clock("20:15", "--checkin"))
    made, _zone, _items = calendar_bytes(services, schedule)
    terminal = icalendar.Calendar.from_ical(made).walk("VEVENT")
    assert sorted(str(e["uid"]) for e in terminal) == sorted(str(e["uid"]) for e in events)


def test_a_time_that_is_not_a_time_is_refused_in_words(client: TestClient, services: Actor) -> None:
    change_profile(services, {"timezone": "Europe/London"})
    answer = client.get("/api/v1/calendar.ics", params={"time": "25:00"})
    assert answer.status_code == 422
    assert "'25:00' is not a time of day like 19:30" in answer.json()["message"]


def test_the_first_session_offers_the_calendar(client: TestClient) -> None:
    plan = screened(client)
    assert 'id="first-remind"' in client.get("/player").text
    put(client, uuid.uuid4(), session_body(plan, status="finished"))
    assert 'id="first-remind"' not in client.get("/player").text  # only after the first


def test_the_player_is_told_how_to_write_times(client: TestClient, services: Actor) -> None:
    screened(client)
    change_profile(services, {"country": "US"})
    assert 'data-clock="en-US"' in client.get("/player").text
    change_profile(services, {"country": "GB"})
    assert 'data-clock="en-GB"' in client.get("/player").text  # the 24-hour 14:30
