"""Progression: doses start at the low end of their ranges and lengthen only as tolerated (F2, F3).

A technique moves one step up its ranges after three tolerated sessions in a row, and one step
down after a session whose follow-up was bad (pain did not settle within about 30 minutes, or
was worse the next morning) or in which a stop rule ended it. Sources: clinical-facts §6 (the
pain-monitoring model: "if increased pain a day later then decrease load", Silbernagel 2007)
and §7.1 (pain back to baseline within 30 minutes and not worse the next morning).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

LEVEL_STEP = 0.25  # one step = a quarter of the way from the low to the high end of a range
TOLERATED_IN_A_ROW = 3


@dataclass(frozen=True)
class Progress:
    level: float = 0.0  # 0 = low end of every range, 1 = high end
    streak: int = 0  # tolerated sessions in a row since the last change


def _clamp(level: float) -> float:
    return round(min(1.0, max(0.0, level)), 4)


def after_session(
    progress: Mapping[str, Progress],
    done: Iterable[str],
    stopped: Iterable[str],
    followup_ok: bool,
) -> dict[str, Progress]:
    """The new progress per technique once a session's follow-up is known.

    ``done``: techniques the session played (fully or partly); ``stopped``: those a stop rule
    ended. Techniques not in the session keep their progress.
    """
    updated = dict(progress)
    stopped_set = set(stopped)
    for technique in dict.fromkeys(done):
        current = progress.get(technique, Progress())
        if not followup_ok or technique in stopped_set:
            updated[technique] = Progress(_clamp(current.level - LEVEL_STEP), 0)
        elif current.streak + 1 >= TOLERATED_IN_A_ROW:
            updated[technique] = Progress(_clamp(current.level + LEVEL_STEP), 0)
        else:
            updated[technique] = Progress(current.level, current.streak + 1)
    return updated


def levels(progress: Mapping[str, Progress]) -> dict[str, float]:
    """The level per technique, as the plan compiler takes it."""
    return {technique: p.level for technique, p in progress.items()}
