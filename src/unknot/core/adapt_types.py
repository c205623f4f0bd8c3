"""The data the adaptation rules pass around (``unknot.core.adapt`` re-exports it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from unknot.core.adapt_sources import SOURCES
from unknot.core.content import Technique, Variant
from unknot.core.profile import Profile
from unknot.i18n import _

LEFT, RIGHT = "left", "right"


@dataclass(frozen=True)
class SafetyContext:
    """What the screening and the pre-session check found, as the rules need it."""

    conditions: frozenset[str] = frozenset()
    operated_hip: str = ""  # left | right | both | "" (side of a hip replacement)
    pain_before: int | None = None


@dataclass(frozen=True)
class Adaptation:
    rule_id: str
    action: str  # removed | variant | softened | caution | routine
    technique_id: str | None
    side: str | None
    reason: str
    source: str


@dataclass(frozen=True)
class SideChoice:
    """One side of a technique as the plan does it.

    ``hand`` is the hand that does one-hand work (deep tissue); ``turn_out`` is false where the
    leg must not turn outwards (the operated side after an anterior hip replacement).
    """

    side: str | None
    variant: str | None = None
    hand: str | None = None
    turn_out: bool = True


@dataclass(frozen=True)
class Decision:
    """What the rules decided for one technique of the routine."""

    technique: Technique
    sides: tuple[SideChoice, ...]
    softened: bool = False
    cautions: tuple[str, ...] = ()

    @property
    def removed(self) -> bool:
        return not self.sides


Rule = Callable[[Decision, Profile, SafetyContext], tuple[Decision, list[Adaptation]]]


def opposite(side: str) -> str:
    return RIGHT if side == LEFT else LEFT


def note(
    rule_id: str, action: str, decision: Decision, reason: str, side: str | None = None
) -> Adaptation:
    return Adaptation(rule_id, action, decision.technique.id, side, reason, SOURCES[rule_id])


def remove(decision: Decision, rule_id: str, reason: str) -> tuple[Decision, list[Adaptation]]:
    return replace(decision, sides=()), [note(rule_id, "removed", decision, reason)]


def has(decision: Decision, tag: str) -> bool:
    return tag in decision.technique.tags


def variant_of(technique: Technique, choice: SideChoice) -> Variant | None:
    return technique.variant(choice.variant) if choice.variant else None


def position_of(technique: Technique, choice: SideChoice) -> str:
    """The position a side is done in: its variant's, or the technique's own."""
    variant = variant_of(technique, choice)
    return variant.position if variant else technique.position


def side_label(side: str | None) -> str:
    return {LEFT: _("left"), RIGHT: _("right")}.get(side or "", "")
