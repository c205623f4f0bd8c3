from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from clocks import Clock
from unknot.core.screening import HipSurgery, Tier
from unknot.errors import SafetyError, ValidationError
from unknot.services import safety
from unknot.services.app import Actor
from unknot.services.plan import build_plan
from unknot.services.profile import change_profile, get_profile

START = datetime(2026, 3, 2, 18, 30, tzinfo=UTC)


@pytest.fixture
def services(clocked_actor: Actor, clock: Clock) -> Actor:
    clock.now = START
    return clocked_actor


def answers(*yes: str) -> dict[str, bool]:
    return {q.id: q.id in yes for q in safety.questions()}


def test_no_screening_means_a_screening_is_due(services: Actor) -> None:
    current = safety.status(services)
    assert current.due and not current.can_start
    with pytest.raises(SafetyError, match="screening is needed"):
        safety.require_can_start(current)


def test_a_clear_screening_lets_a_session_start_until_it_is_due_again(
    services: Actor, clock: Clock
) -> None:
    safety.record(services, answers())
    assert safety.status(services).can_start
    clock.now = START + timedelta(days=29)
    assert safety.status(services).can_start
    clock.now = START + timedelta(days=30)
    assert safety.status(services).due


def test_an_emergency_answer_blocks_today_and_asks_again_tomorrow(
    services: Actor, clock: Clock
) -> None:
    result = safety.record(services, answers("heart_symptoms"), country="KR")
    assert result.tier is Tier.EMERGENCY
    current = safety.status(services)
    assert current.blocked_today and current.numbers().emergency == "119"
    with pytest.raises(SafetyError, match="call 119 now"):
        safety.require_can_start(current)
    clock.now = START + timedelta(days=1)
    assert safety.status(services).due


def test_same_day_tier_blocks_the_session_today(services: Actor) -> None:
    safety.record(services, answers("feverish"), country="GB")
    with pytest.raises(SafetyError, match="medical advice today: NHS 111"):
        safety.require_can_start(safety.status(services))


def test_see_a_clinician_soon_waits_for_the_assessment(services: Actor) -> None:
    safety.record(services, answers("injury_weak_arm"))
    with pytest.raises(SafetyError, match="clinician should check"):
        safety.require_can_start(safety.status(services))
    safety.confirm_assessed(services)
    assert safety.status(services).can_start


def test_confirming_an_assessment_needs_a_waiting_screening(services: Actor) -> None:
    safety.record(services, answers())
    with pytest.raises(SafetyError, match="no screening waiting"):
        safety.confirm_assessed(services)
    safety.record(services, answers("heart_symptoms"))  # no clinician's check lifts this
    with pytest.raises(SafetyError, match="no screening waiting"):
        safety.confirm_assessed(services)


def test_an_incomplete_screening_saves_nothing(services: Actor) -> None:
    partial = answers()
    partial.pop(next(iter(partial)))
    with pytest.raises(ValidationError, match="not complete"):
        safety.record(services, partial)
    assert safety.status(services).screened_on is None


def test_contraindications_reach_the_plan(services: Actor) -> None:
    change_profile(services, {"painful_shoulder": "left"})
    safety.record(services, answers("blood_thinner"))
    plan = build_plan(services, "hip-full").plan
    rules = {a.rule_id for a in plan.adaptations}
    assert {"soften_bleeding", "deep_tissue_good_hand"} <= rules
    deep = [s for s in plan.steps if s.technique_id == "hip-deep-tissue" and s.kind == "work"]
    assert [(s.side, s.variant) for s in deep] == [("left", "back_lying"), ("right", "back_lying")]
    assert all("with your right hand" in " ".join(s.instructions) for s in deep)


def test_hip_surgery_rules_follow_todays_date(services: Actor, clock: Clock) -> None:
    surgery = HipSurgery("left", "anterior", START.date() - timedelta(days=80), False)
    safety.record(services, answers("hip_surgery"), surgery)
    first = build_plan(services, "hip-full").plan
    assert first.steps == ()
    assert {a.rule_id for a in first.adaptations} == {"hip_surgery_recent"}
    clock.now = START + timedelta(days=5)  # day 85 after the operation
    later = build_plan(services, "hip-full").plan
    flexor = [
        s.side for s in later.steps if s.technique_id == "hip-flexor-stretch" and s.kind == "work"
    ]
    assert flexor and "left" not in flexor


def test_today_follows_the_persons_time_zone(services: Actor, clock: Clock) -> None:
    change_profile(services, {"timezone": "Asia/Seoul"})
    clock.now = datetime(2026, 3, 2, 16, 0, tzinfo=UTC)  # 01:00 on 3 March in Seoul
    safety.record(services, answers())
    assert safety.status(services).screened_on == date(2026, 3, 3)


def test_a_bad_profile_change_changes_nothing(services: Actor) -> None:
    change_profile(services, {"painful_shoulder": "right", "minutes_available": 20})
    with pytest.raises(ValidationError) as caught:
        change_profile(services, {"painful_shoulder": "left", "minutes_available": 999})
    assert [p.field for p in caught.value.problems] == ["minutes_available"]
    profile = get_profile(services)
    assert profile.painful_shoulder.value == "right" and profile.minutes_available == 20


def test_the_plan_warns_before_any_screening(services: Actor) -> None:
    plan = build_plan(services).plan
    assert "not done the safety screening" in plan.notices[0]
    assert plan.stop_rules["emergency_number"] == "112"


# ---- issue 12: tier D, checked injuries, rules versions ------------------------------------


def test_a_routine_appointment_never_blocks_and_can_be_marked(
    services: Actor, clock: Clock
) -> None:
    safety.record(services, answers("not_improving"), country="GB")
    current = safety.status(services)
    assert current.tier is Tier.ROUTINE and current.can_start
    assert current.routine_advised and current.routine_ids == ("not_improving",)
    safety.require_can_start(current)  # no error
    assert "not booked yet" in safety.routine_report_text(current)
    assert safety.mark_routine(services, "booked").routine_status == "booked"
    assert "booked" in safety.routine_report_text(safety.status(services))
    seen = safety.mark_routine(services, "seen")
    assert seen.routine_status == "seen" and not seen.routine_advised and seen.can_start
    with pytest.raises(ValidationError, match="booked or seen"):
        safety.mark_routine(services, "cancelled")
    clock.now = START + timedelta(days=30)
    safety.record(services, answers("not_improving"))  # asked again at the next screening
    again = safety.status(services)
    assert again.routine_advised and again.routine_status == ""


def test_marking_needs_a_routine_advice(services: Actor) -> None:
    safety.record(services, answers("blood_thinner"))
    with pytest.raises(SafetyError, match="did not advise a routine appointment"):
        safety.mark_routine(services, "booked")


def test_a_recent_injury_is_lifted_by_a_clinicians_check(services: Actor) -> None:
    safety.record(services, answers("recent_injury", "injury_cannot_lift"), country="GB")
    current = safety.status(services)
    assert current.blocked_today and current.in_person and current.can_confirm_check
    with pytest.raises(SafetyError, match="in person today: an urgent treatment centre"):
        safety.require_can_start(current)
    safety.confirm_assessed(services)  # seen at the minor injuries unit this morning
    assert safety.status(services).can_start


def test_an_injury_already_checked_does_not_block(services: Actor) -> None:
    result = safety.record(services, answers("recent_injury"), checked=["recent_injury"])
    assert result.tier is Tier.CLEAR
    current = safety.status(services)
    assert current.can_start and current.checked_ids == ("recent_injury",)


def _store_old(services: Actor, **fields: object) -> None:
    from unknot.store import repo

    with services.unit() as session:
        repo.add_screening(
            session,
            services.person_id,
            taken_at=START,
            answers={},
            country="GB",
            rules_version="2026-11-25.1",
            **fields,
        )


def test_a_screening_under_older_rules_is_asked_again(services: Actor, clock: Clock) -> None:
    _store_old(services, tier="caution", triggered=["blood_thinner"], conditions=["anticoagulant"])
    current = safety.status(services)
    assert current.tier is Tier.CLEAR and not current.rules_current
    assert current.due and not current.can_start
    with pytest.raises(SafetyError, match="screening has changed"):
        safety.require_can_start(current)
    clock.now = START + timedelta(minutes=5)
    safety.record(services, answers("blood_thinner"))
    assert safety.status(services).can_start


def test_blocked_only_by_a_rule_now_tier_d_is_unblocked_at_once(services: Actor) -> None:
    _store_old(services, tier="soon", triggered=["not_improving"], conditions=[])
    current = safety.status(services)
    assert current.tier is Tier.ROUTINE and not current.waiting_for_assessment
    assert current.rules_note == safety.NOTE_TIER_D
    assert "routine appointment" in safety.rules_note_text(current)
    assert current.due  # the new questions are asked at the next start


def test_still_blocked_by_a_tier_c_answer_under_older_rules(services: Actor) -> None:
    _store_old(services, tier="soon", triggered=["not_improving", "new_lump"], conditions=[])
    current = safety.status(services)
    assert current.tier is Tier.SOON and current.rules_note == ""
