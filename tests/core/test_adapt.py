from __future__ import annotations

import pytest
from factories import CIRCLES, DEEP, DOORWAY, FULL, LIB, PENDULUM, SLEEPER, STRETCH, technique

from unknot.core.adapt import SOURCES, SafetyContext, SideChoice, decide
from unknot.core.content import Laterality
from unknot.core.plan import choose_routine, compile_plan
from unknot.core.profile import Profile, Shoulder

NO_BACK_LYING = technique(
    "deep-plain",
    tags={"hip", "massage", "side_lying"},
    laterality=Laterality.EACH_SIDE,
    position="side_lying",
)


# The side is not known in a bare Profile(): side-lying work is done on the back on both sides.
BACK = [("left", "back_lying"), ("right", "back_lying")]


def sides(decision) -> list[tuple[str | None, str | None]]:  # type: ignore[no-untyped-def]
    return [(c.side, c.variant) for c in decision.sides]


@pytest.mark.parametrize(
    ("tech", "shoulder", "expected", "noted"),
    [
        # Working on a hip means lying on the other side: that shoulder is underneath.
        (DEEP, Shoulder.LEFT, [("left", None), ("right", "back_lying")], {"right"}),
        (DEEP, Shoulder.RIGHT, [("left", "back_lying"), ("right", None)], {"left"}),
        (DEEP, Shoulder.BOTH, [("left", "back_lying"), ("right", "back_lying")], {"left", "right"}),
        (NO_BACK_LYING, Shoulder.LEFT, [("left", None)], {"right"}),
        (NO_BACK_LYING, Shoulder.RIGHT, [("right", None)], {"left"}),
        (NO_BACK_LYING, Shoulder.BOTH, [], {"left", "right"}),
        # Lying on one side for shoulder work puts that same shoulder underneath.
        (SLEEPER, Shoulder.LEFT, [], {"left"}),
        (SLEEPER, Shoulder.RIGHT, [], {"right"}),
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
    ("tech", "expected", "action"),
    [
        # Not knowing which shoulder hurts: either could be underneath, so neither is.
        (DEEP, [("left", "back_lying"), ("right", "back_lying")], "variant"),
        (NO_BACK_LYING, [], "removed"),
        (SLEEPER, [], "removed"),
        (STRETCH, [("left", None), ("right", None)], None),
        (CIRCLES, [(None, None)], None),
    ],
)
def test_unknown_painful_shoulder_means_no_lying_on_either_side(tech, expected, action) -> None:  # type: ignore[no-untyped-def]
    decision, notes = decide(tech, Profile(), SafetyContext())
    assert Profile().painful_shoulder is Shoulder.UNKNOWN
    assert sides(decision) == expected
    if action is None:
        assert notes == []
        return
    assert [(n.rule_id, n.action, n.side) for n in notes] == [
        ("unknown_shoulder_side_lying", action, "left"),
        ("unknown_shoulder_side_lying", action, "right"),
    ]
    assert all(n.source == SOURCES["unknown_shoulder_side_lying"] for n in notes)
    assert all("don't know which shoulder hurts yet" in n.reason for n in notes)


def test_with_the_painful_shoulder_unknown_no_step_says_to_lie_on_a_side() -> None:
    plan = compile_plan(LIB, FULL, Profile(), SafetyContext())
    deep = [s for s in plan.steps if s.technique_id == "deep" and s.kind == "work"]
    assert [(s.side, s.variant) for s in deep] == [("left", "back_lying"), ("right", "back_lying")]
    assert not any("Lie on your" in line for s in plan.steps for line in s.instructions)
    noted = [a for a in plan.adaptations if a.rule_id == "unknown_shoulder_side_lying"]
    assert [a.side for a in noted] == ["left", "right"]


@pytest.mark.parametrize(
    ("conditions", "tech", "rule", "expected"),
    [
        ({"anticoagulant"}, DEEP, "soften_bleeding", BACK),
        ({"bleeding_disorder"}, DEEP, "soften_bleeding", BACK),
        ({"low_platelets"}, DEEP, "soften_bleeding", BACK),
        ({"severe_osteoporosis"}, DEEP, "soften_bone", BACK),
        ({"recent_fracture"}, DEEP, "soften_bone", BACK),
        ({"bone_cancer"}, DEEP, "soften_bone", BACK),
        ({"cancer"}, DEEP, "soften_cancer", BACK),
        ({"pregnancy"}, DEEP, "soften_consult", BACK),
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
            [("left", "standing"), ("right", "standing")],
        ),
        (
            {"hip_replacement_posterior"},
            STRETCH,
            "posterior_hip_standing",
            [("left", "standing"), ("right", "standing")],
        ),
        (
            {"kneeling_pain"},
            STRETCH,
            "kneeling_pain_standing",
            [("left", "standing"), ("right", "standing")],
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
    [softened] = [n for n in notes if n.action == "softened"]
    assert "no massage tool" in softened.reason


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


# ---- the built-in content: step texts compiled for each step (issue 12) -------------------

from datetime import date, timedelta  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from plan_schema import validate_plan  # noqa: E402
from plan_texts import Person, violations  # noqa: E402
from unknot.content.loader import load_builtin  # noqa: E402
from unknot.core.plan import plan_to_json  # noqa: E402
from unknot.core.profile import CAUSES  # noqa: E402
from unknot.core.screening import (  # noqa: E402
    CONDITIONS,
    HIP_APPROACHES,
    HIP_SIDES,
    HipSurgery,
    hip_surgery_conditions,
)

BUILTIN = load_builtin()
TODAY = date(2026, 12, 2)


def builtin_plan(profile: Profile, ctx: SafetyContext, routine: str | None = None):  # type: ignore[no-untyped-def]
    chosen, notes = choose_routine(BUILTIN, profile, routine, "hip-short", "hip-full")
    return compile_plan(BUILTIN, chosen, profile, ctx, extra_adaptations=tuple(notes))


def person_of(profile: Profile, ctx: SafetyContext) -> Person:
    return Person(profile.painful_shoulder.value, ctx.conditions, ctx.operated_hip)


@st.composite
def screenings(draw: st.DrawFn) -> SafetyContext:
    # kneeling_pain comes with the screening's knee question; it is in CONDITIONS once that lands.
    every = sorted(CONDITIONS | {"kneeling_pain"})
    conditions = set(draw(st.frozensets(st.sampled_from(every))))
    operated = ""
    if draw(st.booleans()):
        surgery = HipSurgery(
            side=draw(st.sampled_from(HIP_SIDES)),
            approach=draw(st.sampled_from(HIP_APPROACHES)),
            operated_on=TODAY - timedelta(days=draw(st.integers(0, 800))),
            surgeon_cleared=draw(st.booleans()),
        )
        conditions |= hip_surgery_conditions(surgery, TODAY)
        operated = surgery.side
    else:
        operated = draw(st.sampled_from(["", "left", "right", "both"]))
    return SafetyContext(
        frozenset(conditions),
        operated_hip=operated,
        pain_before=draw(st.none() | st.integers(0, 10)),
    )


PROFILES = st.builds(
    Profile,
    painful_shoulder=st.sampled_from(list(Shoulder)),
    causes=st.lists(st.sampled_from(CAUSES), unique=True).map(tuple),
    minutes_available=st.none() | st.integers(1, 180),
)
ROUTINES = st.sampled_from([None, *sorted(BUILTIN.routines)])


@settings(max_examples=400, deadline=None)
@given(PROFILES, screenings(), ROUTINES)
def test_no_plan_text_contradicts_its_adaptations(profile, ctx, routine) -> None:  # type: ignore[no-untyped-def]
    document = plan_to_json(builtin_plan(profile, ctx, routine))
    assert violations(document["steps"], person_of(profile, ctx)) == []
    validate_plan(document)


@pytest.mark.parametrize("shoulder", [Shoulder.LEFT, Shoulder.RIGHT])
def test_deep_tissue_is_pressed_by_the_good_hand(shoulder: Shoulder) -> None:
    good = "right" if shoulder is Shoulder.LEFT else "left"
    plan = builtin_plan(Profile(painful_shoulder=shoulder), SafetyContext(), "hip-full")
    deep = [s for s in plan.steps if s.technique_id == "hip-deep-tissue" and s.kind == "work"]
    assert [(s.side, s.variant) for s in deep] == [("left", "back_lying"), ("right", "back_lying")]
    assert all(f"with your {good} hand" in " ".join(s.instructions) for s in deep)
    assert all(s.illustration == "supine_knees_bent.svg" for s in deep)
    [note] = [a for a in plan.adaptations if a.technique_id == "hip-deep-tissue"]
    assert note.rule_id == "deep_tissue_good_hand" and f"your {good} hand" in note.reason


@pytest.mark.parametrize("shoulder", [Shoulder.BOTH, Shoulder.UNKNOWN])
@pytest.mark.parametrize(
    ("conditions", "rule"),
    [
        (frozenset(), "deep_tissue_ball"),
        (frozenset({"anticoagulant"}), "soften_bleeding"),
        (frozenset({"severe_osteoporosis"}), "soften_bone"),
        (frozenset({"pregnancy"}), "soften_consult"),
    ],
)
def test_deep_tissue_ball_or_left_out_when_no_hand_is_free(
    shoulder: Shoulder, conditions: frozenset[str], rule: str
) -> None:
    plan = builtin_plan(Profile(painful_shoulder=shoulder), SafetyContext(conditions), "hip-full")
    deep = [s for s in plan.steps if s.technique_id == "hip-deep-tissue" and s.kind == "work"]
    notes = [a for a in plan.adaptations if a.technique_id == "hip-deep-tissue"]
    assert [a.rule_id for a in notes] == [rule]
    if not conditions:
        assert [(s.side, s.variant) for s in deep] == [("left", "ball"), ("right", "ball")]
        assert all(s.illustration == "ball_wall.svg" for s in deep)
        assert not any("hand" in line for s in deep for line in s.instructions[:1])
    else:
        assert deep == [] and notes[0].action == "removed"
        assert "massage ball" in notes[0].reason and "no massage tool" in notes[0].reason


@pytest.mark.parametrize("operated", ["left", "right", "both", ""])
def test_anterior_operated_side_never_turns_out(operated: str) -> None:
    ctx = SafetyContext(frozenset({"hip_replacement_anterior"}), operated_hip=operated)
    for shoulder in (Shoulder.LEFT, Shoulder.RIGHT):
        plan = builtin_plan(Profile(painful_shoulder=shoulder), ctx, "hip-full")
        sides = {"left", "right"} if operated in ("", "both") else {operated}
        for step in plan.steps:
            if step.technique_id == "hip-deep-tissue" and step.side in sides:
                assert not any("outwards" in line for line in step.instructions), step
        good = "right" if shoulder is Shoulder.LEFT else "left"
        turned = {a.side for a in plan.adaptations if a.rule_id == "anterior_hip_turn_out"}
        assert turned == sides & {good}  # only the good hand's own side would have turned out


def test_posterior_hip_replacement_stretches_standing_on_both_sides() -> None:
    ctx = SafetyContext(frozenset({"hip_replacement_posterior"}), operated_hip="left")
    plan = builtin_plan(Profile(painful_shoulder=Shoulder.LEFT), ctx, "hip-full")
    stretch = [s for s in plan.steps if s.technique_id == "hip-flexor-stretch"]
    work = [s for s in stretch if s.kind == "work"]
    assert [(s.side, s.variant, s.position) for s in work] == [
        ("left", "standing", "standing"),
        ("right", "standing", "standing"),
    ]
    assert {s.illustration for s in stretch} == {"standing_hip_flexor.svg"}
    assert "chair" in " ".join(stretch[0].instructions)
    assert not any("kneel" in t.lower() for s in stretch for t in (s.title, *s.instructions))
