"""What every part of the demo writes into: the rows by table, and the seeded random stream.

:mod:`unknot.services.demo.data` makes the days, :mod:`unknot.services.demo.sessions` the
sessions and :mod:`unknot.services.demo.trial` the personal trial, all into one :class:`Demo`
from one :class:`_Maker`, so the same seed gives the same rows.
"""

from __future__ import annotations

import math
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

ZONE = "Europe/London"


@dataclass
class Demo:
    """The rows to insert, by table name, and the person they belong to."""

    person: dict[str, Any]
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, table: str, row: dict[str, Any]) -> dict[str, Any]:
        self.rows.setdefault(table, []).append(row)
        return row


class _Maker:
    def __init__(self, seed: int, person_id: uuid.UUID, plans: dict[str, dict[str, Any]]) -> None:
        self.rng = random.Random(seed)
        self.person_id = person_id
        self.plans = plans
        self.zone = ZoneInfo(ZONE)
        self.noise = 0.0

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def at(self, day: date, clock: time, jitter_min: float = 0) -> datetime:
        local = datetime.combine(day, clock, tzinfo=self.zone)
        return (local + timedelta(minutes=self.rng.uniform(0, jitter_min))).astimezone(UTC)

    def pain(self, level: float, spread: float) -> int:
        return max(0, min(10, round(level + self.rng.gauss(0, spread))))

    def base(self, when: datetime) -> dict[str, Any]:
        return {"id": self.uuid(), "person_id": self.person_id, "taken_at": when}

    def journal(self, when: datetime) -> dict[str, Any]:
        return {
            **self.base(when),
            "timezone": ZONE,
            "created_at": when,
            "replaces_id": None,
            "deleted_at": None,
        }

    def level(self, index: int, days: int) -> float:
        """Latent pain: a slow fall from about 6 towards 2.5, plus AR(1) noise."""
        self.noise = 0.75 * self.noise + self.rng.gauss(0, 0.6)
        trend = 2.5 + 3.5 * math.exp(-index / max(days / 3, 30))
        return trend + self.noise
