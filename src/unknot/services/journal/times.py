"""The person's time zone and the times they type, for the journal.

A record keeps the IANA name of the zone it was made in, so the zone needs a name: the
profile's when set, else the machine's (from ``TZ`` or ``/etc/localtime``), else the machine's
offset as Python names it (``UTC`` on most servers).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from functools import cache
from pathlib import Path

from unknot.errors import Problem, ValidationError
from unknot.i18n import _
from unknot.services.app import Actor, zone_of


@dataclass(frozen=True)
class Zone:
    name: str
    tz: tzinfo

    def today(self, now: datetime) -> date:
        return now.astimezone(self.tz).date()

    def start_of(self, day: date) -> datetime:
        """The first moment of the person's ``day`` (an aware time)."""
        return datetime.combine(day, time(0), self.tz)

    def localize(self, moment: datetime) -> datetime:
        """An aware time; a time without a zone is read on this zone's clock."""
        return moment.replace(tzinfo=self.tz) if moment.tzinfo is None else moment


def person_zone(actor: Actor) -> Zone:
    return zone_named(actor.profile.timezone)


def zone_named(name: str) -> Zone:
    """The zone ``name`` if it is known, else the machine's own."""
    tz = zone_of(name)
    if name and getattr(tz, "key", None) == name:
        return Zone(name, tz)
    machine = _machine_zone_name()
    return Zone(machine, zone_of(machine)) if machine else Zone(str(tz), tz)


@cache
def _machine_zone_name() -> str:
    """The machine's IANA zone name (read once: it does not change while unknot runs)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    candidates = [os.environ.get("TZ", "").lstrip(":")]
    link = Path("/etc/localtime")
    if link.is_symlink():
        target = str(link.resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    for name in candidates:
        if not name:
            continue
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
        return name
    return ""


def parse_time(text: str, field: str = "taken_at") -> datetime:
    """A time as people type it: "2026-03-02 18:30", or ISO 8601 with an offset.

    Without an offset the result has no zone; the journal reads it in the person's zone.
    """
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(
            _("{text!r} is not a time unknot can read.").format(text=text),
            hint=_(
                'Write it as "2026-03-02 18:30" (your time zone) or with an offset, '
                '"2026-03-02T18:30+09:00".'
            ),
            problems=[Problem(_("not a date and time"), field=field)],
        ) from None


def parse_day(text: str, field: str = "day") -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(
            _("{text!r} is not a date unknot can read.").format(text=text),
            hint=_('Write it as "2026-03-02".'),
            problems=[Problem(_("not a date"), field=field)],
        ) from None
