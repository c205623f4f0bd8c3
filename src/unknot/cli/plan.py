"""``unknot plan`` and ``unknot start``: today's personalised session."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from unknot.cli.context import state
from unknot.i18n import _


def plan(
    ctx: typer.Context,
    routine: Annotated[
        str | None, typer.Argument(help=_("Routine id or name (default: chosen for you)."))
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help=_("Print the plan as JSON (docs/plan.schema.json)."))
    ] = False,
    pain: Annotated[
        int | None,
        typer.Option(min=0, max=10, help=_("Your shoulder pain now, 0-10, to adapt the plan.")),
    ] = None,
) -> None:
    """Show the exact session plan the players will run, and why it looks the way it does."""
    from unknot.cli.plan_view import render_plan
    from unknot.core.plan import plan_to_json
    from unknot.services.plan import build_plan

    today = build_plan(state(ctx).services, routine, pain)
    if as_json:
        typer.echo(json.dumps(plan_to_json(today.plan), ensure_ascii=False, indent=2))
        return
    render_plan(today.plan)


def register(app: typer.Typer) -> None:
    app.command()(plan)
