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
    assert set(data["pain_rules"]) == {"pain.rise", "pain.ceiling", "pain.ok"}
    assert all(s["sources"] and s["label"] and s["reason"] for s in data["symptoms"])
    assert "no single guideline" in data["note"]


@pytest.mark.usefixtures("korean")
def test_to_plan_data_falls_back_to_english_text() -> None:
    data = to_plan_data(RULES)
    assert data["symptoms"][0]["label"] == RULES.symptoms[0].label.en
