"""What a person tells unknot about themselves; the plan compiler reads it (F4)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Shoulder(StrEnum):
    UNKNOWN = ""
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"

    def includes(self, side: str) -> bool:
        return self is Shoulder.BOTH or self.value == side


class Pressure(StrEnum):
    LIGHT = "light"
    MEDIUM = "medium"
    FIRM = "firm"


CAUSES = ("strain", "posture", "rotator_cuff", "tension")


@dataclass(frozen=True)
class Profile:
    painful_shoulder: Shoulder = Shoulder.UNKNOWN
    causes: tuple[str, ...] = ()
    minutes_available: int | None = None
    pressure: Pressure = Pressure.LIGHT
    country: str = ""
    timezone: str = ""
    language: str = ""
