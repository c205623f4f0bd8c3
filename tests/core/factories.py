"""Small builders for core objects, so a test makes only what it needs."""

from __future__ import annotations

from unknot.core.content import (
    Dose,
    DoseOverride,
    Kind,
    Laterality,
    Library,
    Range,
    Routine,
    RoutineItem,
    Source,
    Technique,
    Variant,
)
from unknot.core.text import Text


def technique(
    tid: str = "t",
    *,
    tags: set[str] | frozenset[str] = frozenset({"hip", "massage"}),
    laterality: Laterality = Laterality.NONE,
    reps: tuple[int, int] = (1, 1),
    hold: tuple[int, int] = (60, 120),
    rest: int = 0,
    position: str = "supine_knees_bent",
    side_word: str = "hip",
    variants: tuple[str, ...] = (),
    variant_positions: dict[str, str] | None = None,
) -> Technique:
    positions = {"standing": "standing", "ball": "standing", "light": position}
    positions.update(variant_positions or {})
    return Technique(
        id=tid,
        name=Text.of(tid.replace("-", " ").title()),
        kind=Kind.MASSAGE,
        summary=Text.of(f"Summary of {tid}"),
        position=position,
        equipment=(),
        laterality=laterality,
        dose=Dose(Range(*reps), Range(*hold), rest),
        steps=(Text.of(f"Do {tid}."),),
        pressure=Text.of("Firm, slow pressure."),
        cautions=(Text.of("Stop if it hurts."),),
        tags=frozenset(tags),
        evidence=Text.of("Not tested for shoulder pain."),
        sources=(Source("test", "tests"),),
        variants=tuple(
            Variant(
                v,
                positions.get(v, "supine_knees_bent"),
                (Text.of(f"{v} steps"),),
                Text.of(f"{v} note"),
            )
            for v in variants
        ),
        side_word=side_word,
    )


DEEP = technique(
    "deep",
    tags={"hip", "massage", "deep_pressure", "massage_tool", "side_lying"},
    laterality=Laterality.EACH_SIDE,
    hold=(180, 300),
    position="side_lying",
    variants=("back_lying", "light"),
)
STRETCH = technique(
    "flexor",
    tags={"hip", "massage", "kneeling", "hip_extension", "hip_flexion"},
    laterality=Laterality.EACH_SIDE,
    reps=(1, 2),
    hold=(20, 30),
    rest=10,
    position="half_kneeling",
    variants=("standing",),
)
CIRCLES = technique("circles", tags={"hip", "massage", "gentle", "supine"})
PENDULUM = technique(
    "pendulum",
    tags={"shoulder", "bent_forward", "gentle"},
    laterality=Laterality.AFFECTED_SIDE,
    reps=(3, 3),
    hold=(60, 60),
    position="standing_bent_forward",
    side_word="arm",
)
DOORWAY = technique("doorway", tags={"shoulder", "standing"}, position="doorway")
SLEEPER = technique(
    "sleeper",
    tags={"shoulder", "side_lying"},
    laterality=Laterality.AFFECTED_SIDE,
    position="side_lying",
    side_word="arm",
)


def routine(rid: str, *tids: str, transition_s: int = 15) -> Routine:
    return Routine(
        id=rid,
        name=Text.of(rid),
        description=Text.of(""),
        items=tuple(RoutineItem(t, DoseOverride()) for t in tids),
        transition_s=transition_s,
    )


def library(*techniques: Technique, routines: tuple[Routine, ...] = ()) -> Library:
    return Library(
        techniques={t.id: t for t in techniques},
        routines={r.id: r for r in routines},
        causes={},
        tips={},
    )


ALL = (DEEP, STRETCH, CIRCLES, PENDULUM, DOORWAY, SLEEPER)
FULL = routine("full", "circles", "deep", "flexor")
SHORT = routine("short", "circles")
LIB = library(*ALL, routines=(FULL, SHORT, routine("everything", *(t.id for t in ALL))))
