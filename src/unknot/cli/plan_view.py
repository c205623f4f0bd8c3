"""How a session plan looks in the terminal."""

from __future__ import annotations

from rich.panel import Panel
from rich.table import Table

from unknot.cli.render import console
from unknot.cli.views import duration_text, minutes_text
from unknot.core.plan import Plan
from unknot.i18n import _

ACTION_MARKS = {"removed": "✗", "variant": "↻", "softened": "↓", "caution": "!", "routine": "⇄"}


def render_plan(plan: Plan, length_note: str = "") -> None:
    """The plan's steps, what was adapted and why; ``length_note`` says why its length is not
    the minutes the profile gives."""
    out = console()
    out.print(
        _("{routine} — {duration}").format(
            routine=plan.routine_name, duration=duration_text(plan.total_s)
        ),
        style="bold",
        markup=False,
    )
    if length_note:
        out.print(length_note, style="dim", markup=False)
    table = Table(show_edge=False, pad_edge=False)
    table.add_column(_("at"), justify="right", style="dim")
    table.add_column(_("step"))
    table.add_column(_("time"), justify="right")
    for step in plan.steps:
        style = "bold" if step.kind == "work" else "dim"
        table.add_row(
            minutes_text(step.start_s), step.title, minutes_text(step.duration_s), style=style
        )
    out.print(table, markup=False)
    if plan.adaptations:
        lines = [f"{ACTION_MARKS.get(a.action, '•')} {a.reason}" for a in plan.adaptations]
        out.print(
            Panel("\n".join(lines), title=_("Adapted for you"), title_align="left"), markup=False
        )
    if plan.notices:
        out.print(
            Panel(
                "\n".join(f"• {n}" for n in plan.notices),
                title=_("Good to know"),
                title_align="left",
            ),
            markup=False,
        )
