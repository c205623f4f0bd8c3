"""Issue 12: people's answers -> tier, numbers and advice; the findings that were reproduced.

The table is the product's promise in one place: for each person, the answers they give, the
country they are in, and what they must be told (tier, whether a session may start, the
reasons, the next step with the right number or place).
"""

from __future__ import annotations

from datetime import date

import pytest

from screening_people import PEOPLE, Person
from unknot.content.safety_loader import load_countries, load_screening_data
from unknot.core.screening import (
    MAX_GROUP_SIZE,
    Tier,
    evaluate,
    numbers_for,
    tier_under_current_rules,
)
from unknot.errors import ValidationError
from unknot.services.screening_out import calls, outcome_dict

TODAY = date(2026, 12, 2)
DATA = load_screening_data()
QUESTIONS = DATA.questions
COUNTRIES = load_countries()


def answers(*yes: str) -> dict[str, bool]:
    return {q.id: q.id in yes for q in QUESTIONS}


def outcome(country: str, *yes: str, checked: tuple[str, ...] = ()) -> dict[str, object]:
    result = evaluate(QUESTIONS, answers(*yes), TODAY, checked=checked)
    return outcome_dict(result, numbers_for(COUNTRIES, country))


def test_the_table_has_at_least_fifteen_people_in_four_countries() -> None:
    assert len(PEOPLE) >= 15
    assert {p.country for p in PEOPLE} >= {"GB", "JP", "NZ", "NO"}


@pytest.mark.parametrize("person", PEOPLE, ids=[p.who for p in PEOPLE])
def test_people_get_the_right_tier_numbers_and_advice(person: Person) -> None:
    out = outcome(person.country, *person.yes, checked=person.checked)
    assert out["tier"] == person.tier
    assert out["session_allowed"] is person.allowed
    assert out["conditions"] == sorted(person.conditions)
    for words in person.advice_has:
        assert words in out["advice"], (words, out["advice"])
    numbers = COUNTRIES[person.country]
    assert out["numbers"]["emergency"] == numbers.emergency  # type: ignore[index]
    assert out["numbers"]["same_day"] == str(numbers.same_day)  # type: ignore[index]
    reasons = [r["question"] for r in out["reasons"]]  # type: ignore[attr-defined]
    assert len(reasons) == len(set(reasons))
    expected = [i for i in person.yes if i not in person.checked and tier_of(i) is not Tier.CLEAR]
    assert sorted(reasons) == sorted(expected)
    texts = [out["advice"]] + [r["text"] for r in out["reasons"]]  # type: ignore[operator]
    assert not any("{" in str(t) for t in texts)  # every placeholder filled


def tier_of(qid: str) -> Tier:
    return next(q.tier for q in QUESTIONS if q.id == qid)


@pytest.mark.parametrize(
    ("country", "emergency", "same_day"),
    [
        ("GB", "tel:999", "tel:111"),
        ("JP", "tel:119", "tel:%237119"),
        ("NZ", "tel:111", None),
        ("NO", "tel:113", "tel:116117"),
    ],
)
def test_emergency_and_same_day_results_carry_tel_links(
    country: str, emergency: str, same_day: str | None
) -> None:
    numbers = numbers_for(COUNTRIES, country)
    assert [c["href"] for c in calls(Tier.EMERGENCY, numbers)] == [emergency]
    hrefs = [c["href"] for c in calls(Tier.SAME_DAY, numbers)]
    assert emergency in hrefs and hrefs[0] != ""
    if numbers.same_day_tel:
        assert hrefs[0] == numbers.same_day_tel
    assert calls(Tier.ROUTINE, numbers) == calls(Tier.CLEAR, numbers) == []


# ---- the findings of issue 12, each reproduced before the fix -----------------------------


def test_breathless_on_exertion_gets_a_heart_word() -> None:
    """Finding: a 62-year-old breathless on exertion got "next few days", no heart word."""
    out = outcome("GB", "exertion_pattern")
    assert out["tier"] == "same_day"
    assert "heart" in out["reasons"][0]["text"]  # type: ignore[index]
    assert "999" in out["reasons"][0]["text"]  # type: ignore[index]  # if it does not settle
    now = outcome("GB", "exertion_now")
    assert now["tier"] == "emergency" and "heart" in now["reasons"][0]["text"]  # type: ignore[index]
    assert "call 999" in str(now["advice"])


def test_the_exertion_pattern_is_asked_even_without_chest_pain() -> None:
    texts = {q.id: q.text.en for q in QUESTIONS}
    assert "active" in texts["exertion_pattern"] and "chest" not in texts["exertion_pattern"]
    assert "rest" in texts["exertion_now"]


def test_desk_ache_for_three_months_is_not_locked_out() -> None:
    """Finding: not improving after 2 weeks was tier C, "no session until assessed"."""
    result = evaluate(QUESTIONS, answers("not_improving"), TODAY)
    assert result.tier is Tier.ROUTINE and result.session_allowed
    assert not result.needs_assessment and not result.blocks_session_today


def test_sudden_and_injury_questions_ask_about_now_not_history() -> None:
    """Finding: "came on suddenly" / "after you were hurt" had no time limit."""
    texts = {q.id: q.text.en for q in QUESTIONS}
    assert "sudden_severe_pain" not in texts and "after_injury" not in texts
    assert "last few days" in texts["sudden_or_very_bad_pain"]
    assert "right now" in texts["sudden_or_very_bad_pain"]
    assert "last 2 weeks" in texts["recent_injury"]
    assert "last 2 weeks" in texts["injury_cannot_lift"]
    for q in QUESTIONS:
        assert "did the pain begin after" not in q.text.en.lower(), q.id


def test_injury_questions_take_a_clinician_has_checked_this_answer() -> None:
    assessable = {q.id for q in QUESTIONS if q.assessable}
    assert {"recent_injury", "injury_cannot_lift", "injury_weak_arm"} <= assessable
    assert {q.id for q in QUESTIONS if q.tier is Tier.SOON} <= assessable  # as tier C
    assert not {q.id for q in QUESTIONS if q.tier is Tier.EMERGENCY} & assessable
    checked = evaluate(QUESTIONS, answers("recent_injury"), TODAY, checked=["recent_injury"])
    assert checked.tier is Tier.CLEAR and [h.rule_id for h in checked.checked] == ["recent_injury"]
    assert dict(checked.answers)["recent_injury"] is True  # the yes stays on record


def test_only_an_assessable_yes_can_be_marked_checked() -> None:
    with pytest.raises(ValidationError, match="heart_symptoms"):
        evaluate(QUESTIONS, answers("heart_symptoms"), TODAY, checked=["heart_symptoms"])
    with pytest.raises(ValidationError, match="recent_injury"):
        evaluate(QUESTIONS, answers(), TODAY, checked=["recent_injury"])  # answered no


def test_a_fall_yesterday_with_an_arm_that_will_not_lift_means_in_person_today() -> None:
    """Finding: told to phone NHS 111, twice, as identical bullets."""
    out = outcome("GB", "recent_injury", "injury_cannot_lift", "cannot_move_arm")
    assert out["tier"] == "same_day" and out["in_person"] is True
    assert "in person today" in str(out["advice"]) and "phone call alone" in str(out["advice"])
    assert "111" not in str(out["advice"])
    texts = [r["text"] for r in out["reasons"]]  # type: ignore[attr-defined]
    assert len(texts) == len(set(texts)) == 3  # each reason once, each a different sentence


def test_leg_clot_signs_alone_are_same_day_and_with_breathlessness_an_emergency() -> None:
    alone = evaluate(QUESTIONS, answers("leg_clot_signs"), TODAY)
    assert alone.tier is Tier.SAME_DAY and not alone.session_allowed and "dvt" in alone.conditions
    both = evaluate(QUESTIONS, answers("leg_clot_signs", "breathless_chest_pain"), TODAY)
    assert both.tier is Tier.EMERGENCY


def test_no_list_is_longer_than_six() -> None:
    for group in DATA.groups:
        assert 1 <= len(DATA.group_questions(group.id)) <= MAX_GROUP_SIZE == 6, group.id
    assert sum(len(DATA.group_questions(g.id)) for g in DATA.groups) == len(QUESTIONS)


def test_the_kneeling_question_says_it_is_a_comfort_adaptation() -> None:
    q = next(q for q in QUESTIONS if q.id == "kneeling_pain")
    assert q.conditions == ("kneeling_pain",) and q.tier is Tier.CLEAR
    assert q.sources == () and q.source_note is not None
    assert "comfort" in q.reason.en and "not a rule from a clinical source" in q.reason.en


def test_every_outcome_has_a_next_step() -> None:
    for key in ("emergency", "in_person", "same_day", "soon", "routine", "clear"):
        assert DATA.advice[key].en, key
    assert "{in_person}" in DATA.advice["in_person"].en
    assert "{emergency}" in DATA.advice["emergency"].en
    assert "{same_day}" in DATA.advice["same_day"].en


# ---- old screenings under new rules ---------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "triggered", "now"),
    [
        (Tier.SOON, ("not_improving",), Tier.ROUTINE),  # unblocked at once
        (Tier.SOON, ("not_improving", "very_hard_to_move", "blood_thinner"), Tier.ROUTINE),
        (Tier.SOON, ("not_improving", "new_lump"), Tier.SOON),  # still a tier C answer
        (Tier.SAME_DAY, ("after_injury",), Tier.SAME_DAY),  # a rule that is gone: as before
        (Tier.SOON, ("after_injury_old", "not_improving"), Tier.SOON),
        (Tier.CLEAR, ("blood_thinner",), Tier.CLEAR),
        (Tier.ROUTINE, ("heart_symptoms",), Tier.ROUTINE),  # never raised: asked again anyway
    ],
)
def test_a_stored_tier_under_todays_rules(
    stored: Tier, triggered: tuple[str, ...], now: Tier
) -> None:
    assert tier_under_current_rules(stored, triggered, (), QUESTIONS) is now
