"""How past sessions look in the terminal."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table

from unknot.cli.render import ask, console
from unknot.i18n import _, date_and_time
from unknot.services.session.record import SessionSummary
from unknot.services.session.words import SessionWords, stopwatch


def _pain(summary: SessionSummary) -> str:
    before = "-" if summary.pain_before is None else str(summary.pain_before)
    after = "-" if summary.pain_after is None else str(summary.pain_after)
    return f"{before} → {after}"


def render_history(sessions: Sequence[SessionWords]) -> None:
    if not sessions:
        console().print(_("No sessions yet. `unknot start` runs your first one."))
        return
    table = Table(title=_("Your sessions"), title_justify="left")
    table.add_column(_("When"))
    table.add_column(_("Routine"))
    table.add_column(_("Done / planned"), justify="right")
    table.add_column(_("How it ended"))
    table.add_column(_("Pain"), justify="center")
    table.add_column(_("Stops"))
    for shown in sessions:
        summary = shown.summary
        table.add_row(
            date_and_time(shown.started),
            shown.routine,
            f"{stopwatch(summary.actual_s)} / {stopwatch(summary.planned_s)}",
            shown.ended,
            _pain(summary),
            "; ".join(shown.stops) or "-",
        )
    console().print(table, markup=False)  # routine names come from the person's files


def ask_pain(question: str) -> int:
    """Ask for a 0-10 rating until the answer is one."""
    while True:
        answer: str = ask(question)
        if answer.strip().isdigit() and 0 <= int(answer) <= 10:
            return int(answer)
        console().print(_("Please type a whole number from 0 to 10."), style="yellow")
