"""``unknot plan`` and ``unknot start``: today's personalised session."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from unknot.cli.context import state
from unknot.cli.inputs import pain_number
from unknot.i18n import N_, _


def plan(
    ctx: typer.Context,
    routine: Annotated[
        str | None, typer.Argument(help=N_("Routine id or name (default: chosen for you)."))
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help=N_("Print the plan as JSON (docs/plan.schema.json)."))
    ] = False,
    pain: Annotated[
        int | None,
        typer.Option(
            parser=pain_number,
            metavar="0-10",
            help=N_("Your shoulder pain now, 0-10, to adapt the plan."),
        ),
    ] = None,
) -> None:
    """Show the exact session plan the players will run, and why it looks the way it does."""
    from unknot.cli.plan_view import render_plan
    from unknot.core.plan import plan_to_json
    from unknot.services.plan import build_plan, length_note

    actor = state(ctx).actor
    if routine is None:  # during a trial, today's arm decides
        from unknot.cli.render import console
        from unknot.services.trial.today import routine_for_today

        decided = routine_for_today(actor, None)
        if decided is not None:
            trial = decided.today
            if decided.routine is not None:
                routine = decided.routine
            elif decided.no_routine_today and not as_json:
                out = console()
                out.print(trial.message, style="bold", markup=False)
                out.print(
                    _(
                        "No routine today: that is the protocol. `unknot plan ROUTINE` shows one "
                        "anyway (doing it makes the day off protocol)."
                    ),
                    markup=False,
                )
                return
            if not as_json:
                console().print(trial.message, style="bold", markup=False)
    today = build_plan(actor, routine, pain)
    if as_json:
        typer.echo(json.dumps(plan_to_json(today.plan), ensure_ascii=False, indent=2))
        return
    render_plan(today.plan, length_note(today.plan.total_s, today.profile))


def register(app: typer.Typer) -> None:
    app.command()(plan)
