from __future__ import annotations

import pytest
from factories import CIRCLES, DEEP, DOORWAY, LIB, PENDULUM, SLEEPER, STRETCH, technique

from unknot.core.adapt import SOURCES, SafetyContext, SideChoice, decide
from unknot.core.content import Laterality
from unknot.core.plan import choose_routine
from unknot.core.profile import Profile, Shoulder

NO_BACK_LYING = technique(
    "deep-plain",
    tags={"hip", "massage", "side_lying"},
    laterality=Laterality.EACH_SIDE,
    position="side_lying",
)


def sides(decision) -> list[tuple[str | None, str | None]]:  # type: ignore[no-untyped-def]
    return [(c.side, c.variant) for c in decision.sides]


@pytest.mark.parametrize(
    ("tech", "shoulder", "expected", "noted"),
    [
        # Working on a hip means lying on the other side: that shoulder is underneath.
        (DEEP, Shoulder.UNKNOWN, [("left", None), ("right", None)], set()),
        (DEEP, Shoulder.LEFT, [("left", None), ("right", "back_lying")], {"right"}),
        (DEEP, Shoulder.RIGHT, [("left", "back_lying"), ("right", None)], {"left"}),
        (DEEP, Shoulder.BOTH, [("left", "back_lying"), ("right", "back_lying")], {"left", "right"}),
        (NO_BACK_LYING, Shoulder.LEFT, [("left", None)], {"right"}),
        (NO_BACK_LYING, Shoulder.RIGHT, [("right", None)], {"left"}),
        (NO_BACK_LYING, Shoulder.BOTH, [], {"left", "right"}),
        # Lying on one side for shoulder work puts that same shoulder underneath.
        (SLEEPER, Shoulder.LEFT, [], {"left"}),
        (SLEEPER, Shoulder.UNKNOWN, [("left", None), ("right", None)], set()),
        # Techniques that do not lie on a side are untouched.
        (STRETCH, Shoulder.BOTH, [("left", None), ("right", None)], set()),
        (CIRCLES, Shoulder.BOTH, [(None, None)], set()),
    ],
)
def test_never_lie_on_a_painful_shoulder(tech, shoulder, expected, noted) -> None:  # type: ignore[no-untyped-def]
    decision, notes = decide(tech, Profile(painful_shoulder=shoulder), SafetyContext())
    assert sides(decision) == expected
    assert {n.side for n in notes if n.rule_id == "painful_shoulder_side_lying"} == noted


@pytest.mark.parametrize(
    ("conditions", "tech", "rule", "expected"),
    [
        ({"anticoagulant"}, DEEP, "soften_bleeding", [("left", "light"), ("right", "light")]),
        ({"bleeding_disorder"}, DEEP, "soften_bleeding", [("left", "light"), ("right", "light")]),
        ({"low_platelets"}, DEEP, "soften_bleeding", [("left", "light"), ("right", "light")]),
        ({"severe_osteoporosis"}, DEEP, "soften_bone", [("left", "light"), ("right", "light")]),
        ({"recent_fracture"}, DEEP, "soften_bone", [("left", "light"), ("right", "light")]),
        ({"bone_cancer"}, DEEP, "soften_bone", [("left", "light"), ("right", "light")]),
        ({"cancer"}, DEEP, "soften_cancer", [("left", "light"), ("right", "light")]),
        ({"pregnancy"}, DEEP, "soften_consult", [("left", "light"), ("right", "light")]),
        ({"dvt"}, CIRCLES, "no_massage_dvt", []),
        ({"fever"}, DEEP, "no_massage_fever", []),
        ({"skin_problem_hip"}, CIRCLES, "no_massage_skin", []),
        ({"hip_surgery_recent"}, STRETCH, "hip_surgery_recent", []),
        ({"hip_surgery_recent"}, CIRCLES, "hip_surgery_recent", []),
        ({"back_pain"}, PENDULUM, "back_pain_bent_forward", []),
        ({"shoulder_instability"}, DOORWAY, "instability_doorway", []),
        ({"hip_replacement_anterior"}, STRETCH, "anterior_hip_extension", []),
        (
            {"hip_replacement_posterior"},
            STRETCH,
            "posterior_hip_flexion",
            [("left", None), ("right", None)],
        ),
    ],
)
def test_condition_rules(conditions, tech, rule, expected) -> None:  # type: ignore[no-untyped-def]
    decision, notes = decide(tech, Profile(), SafetyContext(conditions=frozenset(conditions)))
    assert sides(decision) == expected
    assert rule in {n.rule_id for n in notes}
    assert all(n.source == SOURCES[n.rule_id] and n.reason for n in notes)


def test_softened_technique_says_no_tool_in_its_reason() -> None:
    decision, notes = decide(DEEP, Profile(), SafetyContext(frozenset({"anticoagulant"})))
    assert decision.softened
    assert "no massage tool" in notes[0].reason


def test_soften_keeps_the_back_lying_position_for_a_painful_shoulder() -> None:
    decision, _ = decide(
        DEEP, Profile(painful_shoulder=Shoulder.LEFT), SafetyContext(frozenset({"anticoagulant"}))
    )
    assert sides(decision) == [("left", "light"), ("right", "back_lying")]
    assert decision.softened


@pytest.mark.parametrize(
    ("operated", "expected"),
    [("left", [("right", None)]), ("right", [("left", None)]), ("both", []), ("", [])],
)
def test_anterior_hip_replacement_blocks_the_stretch_on_the_operated_side(
    operated: str, expected: list[tuple[str, None]]
) -> None:
    ctx = SafetyContext(frozenset({"hip_replacement_anterior"}), operated_hip=operated)
    decision, notes = decide(STRETCH, Profile(), ctx)
    assert sides(decision) == expected
    assert {n.side for n in notes} == {"left", "right"} - {s for s, _ in expected}


def test_posterior_hip_replacement_adds_a_caution_not_a_removal() -> None:
    ctx = SafetyContext(frozenset({"hip_replacement_posterior"}))
    decision, _ = decide(STRETCH, Profile(), ctx)
    assert any("90°" in c for c in decision.cautions)


@pytest.mark.parametrize(
    ("pain", "tech", "kept"),
    [
        (6, DEEP, False),
        (6, CIRCLES, True),
        (5, DEEP, True),
        (None, DEEP, True),
        (10, PENDULUM, True),
        (10, STRETCH, False),
    ],
)
def test_high_pain_keeps_only_gentle_techniques(pain, tech, kept) -> None:  # type: ignore[no-untyped-def]
    decision, notes = decide(tech, Profile(), SafetyContext(pain_before=pain))
    assert (not decision.removed) is kept
    assert ("high_pain_gentle" in {n.rule_id for n in notes}) is (not kept)


@pytest.mark.parametrize(
    ("shoulder", "expected"),
    [
        (Shoulder.LEFT, [("left", None)]),
        (Shoulder.RIGHT, [("right", None)]),
        (Shoulder.BOTH, [("left", None), ("right", None)]),
        (Shoulder.UNKNOWN, [("left", None), ("right", None)]),
    ],
)
def test_affected_side_follows_the_painful_shoulder(shoulder, expected) -> None:  # type: ignore[no-untyped-def]
    decision, _ = decide(PENDULUM, Profile(painful_shoulder=shoulder), SafetyContext())
    assert sides(decision) == expected


@pytest.mark.parametrize(
    ("minutes", "requested", "expected", "adapted"),
    [
        (None, None, "full", False),
        (60, None, "full", False),
        (3, None, "short", True),
        (3, "full", "full", False),
    ],
)
def test_short_on_time_picks_the_short_routine(minutes, requested, expected, adapted) -> None:  # type: ignore[no-untyped-def]
    chosen, notes = choose_routine(
        LIB, Profile(minutes_available=minutes), requested, short_id="short", full_id="full"
    )
    assert chosen.id == expected
    assert bool(notes) is adapted


def test_side_choice_is_plain_data() -> None:
    assert SideChoice("left") == SideChoice("left", None)
