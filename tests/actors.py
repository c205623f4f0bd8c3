"""Open an App and act in it as its local person, as one CLI command does."""

from __future__ import annotations

from unknot.config import Settings
from unknot.services.acting import for_command
from unknot.services.app import Actor, App, Clock
from unknot.store import db


def open_actor(settings: Settings, clock: Clock | None = None) -> Actor:
    """A new App on ``settings`` and the local person's Actor in it (close ``actor.app``).

    A PostgreSQL database is upgraded first, as `unknot db upgrade` does: the App does not.
    """
    if settings.database_url.startswith("postgresql"):
        upgrade_postgres(settings.database_url)
    return for_command(App.open(settings, clock))


def upgrade_postgres(url: str) -> None:
    engine = db.make_engine(url)
    try:
        db.migrate(engine)
    finally:
        engine.dispose()
