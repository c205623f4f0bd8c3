from __future__ import annotations

import json

import pytest
from factories import ALL, DEEP, FULL, LIB, PENDULUM, STRETCH
from hypothesis import given, settings
from hypothesis import strategies as st

from plan_schema import validate_plan
from unknot.core.adapt import SafetyContext
from unknot.core.content import Laterality, estimate_seconds
from unknot.core.plan import SWITCH_S, compile_plan, plan_to_json
from unknot.core.profile import Profile, Shoulder

CONDITIONS = sorted(
    {
        "anticoagulant",
        "dvt",
        "fever",
        "hip_surgery_recent",
        "hip_replacement_anterior",
        "hip_replacement_posterior",
        "back_pain",
        "shoulder_instability",
        "cancer",
        "severe_osteoporosis",
        "skin_problem_hip",
    }
)

profiles = st.builds(
    Profile,
    painful_shoulder=st.sampled_from(list(Shoulder)),
    minutes_available=st.none() | st.integers(1, 60),
)
contexts = st.builds(
    SafetyContext,
    conditions=st.frozensets(st.sampled_from(CONDITIONS), max_size=3),
    operated_hip=st.sampled_from(["", "left", "right", "both"]),
    pain_before=st.none() | st.integers(0, 10),
)
levels = st.dictionaries(st.sampled_from([t.id for t in ALL]), st.floats(0, 1), max_size=6)


def compile_everything(profile: Profile, ctx: SafetyContext, lv: dict[str, float] | None = None):  # type: ignore[no-untyped-def]
    return compile_plan(LIB, LIB.routines["everything"], profile, ctx, levels=lv)


def test_full_plan_has_the_expected_shape() -> None:
    plan = compile_plan(LIB, FULL, Profile(), SafetyContext())
    kinds = [(s.kind, s.technique_id, s.side) for s in plan.steps]
    assert kinds == [
        ("prepare", "circles", None),
        ("work", "circles", None),
        ("prepare", "deep", None),
        ("work", "deep", "left"),
        ("switch", "deep", "right"),
        ("work", "deep", "right"),
        ("prepare", "flexor", None),
        ("work", "flexor", "left"),
        ("switch", "flexor", "right"),
        ("work", "flexor", "right"),
    ]
    # Level 0: the low end of every range.
    assert [s.duration_s for s in plan.steps if s.kind == "work"] == [60, 180, 180, 20, 20]
    assert plan.total_s == 15 * 3 + 60 + 180 * 2 + SWITCH_S * 2 + 20 * 2
    assert plan.steps[0].title.startswith("Get ready")
    assert plan.steps[-1].cues[-1].kind == "finish"
    assert plan.steps[-1].cues[-1].at_s == plan.steps[-1].duration_s


def test_levels_lengthen_within_the_ranges() -> None:
    plan = compile_plan(LIB, FULL, Profile(), SafetyContext(), levels={"deep": 1.0, "flexor": 1.0})
    works = [(s.technique_id, s.duration_s, s.rep) for s in plan.steps if s.kind == "work"]
    assert ("deep", 300, 1) in works
    assert [w for w in works if w[0] == "flexor"] == [("flexor", 30, 1), ("flexor", 30, 2)] * 2
    rests = [s for s in plan.steps if s.kind == "rest"]
    assert len(rests) == 2 and all(r.duration_s == 10 for r in rests)


def test_work_cues_start_halfway_and_last_seconds() -> None:
    plan = compile_plan(LIB, FULL, Profile(), SafetyContext())
    deep_left = next(s for s in plan.steps if s.technique_id == "deep" and s.kind == "work")
    assert [(c.kind, c.at_s) for c in deep_left.cues] == [
        ("start", 0),
        ("halfway", 90),
        ("last_seconds", 175),
    ]
    switch = next(s for s in plan.steps if s.kind == "switch")
    assert switch.cues[0].kind == "switch_sides"


def test_side_lying_instructions_name_the_side_to_lie_on() -> None:
    plan = compile_plan(LIB, FULL, Profile(painful_shoulder=Shoulder.LEFT), SafetyContext())
    deep_left = next(s for s in plan.steps if s.technique_id == "deep" and s.side == "left")
    assert deep_left.instructions[0] == "Lie on your right side and work on your left hip."


def test_a_plan_where_everything_is_removed_says_so() -> None:
    plan = compile_plan(LIB, FULL, Profile(), SafetyContext(frozenset({"hip_surgery_recent"})))
    assert plan.steps == () and plan.total_s == 0
    assert "left out" in plan.notices[0]
    validate_plan(plan_to_json(plan))


def test_estimate_matches_the_plan_at_the_same_level() -> None:
    for level in (0.0, 0.5, 1.0):
        plan = compile_plan(
            LIB, FULL, Profile(), SafetyContext(), levels={t.id: level for t in ALL}
        )
        assert plan.total_s == estimate_seconds(FULL, LIB, level)


@settings(max_examples=200, deadline=None)
@given(profiles, contexts, levels)
def test_step_durations_sum_to_the_total_and_start_where_the_last_ended(  # type: ignore[no-untyped-def]
    profile, ctx, lv
) -> None:
    plan = compile_everything(profile, ctx, lv)
    assert sum(s.duration_s for s in plan.steps) == plan.total_s
    clock = 0
    for index, step in enumerate(plan.steps):
        assert step.index == index and step.start_s == clock and step.duration_s > 0
        assert all(0 <= c.at_s <= step.duration_s for c in step.cues)
        clock = step.end_s


@settings(max_examples=200, deadline=None)
@given(profiles, contexts)
def test_every_per_side_technique_has_both_sides_unless_the_plan_says_why(profile, ctx) -> None:  # type: ignore[no-untyped-def]
    plan = compile_everything(profile, ctx)
    for technique in ALL:
        if technique.laterality is not Laterality.EACH_SIDE:
            continue
        done = {s.side for s in plan.steps if s.technique_id == technique.id and s.kind == "work"}
        explained = {
            a.side
            for a in plan.adaptations
            if a.technique_id == technique.id and a.action == "removed"
        }
        whole = any(
            a.side is None and a.technique_id == technique.id and a.action == "removed"
            for a in plan.adaptations
        )
        for side in ("left", "right"):
            assert side in done or side in explained or whole, (technique.id, side)


@settings(max_examples=100, deadline=None)
@given(profiles, contexts, levels)
def test_plan_json_matches_its_schema(profile, ctx, lv) -> None:  # type: ignore[no-untyped-def]
    document = plan_to_json(compile_everything(profile, ctx, lv))
    validate_plan(document)
    assert json.loads(json.dumps(document)) == document


@pytest.mark.parametrize("shoulder", list(Shoulder))
def test_affected_side_exercise_follows_the_profile_in_the_plan(shoulder: Shoulder) -> None:
    from factories import routine

    plan = compile_plan(
        LIB, routine("r", PENDULUM.id), Profile(painful_shoulder=shoulder), SafetyContext()
    )
    sides = [s.side for s in plan.steps if s.kind == "work"]
    expected = {Shoulder.LEFT: ["left"], Shoulder.RIGHT: ["right"]}.get(shoulder, ["left", "right"])
    assert sides == [side for side in expected for _ in range(3)]


def test_compiling_is_deterministic() -> None:
    args = (LIB, FULL, Profile(painful_shoulder=Shoulder.LEFT), SafetyContext(pain_before=3))
    assert plan_to_json(compile_plan(*args)) == plan_to_json(compile_plan(*args))


def test_rate_after_marks_each_techniques_last_work_step() -> None:
    plan = compile_plan(LIB, FULL, Profile(), SafetyContext(), levels={STRETCH.id: 1.0})
    marked = [(s.technique_id, s.side, s.rep) for s in plan.steps if s.rate_after]
    assert marked == [("circles", None, 1), (DEEP.id, "right", 1), ("flexor", "right", 2)]
