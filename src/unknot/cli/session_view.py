"""How past sessions look in the terminal."""

from __future__ import annotations

from collections.abc import Sequence

import typer
from rich.table import Table

from unknot.cli.render import console
from unknot.cli.views import duration_text
from unknot.i18n import _
from unknot.services.session.record import SessionSummary


def status_words() -> dict[str, str]:
    return {
        "finished": _("complete"),
        "quit": _("ended early"),
        "stopped": _("stopped (safety)"),
        "partial": _("interrupted"),
    }


def _pain(summary: SessionSummary) -> str:
    before = "-" if summary.pain_before is None else str(summary.pain_before)
    after = "-" if summary.pain_after is None else str(summary.pain_after)
    return f"{before} → {after}"


def render_history(sessions: Sequence[SessionSummary]) -> None:
    if not sessions:
        console().print(_("No sessions yet. `unknot start` runs your first one."))
        return
    table = Table(title=_("Your sessions"), title_justify="left")
    table.add_column(_("When"))
    table.add_column(_("Routine"))
    table.add_column(_("Done"), justify="right")
    table.add_column(_("How it ended"))
    table.add_column(_("Pain"), justify="center")
    table.add_column(_("Stops"))
    for summary in sessions:
        table.add_row(
            summary.started_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            summary.routine_id,
            f"{duration_text(int(summary.actual_s))} / {duration_text(summary.planned_s)}",
            status_words().get(summary.status, summary.status),
            _pain(summary),
            "; ".join(str(s["rule"]) for s in summary.stops) or "-",
        )
    console().print(table, markup=False)  # routine ids come from the person's files


def ask_pain(question: str) -> int:
    """Ask for a 0-10 rating until the answer is one."""
    while True:
        answer: str = typer.prompt(question)
        if answer.strip().isdigit() and 0 <= int(answer) <= 10:
            return int(answer)
        console().print(_("Please type a whole number from 0 to 10."), style="yellow")
