"""The technique library and routines as data (F1, F2).

A technique says how to do one thing (position, steps, dose ranges, tags the safety rules act
on); a routine is an ordered list of techniques with optional dose overrides. Both come from
YAML files in ``unknot/content`` (built in) or the user's routines folder; the loader in
``unknot.content.loader`` turns files into these objects and reports every problem with its
file, line and field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from unknot.core.text import Text


class Laterality(StrEnum):
    NONE = "none"  # done once, both sides together or no side (e.g. shoulder-blade squeeze)
    EACH_SIDE = "each_side"  # done on the left and on the right (hip work, cross-body stretch)
    AFFECTED_SIDE = "affected_side"  # done on the painful shoulder's side(s) only


class Kind(StrEnum):
    MASSAGE = "massage"
    STRETCH = "stretch"
    EXERCISE = "exercise"


# Tags the safety and personalisation rules act on. A technique file may only use these.
TAGS = frozenset(
    {
        "hip",  # works on the hip / low back region (blocked after recent hip surgery)
        "massage",  # any self-massage (blocked by fever, DVT, skin problems in the area)
        "deep_pressure",  # firm pressure (softened for blood thinners, osteoporosis, cancer …)
        "massage_tool",  # may use a massage tool (removed for blood thinners …)
        "kneeling",  # kneels on one knee
        "hip_extension",  # stretches the back leg's hip into extension (anterior THR)
        "hip_flexion",  # bends the hip (posterior THR: keep at or below 90°)
        "side_lying",  # lies on one side (never on a painful shoulder)
        "supine",  # lies on the back
        "standing",
        "seated",
        "shoulder",  # works the shoulder itself
        "gentle",  # suitable when pain is already high (> 5/10)
        "groin_near",  # works close to the front of the hip / femoral triangle
        "bent_forward",  # leans forward (pendulum: not with back pain)
        "one_hand",  # one hand presses (deep tissue): the hand of a shoulder that does not hurt
    }
)

POSITIONS = frozenset(
    {
        "supine_knees_bent",
        "side_lying",
        "half_kneeling",
        "standing",
        "standing_bent_forward",
        "seated",
        "doorway",
    }
)


@dataclass(frozen=True)
class Range:
    """An inclusive whole-number range; ``at(level)`` picks a point in it (0 = low end)."""

    low: int
    high: int

    def at(self, level: float) -> int:
        level = min(max(level, 0.0), 1.0)
        return round(self.low + (self.high - self.low) * level)

    @property
    def mid(self) -> int:
        return self.at(0.5)


@dataclass(frozen=True)
class Dose:
    """How much of a technique, per side: ``reps`` times ``hold_s`` with ``rest_s`` between.

    A massage is one rep held for its whole duration (e.g. 180–300 s); a stretch is a few
    holds; an exercise is repetitions of a few seconds each.
    """

    reps: Range
    hold_s: Range
    rest_s: int = 0


@dataclass(frozen=True)
class Variant:
    """Another way to do a technique, chosen by a rule (e.g. not lying on a painful shoulder).

    ``summary``, ``pressure``, ``cautions`` and ``illustration`` replace the technique's own
    when the variant is used; empty means "the technique's".
    """

    id: str
    position: str
    steps: tuple[Text, ...]
    note: Text
    tags: frozenset[str] = frozenset()
    summary: Text = field(default_factory=lambda: Text.of(""))
    pressure: Text = field(default_factory=lambda: Text.of(""))
    cautions: tuple[Text, ...] = ()
    illustration: str = ""


@dataclass(frozen=True)
class Source:
    """Where a fact came from: a short label and an address or document section."""

    label: str
    ref: str


@dataclass(frozen=True)
class Technique:
    id: str
    name: Text
    kind: Kind
    summary: Text
    position: str
    equipment: tuple[str, ...]
    laterality: Laterality
    dose: Dose
    steps: tuple[Text, ...]
    pressure: Text
    cautions: tuple[Text, ...]
    tags: frozenset[str]
    evidence: Text
    sources: tuple[Source, ...]
    illustration: str = ""
    variants: tuple[Variant, ...] = ()
    side_word: str = "hip"  # what a side refers to in cues: "hip" or "arm"

    def variant(self, variant_id: str) -> Variant | None:
        return next((v for v in self.variants if v.id == variant_id), None)


@dataclass(frozen=True)
class DoseOverride:
    reps: Range | None = None
    hold_s: Range | None = None
    rest_s: int | None = None


@dataclass(frozen=True)
class RoutineItem:
    technique: str
    dose: DoseOverride = field(default_factory=DoseOverride)


@dataclass(frozen=True)
class Routine:
    id: str
    name: Text
    description: Text
    items: tuple[RoutineItem, ...]
    transition_s: int = 15  # time to get into the next position
    builtin: bool = True
    path: str = ""


@dataclass(frozen=True)
class Cause:
    """One of the seed's four likely causes and what it changes in the plan and the advice."""

    id: str
    name: Text
    description: Text
    emphasis: tuple[str, ...]  # technique ids moved earlier / kept when time is short
    advice: tuple[Text, ...]


@dataclass(frozen=True)
class Tip:
    """One of the seed's comfort habits (presented as a habit, not as a treatment)."""

    id: str
    name: Text
    text: Text
    habit: str  # the check-in habit it matches: posture_breaks, activity, water, stretching


@dataclass(frozen=True)
class Library:
    techniques: dict[str, Technique]
    routines: dict[str, Routine]
    causes: dict[str, Cause]
    tips: dict[str, Tip]

    def technique(self, technique_id: str) -> Technique:
        return self.techniques[technique_id]


SIDE_SWITCH_S = 10  # time allowed to change from one side to the other


def item_dose(item: RoutineItem, technique: Technique) -> Dose:
    """The dose a routine item asks for: the technique's own, with the item's overrides on top."""
    base, override = technique.dose, item.dose
    return Dose(
        reps=override.reps or base.reps,
        hold_s=override.hold_s or base.hold_s,
        rest_s=base.rest_s if override.rest_s is None else override.rest_s,
    )


def sides(technique: Technique) -> int:
    """How many times a technique is done in one pass (affected_side counts as one side)."""
    return 2 if technique.laterality is Laterality.EACH_SIDE else 1


def item_seconds(item: RoutineItem, technique: Technique, level: float = 0.5) -> int:
    """Estimated working time of one routine item, side switches included, at ``level``."""
    dose = item_dose(item, technique)
    reps = dose.reps.at(level)
    per_side = reps * dose.hold_s.at(level) + (reps - 1) * dose.rest_s
    count = sides(technique)
    return count * per_side + (count - 1) * SIDE_SWITCH_S


def estimate_seconds(routine: Routine, library: Library, level: float = 0.5) -> int:
    """Estimated length of a routine at ``level`` (0 = low end of every range, 1 = high end).

    Each item counts its working time plus the routine's transition time.
    """
    return sum(
        item_seconds(item, library.technique(item.technique), level) + routine.transition_s
        for item in routine.items
    )
