"""An .ics calendar of the person's daily reminders (F10): session, check-in, breaks.

Each reminder is a daily repeating event (RRULE FREQ=DAILY) with a display alarm at its start,
in the person's own time zone (a TZID and its VTIMEZONE), and a UID that stays the same from
one export to the next, so importing a new file updates the events instead of doubling them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from unknot import files
from unknot.errors import ValidationError
from unknot.i18n import _
from unknot.services.app import Actor

PRODID = "-//unknot//reminders 1//EN"
DEFAULT_SESSION_MINUTES = 15


@dataclass(frozen=True)
class Reminder:
    key: str  # the stable part of the event's UID
    title: str
    description: str
    at: time
    minutes: int


@dataclass(frozen=True)
class Schedule:
    session: time
    checkin: time
    posture_every: int = 0  # minutes between posture breaks; 0: none
    water_every: int = 0  # minutes between water reminders; 0: none
    day_starts: time = time(9, 0)
    day_ends: time = time(17, 0)


@dataclass(frozen=True)
class CalendarFile:
    path: Path
    zone: str
    reminders: tuple[Reminder, ...]


def parse_clock(text: str, option: str) -> time:
    try:
        hours, minutes = text.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise ValidationError(
            _("{option} {value!r} is not a time of day like 19:30.").format(
                option=option, value=text
            )
        ) from None


def _repeats(key: str, title: str, text: str, every: int, schedule: Schedule) -> list[Reminder]:
    if every <= 0:
        return []
    start = datetime.combine(date.min, schedule.day_starts)
    end = datetime.combine(date.min, schedule.day_ends)
    found = []
    while start <= end:
        found.append(Reminder(f"{key}-{start:%H%M}", title, text, start.time(), 5))
        start += timedelta(minutes=every)
    return found


def reminders(schedule: Schedule, session_minutes: int, web: bool = False) -> list[Reminder]:
    """Every reminder of the day, in the order of the day. ``web``: for someone who uses the
    pages (the event says where to go there, not which command to run)."""
    found = [
        Reminder(
            "session",
            _("Shoulder self-care session (unknot)"),
            _("Time for your session: open unknot and tap Start.")
            if web
            else _("Time for your session: run `unknot start`."),
            schedule.session,
            session_minutes,
        ),
        Reminder(
            "checkin",
            _("Daily check-in (unknot)"),
            _("How was your shoulder today? Open the journal in unknot.")
            if web
            else _("How was your shoulder today? Run `unknot checkin`."),
            schedule.checkin,
            5,
        ),
    ]
    found += _repeats(
        "posture",
        _("Posture break"),
        _("Stand up, roll your shoulders and change position."),
        schedule.posture_every,
        schedule,
    )
    found += _repeats(
        "water", _("Drink some water"), _("A glass of water."), schedule.water_every, schedule
    )
    return sorted(found, key=lambda r: (r.at, r.key))


def ics(
    items: list[Reminder], zone: ZoneInfo, person_id: uuid.UUID, first: date, now: datetime
) -> bytes:
    """The calendar file's bytes."""
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("unknot reminders"))
    for item in items:
        event = Event()
        event.add("uid", f"{item.key}-{person_id}@unknot")
        event.add("dtstamp", now)
        event.add("summary", item.title)
        event.add("description", item.description)
        event.add("dtstart", datetime.combine(first, item.at, tzinfo=zone))
        event.add("duration", timedelta(minutes=item.minutes))
        event.add("rrule", {"freq": "daily"})
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", item.title)
        alarm.add("trigger", timedelta(0))
        event.add_component(alarm)
        calendar.add_component(event)
    calendar.add_missing_timezones(first_date=first)
    return bytes(calendar.to_ical())


def _zone(name: str) -> ZoneInfo:
    if not name:
        raise ValidationError(
            _("Your profile has no time zone, so the reminders cannot follow your day."),
            hint=_("Set it with `unknot profile --timezone Europe/London` (your own zone)."),
            web_hint=_(
                "Fill in Time zone on the Profile page, like Europe/London (your own zone)."
            ),
        )
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("{zone!r} is not a time zone name like Europe/London.").format(zone=name)
        ) from None


def calendar_bytes(
    actor: Actor, schedule: Schedule, zone_name: str | None = None, *, web: bool = False
) -> tuple[bytes, str, tuple[Reminder, ...]]:
    """The person's reminders as an .ics file's bytes, with the zone they follow. The same
    events (and UIDs) as ``unknot calendar`` writes: importing one after the other updates."""
    profile = actor.profile
    zone = _zone(zone_name or profile.timezone)
    items = reminders(schedule, profile.minutes_available or DEFAULT_SESSION_MINUTES, web)
    now = actor.clock()
    made = ics(items, zone, actor.person_id, now.astimezone(zone).date(), now)
    return made, zone.key, tuple(items)


def write_calendar(
    actor: Actor, path: Path, schedule: Schedule, zone_name: str | None = None
) -> CalendarFile:
    """Write the person's reminders to ``path`` as an .ics file (whole, 0600; its folder must
    exist)."""
    files.check_folder(path)
    made, zone, items = calendar_bytes(actor, schedule, zone_name)
    files.write_bytes(path, made)
    return CalendarFile(path, zone, items)
