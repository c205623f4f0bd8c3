"""Stop rules during a session (clinical-facts §6, a synthesis) and the next-session follow-up."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from unknot.content.safety_loader import STOP_RULES_FILE, load_stop_rules
from unknot.core.stoprules import (
    StopAction,
    check_pain,
    check_rule,
    check_symptom,
    followup_ok,
    next_time,
    to_plan_data,
)
from unknot.errors import ValidationError
from unknot.i18n import using

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
    from unknot.core.player import Player
    from unknot.core.player_events import Outcome, State, StepStarted
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


EMERGENCY_SYMPTOMS = ["chest_pain", "breathless", "faint_sweaty", "abdominal_pain", "arm_weakness"]
# §6 rule 2: stop the session. Dizziness (a kneeling position may come next); leg-clot signs
# alone, triaged as in the screening (§2 DVT row: same-day advice; with breathlessness or chest
# pain worse on breathing in -> `breathless`, an emergency).
SESSION_SYMPTOMS = ["dizzy", "swollen_leg"]
TECHNIQUE_SYMPTOMS = ["sharp_pain", "tingling", "groin_or_pulse", "bruising"]
SYMPTOM_TABLE = (
    [(s, StopAction.EMERGENCY) for s in EMERGENCY_SYMPTOMS]
    + [(s, StopAction.STOP_SESSION) for s in SESSION_SYMPTOMS]
    + [(s, STOP) for s in TECHNIQUE_SYMPTOMS]
)


def test_symptom_table_covers_every_symptom() -> None:
    assert [s.id for s in RULES.symptoms] == [s for s, _ in SYMPTOM_TABLE]


@pytest.mark.parametrize(("symptom_id", "action"), SYMPTOM_TABLE)
def test_check_symptom(symptom_id: str, action: StopAction) -> None:
    decision = check_symptom(RULES, symptom_id)
    assert (decision.action, decision.rule_id) == (action, f"symptom.{symptom_id}")
    assert decision.reason.en
    if action is StopAction.EMERGENCY:
        assert "{emergency}" in decision.reason.en
    if action is StopAction.STOP_SESSION:  # the advice, with the same-day number
        assert decision.advice is not None and "{same_day}" in decision.advice.en
        assert "{emergency}" in decision.reason.en  # the rule-1 way out stays in sight
    else:
        assert decision.advice is None


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
    with using("ko"):
        yield


def test_to_plan_data_is_json_and_complete() -> None:
    data = to_plan_data(RULES)
    assert json.loads(json.dumps(data)) == data
    assert {s["id"]: s["action"] for s in data["symptoms"]} == {
        s: a.value for s, a in SYMPTOM_TABLE
    }
    pain = data["pain"]
    assert [r["rule_id"] for r in pain["decide"]] == ["pain.rise", "pain.ceiling", "pain.ok"]
    assert pain["decide"][0]["when"] == {"rise_at_least": 2}
    assert pain["decide"][1]["when"] == {"above": 5, "before_at_most": 5}
    assert [(r["rule_id"], r["action"]) for r in pain["also"]] == [
        ("pain.gentle_only", "gentle_only")
    ]
    assert pain["also"][0]["sources"]
    used = {r["action"] for r in pain["decide"] + pain["also"] if r["action"]}
    used |= {s["action"] for s in data["symptoms"]}
    used |= {r["action"] for r in data["session_rules"].values()}
    assert used == set(data["actions"])  # every action a rule names is described, and used
    assert all(s["sources"] and s["label"] and s["reason"] for s in data["symptoms"])
    assert "no single guideline" in data["note"]


@pytest.mark.usefixtures("korean")
def test_to_plan_data_falls_back_to_english_text() -> None:
    data = to_plan_data(RULES)
    assert data["symptoms"][0]["label"] == RULES.symptoms[0].label.en


# ---- §6 rule 2: stop the session ----------------------------------------------------------


def test_dizziness_with_chest_pain_breathlessness_or_fainting_stays_an_emergency() -> None:
    dizzy = RULES.symptom("dizzy")
    assert dizzy is not None and dizzy.action is StopAction.STOP_SESSION
    for other in ("chest_pain", "breathless", "faint_sweaty"):
        symptom = RULES.symptom(other)
        assert symptom is not None and symptom.action is StopAction.EMERGENCY
    words = dizzy.reason.en.lower()
    assert "chest pain" in words and "short of breath" in words and "faint" in words


def test_leg_clot_signs_with_breathing_trouble_are_the_breathless_emergency() -> None:
    leg, breathless = RULES.symptom("swollen_leg"), RULES.symptom("breathless")
    assert leg is not None and breathless is not None
    assert leg.action is StopAction.STOP_SESSION and breathless.action is StopAction.EMERGENCY
    assert "worse when you breathe in" in breathless.label.en
    assert "worse when you breathe in" in leg.reason.en and "{emergency}" in leg.reason.en
    refs = {s.ref for s in leg.sources}
    assert "https://www.nhs.uk/conditions/deep-vein-thrombosis-dvt/" in refs


@pytest.mark.parametrize(
    ("earlier", "action", "rule_id"),
    [
        ((), STOP, "symptom.sharp_pain"),
        (("pain.rise",), STOP, "symptom.sharp_pain"),  # a pain rise is not a sharp pain
        (("symptom.tingling",), STOP, "symptom.sharp_pain"),
        (("symptom.sharp_pain",), StopAction.STOP_SESSION, "session.sharp_pain_twice"),
        (
            ("symptom.bruising", "symptom.sharp_pain"),
            StopAction.STOP_SESSION,
            "session.sharp_pain_twice",
        ),
    ],
)
def test_a_second_sharp_pain_stops_the_session(
    earlier: tuple[str, ...], action: StopAction, rule_id: str
) -> None:
    decision = check_symptom(RULES, "sharp_pain", earlier)
    assert (decision.action, decision.rule_id) == (action, rule_id)
    if action is StopAction.STOP_SESSION:
        assert decision.advice is not None and "second time" in decision.reason.en


def test_tingling_stops_the_technique_then_rests_three_minutes_and_asks() -> None:
    decision = check_symptom(RULES, "tingling")
    assert decision.action is STOP and decision.recheck is not None
    recheck = decision.recheck
    assert (recheck.rest_s, recheck.answer_s) == (180, 60)
    assert recheck.question.en.endswith("?")
    not_settled = check_rule(RULES, "session." + recheck.not_settled)
    assert not_settled.action is StopAction.STOP_SESSION
    assert not_settled.advice is not None and "{same_day}" in not_settled.advice.en


@pytest.mark.parametrize(
    "rule_id",
    [
        "symptom.dizzy",
        "symptom.swollen_leg",
        "session.sharp_pain_twice",
        "session.tingling_not_settled",
    ],
)
def test_every_session_stop_is_asked_about_next_time(rule_id: str) -> None:
    asked = next_time(RULES, rule_id)
    assert asked is not None
    assert asked.question.en.startswith("Last time the session stopped because")
    assert asked.question.en.endswith("?")
    assert "no session today" in asked.still_there.en.lower()
    assert "{same_day}" in asked.still_there.en


def test_rules_that_do_not_stop_the_session_are_not_asked_about() -> None:
    assert next_time(RULES, "symptom.sharp_pain") is None
    assert next_time(RULES, "pain.rise") is None
    assert next_time(RULES, "symptom.chest_pain") is None


def test_unknown_rule_ids_are_errors_naming_them() -> None:
    with pytest.raises(ValidationError, match="no session stop rule called 'sleepy'"):
        check_rule(RULES, "session.sleepy")
    with pytest.raises(ValidationError, match=r"no stop rule called 'pain\.odd'"):
        check_rule(RULES, "pain.odd")


def test_plan_data_carries_the_new_action_for_both_players() -> None:
    data = to_plan_data(RULES, lambda text: text.replace("{same_day}", "NHS 111"))
    by_id = {s["id"]: s for s in data["symptoms"]}
    assert by_id["dizzy"]["action"] == "stop_session"
    assert "NHS 111" in by_id["dizzy"]["advice"]
    assert by_id["sharp_pain"]["again"] == "session.sharp_pain_twice"
    assert by_id["tingling"]["recheck"]["rest_s"] == 180
    assert by_id["tingling"]["recheck"]["not_settled"] == "session.tingling_not_settled"
    assert set(data["session_rules"]) == {
        "session.sharp_pain_twice",
        "session.tingling_not_settled",
    }
    assert all("{same_day}" not in r["advice"] for r in data["session_rules"].values())


BANNED_HOSTS = (
    "scribd.",
    "docslib.",
    "researchgate.",
    "kensingtonsocks",
    "ambersherbet",
    "excitingspas",
    "childdynamix",
    "megatopx",
    "read.qxmd",
    "developer.api.nhs.uk",
)


def test_stop_rule_sources_are_the_publishers_own_pages() -> None:
    refs = [s.ref for s in RULES.sources]
    for symptom in RULES.symptoms:
        refs += [s.ref for s in symptom.sources]
    for rule in RULES.session_rules:
        refs += [s.ref for s in rule.sources]
    text = STOP_RULES_FILE.read_text(encoding="utf-8")
    for host in BANNED_HOSTS:
        assert host not in text, host
    assert "(copy)" not in text
    assert all(r.startswith(("https://", "http://", "clinical-facts.md §")) for r in refs)


TESTS = {
    "rise_at_least": lambda n, before, now: before is not None and now - before >= n,
    "above": lambda n, before, now: now > n,
    "before_at_most": lambda n, before, now: before is None or before <= n,
}


def decide_from_data(pain: dict[str, Any], before: int | None, now: int) -> tuple[Any, ...]:
    """The plan's pain rules read as docs/plan.schema.json says a player reads them."""

    def holds(rule: dict[str, Any]) -> bool:
        return all(TESTS[k](n, before, now) for k, n in rule["when"].items())

    first = next(r for r in pain["decide"] if holds(r))
    also = [r for r in pain["also"] if holds(r)]
    reason = " ".join([first["reason"], *(r["reason"] for r in also)])
    return first["action"], first["rule_id"], reason, [r["action"] for r in also]


@pytest.mark.parametrize("before", [None, *range(11)])
def test_the_plan_data_decides_every_rating_as_check_pain(before: int | None) -> None:
    pain = to_plan_data(RULES)["pain"]
    for now in range(11):
        decision = check_pain(RULES, before, now)
        action = decision.action.value if decision.action else None
        gentle = ["gentle_only"] if decision.gentle_only else []
        expected = (action, decision.rule_id, str(decision.reason), gentle)
        assert decide_from_data(pain, before, now) == expected
