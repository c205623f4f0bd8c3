"""Commands of the journal issue (work in progress)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Attach this module's commands (none yet)."""
