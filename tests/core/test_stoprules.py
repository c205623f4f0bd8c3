"""Stop rules during a session (clinical-facts §6, a synthesis) and the next-session follow-up."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from unknot.content.safety_loader import load_stop_rules
from unknot.core.stoprules import (
    StopAction,
    check_pain,
    check_symptom,
    followup_ok,
    to_plan_data,
)
from unknot.errors import ValidationError
from unknot.i18n import set_language

RULES = load_stop_rules()
STOP = StopAction.STOP_TECHNIQUE


@pytest.mark.parametrize(
    ("before", "now", "action", "rule_id"),
    [
        (3, 5, STOP, "pain.rise"),  # a rise of exactly 2 stops
        (3, 4, None, "pain.ok"),  # a rise of 1 does not
        (0, 2, STOP, "pain.rise"),
        (5, 3, None, "pain.ok"),  # pain going down
        (5, 5, None, "pain.ok"),  # at the ceiling, not above it
        (5, 6, STOP, "pain.ceiling"),  # above 5 having started at 5 or less
        (2, 6, STOP, "pain.rise"),  # both rules: the rise is reported
        (6, 7, None, "pain.ok"),  # started above the ceiling: only a rise stops
        (6, 8, STOP, "pain.rise"),
        (10, 10, None, "pain.ok"),
        (None, 5, None, "pain.ok"),  # no rating before: only the ceiling applies
        (None, 6, STOP, "pain.ceiling"),
        (None, 0, None, "pain.ok"),
    ],
)
def test_check_pain(before: int | None, now: int, action: StopAction | None, rule_id: str) -> None:
    decision = check_pain(RULES, before, now)
    assert (decision.action, decision.rule_id) == (action, rule_id)
    assert decision.reason.en


@pytest.mark.parametrize(
    ("before", "now", "gentle_only"),
    [(2, 5, False), (2, 6, True), (5, 6, True), (None, 7, True), (6, 7, True), (8, 5, False)],
)
def test_pain_above_five_means_gentle_techniques_only_for_the_rest(
    before: int | None, now: int, gentle_only: bool
) -> None:
    decision = check_pain(RULES, before, now)
    assert decision.gentle_only is gentle_only
    gentle_reason = RULES.gentle_rule.reason.en
    assert gentle_reason.startswith("Pain above 5 out of 10: gentle techniques only")
    assert decision.reason.en.endswith(gentle_reason) is gentle_only
    assert any(s.ref.startswith("https://") for s in RULES.gentle_rule.sources)


def test_a_pain_report_above_five_leaves_the_other_techniques_out() -> None:
    """In the player: after a 7, steps of techniques not tagged gentle are recorded as left
    out (never started), gentle ones still play; the stop event carries the reason."""
    from factories import LIB, routine

    from unknot.core.adapt import SafetyContext
    from unknot.core.plan import compile_plan
    from unknot.core.player import Outcome, Player, State, StepStarted
    from unknot.core.profile import Profile

    # circles (gentle) 15 + 60, flexor 15 + 20 + 10 + 20, circles again 15 + 60
    plan = compile_plan(
        LIB, routine("r", "circles", "flexor", "circles"), Profile(), SafetyContext()
    )
    player = Player(plan.steps, RULES, pain_before=2)
    player.start(0.0)
    decision, events = player.report_pain(20.0, 7)
    assert decision.rule_id == "pain.rise" and decision.gentle_only and player.gentle_only
    assert [(r.index, r.outcome) for r in player.records] == [
        (0, Outcome.COMPLETED),
        (1, Outcome.STOPPED),
        *[(i, Outcome.LEFT_OUT) for i in range(2, 6)],
    ]
    assert all(r.actual_s == 0 and r.started_at_s == 20.0 for r in player.records[2:])
    assert [e.index for e in events if isinstance(e, StepStarted)] == [1, 6]  # 6: circles again
    assert player.stops[0].reason.endswith(RULES.gentle_rule.reason.en)
    player.tick(1000.0)
    assert player.state is State.FINISHED
    assert [r.outcome for r in player.records[6:]] == [Outcome.COMPLETED] * 2
    # Going back from the gentle technique does not bring a left-out step back.
    again = Player(plan.steps, RULES, pain_before=2)
    again.start(0.0)
    again.report_pain(20.0, 7)
    again.back(25.0)
    assert again.index == 6 and again.records[-1].outcome is Outcome.LEFT_OUT


@pytest.mark.parametrize(
    ("before", "now", "named"),
    [
        (3, 11, "'now' is 11"),
        (3, -1, "'now' is -1"),
        (-2, 3, "'before' is -2"),
        (3, 5.5, "'now' is 5.5"),
        (3, True, "'now' is True"),
        ("3", 4, "'before' is '3'"),
    ],
)
def test_out_of_range_ratings_are_rejected(before: object, now: object, named: str) -> None:
    with pytest.raises(ValidationError) as info:
        check_pain(RULES, before, now)  # type: ignore[arg-type]
    assert named in info.value.message
    assert "whole number from 0 (no pain) to 10" in info.value.message
    assert "0 to 10" in info.value.hint


def test_thresholds_are_two_points_and_five() -> None:
    assert (RULES.rise_points, RULES.ceiling) == (2, 5)


EMERGENCY_SYMPTOMS = [
    "chest_pain",
    "breathless",
    "faint_sweaty",
    "abdominal_pain",
    "swollen_leg",
    "arm_weakness",
]
TECHNIQUE_SYMPTOMS = ["sharp_pain", "tingling", "groin_or_pulse", "bruising", "dizzy"]
SYMPTOM_TABLE = [(s, StopAction.EMERGENCY) for s in EMERGENCY_SYMPTOMS] + [
    (s, STOP) for s in TECHNIQUE_SYMPTOMS
]


def test_symptom_table_covers_every_symptom() -> None:
    assert [s.id for s in RULES.symptoms] == [s for s, _ in SYMPTOM_TABLE]


@pytest.mark.parametrize(("symptom_id", "action"), SYMPTOM_TABLE)
def test_check_symptom(symptom_id: str, action: StopAction) -> None:
    decision = check_symptom(RULES, symptom_id)
    assert (decision.action, decision.rule_id) == (action, f"symptom.{symptom_id}")
    assert decision.reason.en
    if action is StopAction.EMERGENCY:
        assert "{emergency}" in decision.reason.en


def test_unknown_symptom_is_an_error_listing_the_known_ones() -> None:
    with pytest.raises(ValidationError, match="no symptom called 'itchy'") as info:
        check_symptom(RULES, "itchy")
    assert "chest_pain" in info.value.hint


@pytest.mark.parametrize(
    ("settled", "worse", "ok"),
    [(True, False, True), (True, True, False), (False, False, False), (False, True, False)],
)
def test_followup_ok(settled: bool, worse: bool, ok: bool) -> None:
    assert followup_ok(settled_within_30_min=settled, worse_next_morning=worse) is ok


def test_followup_has_its_sources() -> None:
    assert any(s.ref.startswith("https://") for s in RULES.followup.sources)


@pytest.fixture
def korean() -> Iterator[None]:
    set_language("ko")
    yield
    set_language("en")


def test_to_plan_data_is_json_and_complete() -> None:
    data = to_plan_data(RULES)
    assert json.loads(json.dumps(data)) == data
    assert (data["rise_points"], data["ceiling"]) == (2, 5)
    assert {s["id"]: s["action"] for s in data["symptoms"]} == {
        s: a.value for s, a in SYMPTOM_TABLE
    }
    assert set(data["pain_rules"]) == {"pain.rise", "pain.ceiling", "pain.gentle_only", "pain.ok"}
    assert data["pain_rules"]["pain.gentle_only"]["sources"]
    assert all(s["sources"] and s["label"] and s["reason"] for s in data["symptoms"])
    assert "no single guideline" in data["note"]


@pytest.mark.usefixtures("korean")
def test_to_plan_data_falls_back_to_english_text() -> None:
    data = to_plan_data(RULES)
    assert data["symptoms"][0]["label"] == RULES.symptoms[0].label.en
