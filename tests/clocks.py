"""A clock a test moves by hand."""

from __future__ import annotations

from datetime import UTC, datetime

FIXED_NOW = datetime(2026, 3, 2, 18, 30, tzinfo=UTC)


class Clock:
    """Call it for the time; set ``clock.now`` to move it."""

    def __init__(self, now: datetime = FIXED_NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now
