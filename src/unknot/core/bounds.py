"""Limits every saved value keeps, whatever face or file it came from.

- Times: from 2000-01-01 (UTC) to now plus ``FUTURE_ALLOWANCE``. Earlier dates are typing or
  file mistakes (a year 0001 rating once broke the journal for a zone west of UTC, as the
  local day fell before year 1); the allowance is for clocks that differ a little between a
  phone and the computer, not for planning ahead.
- Text: no NUL or other control characters except tab and newline (and the carriage return of
  a Windows line end). PostgreSQL refuses NUL, so a SQLite store holding one could not move.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from unknot.errors import Problem
from unknot.i18n import _, date_and_time

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
FUTURE_ALLOWANCE = timedelta(minutes=1)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def time_problem(moment: datetime, now: datetime, field: str) -> Problem | None:
    if moment.tzinfo is None:
        return Problem(_("the time has no time zone"), field=field)
    if moment < EARLIEST:
        return Problem(
            _("{time} is before 2000-01-01; give the real date").format(time=f"{moment:%Y-%m-%d}"),
            field=field,
        )
    if moment > now + FUTURE_ALLOWANCE:
        return Problem(
            _("{time} is in the future; give a time that has passed").format(
                time=f"{date_and_time(moment)} {moment.tzname() or ''}".strip()
            ),
            field=field,
        )
    return None


def has_control(text: str) -> bool:
    return _CONTROL.search(text) is not None


def text_problem(text: str, field: str) -> Problem | None:
    found = _CONTROL.search(text)
    if found is None:
        return None
    return Problem(
        _(
            "the text holds an invisible control character (code {code}) at position {pos}; "
            "remove it (tabs and new lines are fine)"
        ).format(code=ord(found.group()), pos=found.start() + 1),
        field=field,
    )
