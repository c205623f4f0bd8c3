"""Open an App and act in it as its local person, as one CLI command does."""

from __future__ import annotations

from unknot.config import Settings
from unknot.services.acting import for_command
from unknot.services.app import Actor, App, Clock


def open_actor(settings: Settings, clock: Clock | None = None) -> Actor:
    """A new App on ``settings`` and the local person's Actor in it (close ``actor.app``)."""
    return for_command(App.open(settings, clock))
