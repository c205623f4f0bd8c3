"""Screening: one row per question, tier precedence, hip surgery, rescreening, country numbers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from unknot.content.safety_loader import load_countries, load_screening
from unknot.core.screening import (
    CONDITIONS,
    HIP_SURGERY_QUESTION,
    RESCREEN_AFTER_DAYS,
    CountryNumbers,
    HipSurgery,
    Tier,
    evaluate,
    fill_numbers,
    hip_surgery_conditions,
    most_severe,
    numbers_for,
    screening_due,
    severity,
    stored_tier,
)
from unknot.core.text import Text
from unknot.errors import ValidationError

TODAY = date(2026, 3, 2)
QUESTIONS = load_screening()
HIP_ALL = frozenset({"hip_surgery_recent", "hip_replacement_anterior", "hip_replacement_posterior"})

E, S, N, D, C = Tier.EMERGENCY, Tier.SAME_DAY, Tier.SOON, Tier.ROUTINE, Tier.CLEAR

# id -> (tier, conditions): the hazard log's proof that each question does what it says.
# The tier is the referral urgency only; a contraindication is tier clear with its conditions.
QUESTION_TABLE: dict[str, tuple[Tier, frozenset[str]]] = {
    # §1A emergency
    "heart_symptoms": (E, frozenset()),
    "exertion_now": (E, frozenset()),
    "breathless_chest_pain": (E, frozenset()),
    "abdominal_pain": (E, frozenset()),
    "injury_deformity": (E, frozenset()),
    "seizure_or_shock": (E, frozenset()),
    "hot_joint_unwell": (E, frozenset({"fever"})),
    "sudden_arm_weakness": (E, frozenset()),
    "sudden_vision_loss": (E, frozenset()),
    # §1B same day
    "exertion_pattern": (S, frozenset()),
    "leg_clot_signs": (S, frozenset({"dvt"})),
    "feverish": (S, frozenset({"fever"})),
    "headache_or_vision": (S, frozenset()),
    "recent_injury": (S, frozenset()),
    "injury_cannot_lift": (S, frozenset()),
    "sudden_or_very_bad_pain": (S, frozenset()),
    "both_shoulders_severe": (S, frozenset()),
    "cannot_move_arm": (S, frozenset()),
    "changed_shape_swollen": (S, frozenset()),
    "lasting_pins_and_needles": (S, frozenset()),
    "no_feeling": (S, frozenset()),
    "hot_or_cold": (S, frozenset()),
    # §1C soon
    "cancer_new_bone_pain": (N, frozenset({"cancer"})),
    "new_lump": (N, frozenset()),
    "whole_body_symptoms": (N, frozenset()),
    "several_joints": (N, frozenset()),
    "injury_weak_arm": (N, frozenset()),
    "constant_night_pain": (N, frozenset()),
    "getting_worse_fast": (N, frozenset()),
    # §1D routine appointment
    "not_improving": (D, frozenset()),
    "very_hard_to_move": (D, frozenset()),
    # §2 contraindications and precautions
    "known_clot": (C, frozenset({"dvt"})),
    "blood_thinner": (C, frozenset({"anticoagulant"})),
    "bleeding_disorder": (C, frozenset({"bleeding_disorder"})),
    "low_platelets": (C, frozenset({"low_platelets"})),
    "recent_fracture": (C, frozenset({"recent_fracture"})),
    "severe_osteoporosis": (C, frozenset({"severe_osteoporosis"})),
    "bone_cancer": (C, frozenset({"bone_cancer", "cancer"})),
    "cancer": (C, frozenset({"cancer"})),
    "acute_illness": (C, frozenset({"fever"})),
    "skin_problem_hip": (C, frozenset({"skin_problem_hip"})),
    "pregnancy": (C, frozenset({"pregnancy"})),
    "fragile_skin": (C, frozenset({"fragile_skin"})),
    "heart_condition": (C, frozenset({"heart_condition"})),
    "back_pain": (C, frozenset({"back_pain"})),
    "shoulder_dislocation": (C, frozenset({"shoulder_instability"})),
    "hip_surgery": (C, HIP_ALL),
    "kneeling_pain": (C, frozenset({"kneeling_pain"})),
}
COMFORT_ONLY = {"kneeling_pain"}  # no clinical source claimed: it says so instead


def answers(*yes: str) -> dict[str, bool]:
    return {q.id: q.id in yes for q in QUESTIONS}


def hip(approach: str = "anterior", days_ago: int = 10, cleared: bool = False) -> HipSurgery:
    return HipSurgery("left", approach, TODAY - timedelta(days=days_ago), cleared)


def test_question_table_covers_every_question() -> None:
    assert [q.id for q in QUESTIONS] == list(QUESTION_TABLE)


@pytest.mark.parametrize(("question_id", "expected"), QUESTION_TABLE.items())
def test_question_sets_tier_and_conditions(
    question_id: str, expected: tuple[Tier, frozenset[str]]
) -> None:
    result = evaluate(QUESTIONS, answers(question_id), TODAY)
    assert (result.tier, result.conditions) == expected
    assert [hit.rule_id for hit in result.hits] == [question_id]
    assert result.hits[0].sources or question_id in COMFORT_ONLY


def test_all_no_is_clear() -> None:
    result = evaluate(QUESTIONS, answers(), TODAY)
    assert result.tier is Tier.CLEAR
    assert not result.hits and not result.conditions
    assert not result.blocks_session_today and not result.needs_assessment
    assert result.taken_on == TODAY
    assert dict(result.answers) == answers()


def test_every_condition_can_be_reached_from_the_screening() -> None:
    reached = frozenset().union(*(conds for _, conds in QUESTION_TABLE.values()))
    assert reached == CONDITIONS


def test_emergency_beats_everything() -> None:
    result = evaluate(QUESTIONS, answers(*QUESTION_TABLE), TODAY)
    assert result.tier is Tier.EMERGENCY
    assert result.blocks_session_today


@pytest.mark.parametrize(
    ("yes", "tier"),
    [
        (("blood_thinner", "not_improving"), Tier.ROUTINE),
        (("not_improving", "new_lump"), Tier.SOON),
        (("not_improving", "recent_injury"), Tier.SAME_DAY),
        (("recent_injury", "heart_symptoms"), Tier.EMERGENCY),
        (("pregnancy", "sudden_arm_weakness", "new_lump"), Tier.EMERGENCY),
        (("back_pain", "pregnancy"), Tier.CLEAR),
    ],
)
def test_most_severe_tier_wins(yes: tuple[str, ...], tier: Tier) -> None:
    result = evaluate(QUESTIONS, answers(*yes), TODAY)
    assert result.tier is tier
    assert {hit.rule_id for hit in result.hits} == set(yes)


def test_conditions_add_up_under_a_higher_tier() -> None:
    result = evaluate(QUESTIONS, answers("blood_thinner", "feverish"), TODAY)
    assert result.tier is Tier.SAME_DAY
    assert result.conditions == {"anticoagulant", "fever"}


@pytest.mark.parametrize(
    ("tier", "blocks", "assess", "allowed"),
    [
        (Tier.CLEAR, False, False, True),
        (Tier.ROUTINE, False, False, True),
        (Tier.SOON, False, True, False),
        (Tier.SAME_DAY, True, False, False),
        (Tier.EMERGENCY, True, False, False),
    ],
)
def test_result_properties_by_tier(tier: Tier, blocks: bool, assess: bool, allowed: bool) -> None:
    question = next(q for q in QUESTIONS if q.tier is tier)
    result = evaluate(QUESTIONS, answers(question.id), TODAY)
    assert result.tier is tier
    assert (result.blocks_session_today, result.needs_assessment) == (blocks, assess)
    assert result.session_allowed is allowed


def test_severity_orders_tiers() -> None:
    order = (Tier.CLEAR, Tier.ROUTINE, Tier.SOON, Tier.SAME_DAY, E)
    ranks = [severity(t) for t in order]
    assert ranks == sorted(ranks) == list(range(5))
    assert list(Tier) == list(order)
    assert Tier.SOON.severity == 2
    assert most_severe([Tier.ROUTINE, Tier.EMERGENCY, Tier.SOON]) is Tier.EMERGENCY
    assert most_severe([]) is Tier.CLEAR


def test_stored_tiers_of_older_rules_still_read() -> None:
    assert stored_tier("caution") is Tier.CLEAR  # a contraindication: no referral
    assert stored_tier("routine") is Tier.ROUTINE
    assert stored_tier("urgent") is None and stored_tier(None) is None


def test_missing_answer_is_an_error_naming_it() -> None:
    given = answers()
    del given["pregnancy"]
    with pytest.raises(ValidationError, match="unanswered questions: pregnancy") as info:
        evaluate(QUESTIONS, given, TODAY)
    assert [p.field for p in info.value.problems] == ["pregnancy"]
    assert info.value.hint


def test_unknown_answer_is_an_error_naming_it() -> None:
    given = {**answers(), "chest_ache": True}
    with pytest.raises(ValidationError, match="unknown question ids: chest_ache"):
        evaluate(QUESTIONS, given, TODAY)


def test_non_boolean_answer_is_an_error() -> None:
    given: dict[str, object] = {**answers(), "pregnancy": "no"}
    with pytest.raises(ValidationError, match="not yes/no: pregnancy"):
        evaluate(QUESTIONS, given, TODAY)  # type: ignore[arg-type]


# ---- hip surgery --------------------------------------------------------------------------

APPROACH_CONDITIONS = {
    "anterior": {"hip_replacement_anterior"},
    "posterior": {"hip_replacement_posterior"},
    "lateral": {"hip_replacement_posterior"},
    "resurfacing": {"hip_replacement_anterior", "hip_replacement_posterior"},
    "unknown": {"hip_replacement_anterior", "hip_replacement_posterior"},
}
HIP_TABLE = [
    (days, approach, cleared, days < 84 and not cleared)
    for days in (0, 83, 84, 85)
    for approach in APPROACH_CONDITIONS
    for cleared in (False, True)
]


@pytest.mark.parametrize(("days", "approach", "cleared", "recent"), HIP_TABLE)
def test_hip_surgery_conditions(days: int, approach: str, cleared: bool, recent: bool) -> None:
    found = hip_surgery_conditions(hip(approach, days, cleared), TODAY)
    expected = APPROACH_CONDITIONS[approach] | ({"hip_surgery_recent"} if recent else set())
    assert found == expected


def test_hip_details_replace_the_conservative_default() -> None:
    details = hip("anterior", days_ago=200)
    result = evaluate(QUESTIONS, answers(HIP_SURGERY_QUESTION), TODAY, details)
    assert result.conditions == {"hip_replacement_anterior"}
    assert result.hip_surgery == details


def test_hip_yes_without_details_takes_every_precaution() -> None:
    result = evaluate(QUESTIONS, answers(HIP_SURGERY_QUESTION), TODAY)
    assert result.conditions == HIP_ALL


def test_hip_details_with_a_no_answer_are_an_error() -> None:
    with pytest.raises(ValidationError, match="hip surgery question was answered no"):
        evaluate(QUESTIONS, answers(), TODAY, hip())


def test_hip_operation_in_the_future_is_an_error() -> None:
    with pytest.raises(ValidationError, match="in the future"):
        hip_surgery_conditions(hip(days_ago=-1), TODAY)


@pytest.mark.parametrize(
    ("side", "approach", "bad"), [("middle", "anterior", "side"), ("left", "keyhole", "approach")]
)
def test_hip_surgery_rejects_unknown_values(side: str, approach: str, bad: str) -> None:
    with pytest.raises(ValidationError) as info:
        HipSurgery(side, approach, TODAY, False)
    assert [p.field for p in info.value.problems] == [bad]


def test_hip_surgery_round_trips_through_a_dict() -> None:
    details = hip("posterior", 30, True)
    assert HipSurgery.from_dict(details.as_dict()) == details
    with pytest.raises(ValidationError, match="cannot be read"):
        HipSurgery.from_dict({"side": "left"})


# ---- rescreening --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("taken_days_ago", "due"),
    [
        (None, True),
        (0, False),
        (RESCREEN_AFTER_DAYS - 1, False),
        (RESCREEN_AFTER_DAYS, True),
        (RESCREEN_AFTER_DAYS + 1, True),
        (-1, True),
    ],
)
def test_screening_due(taken_days_ago: int | None, due: bool) -> None:
    taken = None if taken_days_ago is None else TODAY - timedelta(days=taken_days_ago)
    assert screening_due(taken, TODAY) is due


def test_rescreen_interval_is_thirty_days() -> None:
    assert RESCREEN_AFTER_DAYS == 30


# ---- country numbers ----------------------------------------------------------------------

COUNTRIES = load_countries()


@pytest.mark.parametrize(
    ("code", "emergency", "name"),
    [
        ("GB", "999", "United Kingdom"),
        ("gb", "999", "United Kingdom"),
        ("UK", "999", "United Kingdom"),
        (" de ", "112", "Germany"),
        ("FR", "15", "France"),
        ("US", "911", "United States"),
        ("CA", "911", "Canada"),
        ("AU", "000", "Australia"),
        ("KR", "119", "South Korea"),
        ("JP", "119", "Japan"),
        ("", "112", "your country"),
        (None, "112", "your country"),
    ],
)
def test_numbers_for(code: str | None, emergency: str, name: str) -> None:
    numbers = numbers_for(COUNTRIES, code)
    assert (numbers.emergency, numbers.name.en) == (emergency, name)


def test_numbers_for_unknown_country_is_the_112_fallback() -> None:
    fallback = numbers_for(COUNTRIES, "XX")
    assert fallback.code == "ZZ" and fallback.emergency == "112"
    assert "local emergency number" in fallback.note.en


def test_numbers_for_never_fails_without_data() -> None:
    assert numbers_for({}, "GB").emergency == "112"


def test_fill_numbers_puts_the_country_into_an_action() -> None:
    gb = CountryNumbers("GB", Text.of("UK"), "999", Text.of("NHS 111"), Text.of(""))
    assert fill_numbers("Call {emergency}; or {same_day}.", gb) == "Call 999; or NHS 111."
