"""Registers every command group on the root app (imported only when the CLI runs)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Attach the command modules. Each module keeps its heavy imports inside functions."""
    from unknot.cli import library, plan, profile, screen

    library.register(app)
    profile.register(app)
    screen.register(app)
    plan.register(app)
    __import__("unknot.cli.trial", fromlist=["register"]).register(app)
