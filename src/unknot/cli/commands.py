"""Registers every command group on the root app (imported only when the CLI runs)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Attach the command modules. Each module keeps its heavy imports inside functions."""
    from unknot.cli import (
        db,
        exchange,
        journal,
        library,
        plan,
        profile,
        report,
        screen,
        serve,
        session,
    )
    from unknot.cli.trial import commands as trial

    session.register(app)
    plan.register(app)
    screen.register(app)
    profile.register(app)
    library.register(app)
    trial.register(app)
    journal.register(app)
    report.register(app)
    exchange.register(app)
    serve.register(app)
    db.register(app)
