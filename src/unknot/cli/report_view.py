"""The terminal report: a sparkline of daily pain, then the numbers in plain sentences."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from rich.console import Console
from rich.padding import Padding
from rich.panel import Panel
from rich.text import Text

from unknot.core.insights import text as words
from unknot.core.insights.build import Change, DayPain, Insights
from unknot.i18n import _, ngettext

BLOCKS = "▁▂▃▄▅▆▇█"
MAX_WIDTH = 90
MAX_STOPS = 5


def block(value: float) -> str:
    """The block for a pain value on the fixed 0-10 scale (never rescaled to the data)."""
    return BLOCKS[min(len(BLOCKS) - 1, max(0, round(value / 10 * (len(BLOCKS) - 1))))]


def buckets(days: Sequence[DayPain], first: date, last: date, width: int) -> list[list[DayPain]]:
    """Consecutive calendar days grouped so that at most ``width`` columns remain."""
    total = (last - first).days + 1
    size = max(1, math.ceil(total / width))
    groups: list[list[DayPain]] = [[] for _ in range(math.ceil(total / size))]
    for d in days:
        groups[(d.day - first).days // size].append(d)
    return groups


def sparkline(ins: Insights, width: int = MAX_WIDTH) -> tuple[str, str, int]:
    """(pain line, session line, days per column). A column with no pain number is blank."""
    pain_line, session_line = [], []
    groups = buckets(ins.days, ins.since, ins.today, width)
    for group in groups:
        values = [d.average for d in group if d.average is not None]
        pain_line.append(block(math.fsum(values) / len(values)) if values else " ")
        session_line.append("•" if any(d.sessions for d in group) else " ")
    size = max(1, math.ceil(((ins.today - ins.since).days + 1) / width))
    return "".join(pain_line), "".join(session_line), size


def _section(console: Console, title: str) -> None:
    console.print()
    console.print(Text(title, style="bold"))


def _line(console: Console, text: str, style: str = "") -> None:
    console.print(Padding(Text(text, style=style), (0, 0, 0, 2)))


def render_report(console: Console, ins: Insights) -> None:
    console.print(
        Text(
            _("Your shoulder pain, {first} to {last}").format(
                first=ins.since.isoformat(), last=ins.today.isoformat()
            ),
            style="bold",
        )
    )
    if ins.clinician.due:
        body = words.clinician_text(ins.clinician) + "\n" + words.clinician_source()
        console.print(
            Panel(body, title=words.clinician_title(), border_style="bold yellow", expand=False),
            markup=False,
        )
    _render_trend(console, ins)
    _render_changes(console, _("Before → after a session, per routine"), ins.routines, ins)
    if ins.techniques:
        _render_changes(console, _("Before → after each technique"), ins.techniques, ins)
    _section(console, _("SPADI (shoulder pain and disability)"))
    _line(console, words.spadi_text(ins.spadi))
    _section(console, _("Sessions"))
    _line(console, words.adherence_text(ins.recent))
    if ins.window.days > ins.recent.days:
        _line(console, words.adherence_text(ins.window, since=ins.since))
    _render_stops(console, ins)
    _section(console, _("Habits and next-day pain"))
    for link in ins.habits:
        _line(console, words.habit_text(link))
    _line(console, words.habits_footnote(ins.habits), style="italic")


def _render_trend(console: Console, ins: Insights) -> None:
    _section(console, _("Daily pain (0-10), with session days marked •"))
    if not any(d.average is not None for d in ins.days):
        _line(console, _("No pain numbers in this period yet: log one with `unknot log pain N`."))
        _line(console, words.clinician_text(ins.clinician))
        return
    pain, sessions, size = sparkline(ins, max(20, min(MAX_WIDTH, console.width - 4)))
    _line(console, pain, style="cyan")
    _line(console, sessions, style="green")
    left, right = ins.since.isoformat(), ins.today.isoformat()
    _line(console, left + " " * max(1, len(pain) - len(left) - len(right)) + right, style="dim")
    if size > 1:
        _line(console, _("Each column is the mean of {n} days.").format(n=size), style="dim")
    if not ins.clinician.due:
        _line(console, words.clinician_text(ins.clinician))


def _render_changes(console: Console, title: str, changes: Sequence[Change], ins: Insights) -> None:
    _section(console, title)
    if not changes:
        _line(console, _("No session with a pain rating before and after yet."))
        return
    for change in changes:
        _line(console, words.change_text(change, words.change_label(change, ins.names)))
    _line(console, words.change_footnote(any(c.basis for c in changes)), style="italic")


def _render_stops(console: Console, ins: Insights) -> None:
    if not ins.stops:
        return
    _line(
        console,
        ngettext(
            "{n} session was stopped by a safety rule:",
            "{n} sessions were stopped by a safety rule; the latest:",
            len(ins.stops),
        ).format(n=len(ins.stops)),
    )
    for stop in ins.stops[-MAX_STOPS:]:
        rules = ", ".join(ins.name(rule) for rule in stop.rules)
        _line(console, f"  {stop.day.isoformat()}  {ins.name(stop.routine_id)}: {rules}")
