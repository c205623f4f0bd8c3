"""Insights: hand-checked numbers, the thresholds, and properties over random journals."""

from __future__ import annotations

import math
import random
import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unknot.core.insights.build import (
    ClinicianCheck,
    change_size,
    compute_insights,
    meaningful_threshold,
)
from unknot.core.insights.json_form import insights_json
from unknot.core.insights.stats import (
    ar1_difference,
    ar1_quadratic,
    clustered_mean_interval,
    mean_interval,
)
from unknot.core.insights.text import (
    change_footnote,
    change_label,
    change_text,
    clinician_text,
    habit_text,
    num,
    spadi_text,
)
from unknot.core.journal import CheckIn, PainEntry, SessionEntry, SpadiEntry

UTCZ = ZoneInfo("UTC")
TODAY = date(2026, 3, 31)


def _id(n: int) -> uuid.UUID:
    return uuid.UUID(int=n)


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def rating(day: date, value: int, context: str = "log", n: int = 0, hour: int = 12) -> PainEntry:
    return PainEntry(_id(n or random.getrandbits(64)), value, at(day, hour), "UTC", context)


def checkin(
    day: date, average: int, worst: int | None = None, n: int = 0, **habits: bool
) -> CheckIn:
    return CheckIn(
        _id(n or random.getrandbits(64)),
        day,
        at(day, 21),
        "UTC",
        average,
        worst if worst is not None else average + 1,
        **habits,
    )


def session(
    day: date,
    before: int | None,
    after: int | None,
    routine: str = "hip-full",
    n: int = 0,
    techniques: tuple[tuple[str, int], ...] = (),
    stops: tuple[str, ...] = (),
    played: tuple[str, ...] = (),
) -> SessionEntry:
    return SessionEntry(
        _id(n or random.getrandbits(64)),
        routine,
        at(day, 18),
        "UTC",
        "finished",
        900,
        900.0,
        before,
        after,
        techniques,
        stops,
        played,
    )


def build(pain=(), checkins=(), spadi=(), sessions=(), since=None, today=TODAY):  # type: ignore[no-untyped-def]
    return compute_insights(
        list(pain),
        list(checkins),
        list(spadi),
        list(sessions),
        today,
        UTCZ,
        since or today - timedelta(89),
    )


# -- daily pain ----------------------------------------------------------------------------


def test_daily_average_prefers_the_checkin_and_worst_takes_every_rating() -> None:
    day = TODAY - timedelta(1)
    ins = build(
        pain=[
            rating(day, 2),
            rating(day, 8, "during"),
            rating(TODAY, 3),
            rating(TODAY, 6, "before"),
        ],
        checkins=[checkin(day, 4, worst=6)],
    )
    by_day = {d.day: d for d in ins.days}
    assert by_day[day].average == 4.0 and by_day[day].source == "checkin"
    assert by_day[day].worst == 8  # the "during" rating is the worst of that day
    assert by_day[TODAY].average == 4.5 and by_day[TODAY].source == "ratings"
    assert by_day[TODAY].worst == 6


def test_after_and_technique_ratings_do_not_feed_the_daily_average() -> None:
    ins = build(pain=[rating(TODAY, 1, "after"), rating(TODAY, 2, "technique")])
    (day,) = ins.days
    assert day.average is None and day.worst == 2


def test_local_day_follows_the_person_zone() -> None:
    late = PainEntry(_id(1), 5, datetime(2026, 3, 30, 23, 30, tzinfo=UTC), "Asia/Seoul", "log")
    ins = compute_insights([late], [], [], [], TODAY, ZoneInfo("Asia/Seoul"), TODAY - timedelta(5))
    assert [d.day for d in ins.days] == [TODAY]  # 08:30 on the 31st in Seoul


def test_latest_checkin_of_a_day_wins() -> None:
    first = checkin(TODAY, 7, n=1)
    second = CheckIn(_id(2), TODAY, at(TODAY, 22), "UTC", 3, 4)
    ins = build(checkins=[second, first])
    assert ins.days[-1].average == 3.0


def test_rolling_mean_needs_four_of_seven_days() -> None:
    days = [TODAY - timedelta(k) for k in (0, 2, 4)]
    ins = build(checkins=[checkin(d, v) for d, v in zip(days, (2, 4, 6), strict=True)])
    assert ins.days[-1].rolling is None
    ins = build(checkins=[checkin(TODAY - timedelta(k), k) for k in range(4)])
    assert ins.days[-1].rolling == pytest.approx(1.5)


# -- before -> after -----------------------------------------------------------------------


def test_routine_change_hand_checked() -> None:
    # changes -2, -1, -3: mean -2, sd 1, t(0.975, 2) = 4.302653, half = 4.302653 / sqrt(3)
    sessions = [session(TODAY - timedelta(k), 5 - k % 2 + k // 2, 3) for k in range(3)]
    (change,) = build(sessions=sessions).routines
    assert change.n == 3 and change.shown
    assert change.mean == pytest.approx(-2.0)
    half = 4.302653 / math.sqrt(3)
    assert change.low == pytest.approx(-2.0 - half, abs=1e-5)
    assert change.high == pytest.approx(-2.0 + half, abs=1e-5)
    assert (change.size, change.direction) == ("meaningful", "better")
    text = change_text(change, "hip-full")
    assert "5.0 → 3.0" in text and "−2.0 points" in text and "n = 3" in text
    assert "most people notice as meaningful" in text


def test_meaningful_by_share_says_so_and_the_threshold_is_the_rule() -> None:
    """3.0 -> 2.0 is meaningful (a third of the pain before): the words say why, not "small"."""
    sessions = [session(TODAY - timedelta(k), 3, 2) for k in range(3)]
    (change,) = build(sessions=sessions).routines
    text = change_text(change, "hip-full")
    assert "a drop most people notice as meaningful (30% or more of the pain before)" in text
    assert "small" not in text
    for before in (0.5, 2.0, 3.0, 3.4, 4.0, 5.0, 6.6, 7.0, 9.0):
        edge = meaningful_threshold(before)
        assert 1.0 <= edge <= 2.0
        assert change_size(-math.ceil(edge * 10) / 10, before)[0] == "meaningful"
        if edge > 1.0:
            assert change_size(-(math.ceil(edge * 10) / 10 - 0.1), before)[0] == "small"


def test_sessions_on_one_day_count_once_in_the_interval() -> None:
    # two sessions on day 0 (-2, -4), one on each of days 1 and 2 (-1, -3): mean -2.5; the day
    # sums of deviations are -1, 1.5, -0.5, so the cluster-robust variance is
    # 3/2 * (1 + 2.25 + 0.25) / 16, with t(0.975, 2) = 4.302653 on 3 days
    sessions = [
        session(TODAY, 6, 4),
        session(TODAY, 7, 3),
        session(TODAY - timedelta(1), 4, 3),
        session(TODAY - timedelta(2), 6, 3),
    ]
    (change,) = build(sessions=sessions).routines
    assert (change.n, change.days, change.shown) == (4, 3, True)
    half = 4.302653 * math.sqrt(1.5 * 3.5 / 16)
    assert change.mean == pytest.approx(-2.5)
    assert change.low == pytest.approx(-2.5 - half, abs=1e-5)
    assert "n = 4 on 3 days" in change_text(change, "hip-full")
    one_day = build(sessions=[session(TODAY, 5, 3, n=k + 1) for k in range(4)]).routines[0]
    assert (one_day.n, one_day.days, one_day.shown) == (4, 1, False)
    assert "on 1 day; numbers are shown once they come from 3 days" in change_text(
        one_day, "hip-full"
    )


def test_clustered_interval_with_one_value_per_cluster_is_the_t_interval() -> None:
    values = [-2.0, -1.0, -3.0, 0.5, -1.5]
    plain = mean_interval(values)
    clustered = clustered_mean_interval(values, range(5))
    assert clustered.low == pytest.approx(plain.low, abs=1e-12)
    assert clustered.high == pytest.approx(plain.high, abs=1e-12)


def test_no_change_numbers_below_three_sessions() -> None:
    (change,) = build(sessions=[session(TODAY, 5, 3), session(TODAY, 4, None)]).routines
    assert change.n == 1 and not change.shown and change.mean is None
    assert "numbers are shown from 3 on" in change_text(change, "hip-full")


@pytest.mark.parametrize(
    ("change", "before", "expected"),
    [
        (-2.0, 8.0, ("meaningful", "better")),
        (-1.0, 3.0, ("meaningful", "better")),  # 33 % of 3 and at least 1 point
        (-1.0, 5.0, ("small", "better")),
        (1.5, 6.0, ("small", "worse")),  # 25 %
        (2.5, 5.0, ("meaningful", "worse")),
        (-0.9, 1.5, ("little", "better")),  # 60 % but under one point
        (-0.96, 5.0, ("small", "better")),  # shown as -1.0, so called small
        (0.0, 4.0, ("little", "same")),
    ],
)
def test_change_size_follows_the_mcid_wording(
    change: float, before: float, expected: tuple[str, str]
) -> None:
    assert change_size(change, before) == expected


def test_technique_change_uses_the_mean_of_both_sides() -> None:
    ratings = (("hip-kneading", 4), ("hip-kneading", 2), ("hip-deep-tissue", 5))
    sessions = [session(TODAY - timedelta(k), 5, 3, techniques=ratings) for k in range(3)]
    by_key = {c.key: c for c in build(sessions=sessions).techniques}
    assert by_key["hip-kneading"].mean == pytest.approx(-2.0)
    assert by_key["hip-deep-tissue"].mean == pytest.approx(0.0)
    assert by_key["hip-deep-tissue"].size == "little"
    assert {c.basis for c in by_key.values()} == {"start"}  # the order played is not known


def test_technique_change_is_from_the_rating_just_before_it() -> None:
    ratings = (("hip-kneading", 4), ("hip-kneading", 2), ("hip-deep-tissue", 5))
    played = ("hip-kneading", "hip-deep-tissue")
    sessions = [
        session(TODAY - timedelta(k), 5, 3, techniques=ratings, played=played) for k in range(3)
    ]
    by_key = {c.key: c for c in build(sessions=sessions).techniques}
    kneading, deep = by_key["hip-kneading"], by_key["hip-deep-tissue"]
    assert (kneading.basis, kneading.mean_before, kneading.mean) == ("previous", 5.0, -2.0)
    # from kneading's last rating (2), not from the session's start (5)
    assert (deep.basis, deep.mean_before, deep.mean) == ("previous", 2.0, 3.0)
    assert change_label(deep, {}) == "hip-deep-tissue, from the rating just before it"
    named = {"hip-deep-tissue": "Deep hip massage"}
    assert change_label(deep, named) == "Deep hip massage, from the rating just before it"


def test_technique_after_an_unrated_one_is_labelled_since_the_start() -> None:
    played = ("hip-circular-massage", "hip-kneading", "hip-deep-tissue")
    ratings = (("hip-circular-massage", 4), ("hip-deep-tissue", 3))
    sessions = [
        session(TODAY - timedelta(k), 6, 3, techniques=ratings, played=played) for k in range(3)
    ]
    ins = build(sessions=sessions)
    changes = ins.techniques
    assert [(c.key, c.basis) for c in changes] == [
        ("hip-circular-massage", "previous"),
        ("hip-deep-tissue", "start"),
    ]
    deep = changes[1]
    assert (deep.mean_before, deep.mean) == (6.0, -3.0)
    text = change_text(deep, change_label(deep, {}))
    assert text.startswith("hip-deep-tissue, since the start of the session: pain 6.0")
    rows = insights_json(ins)["techniques"]
    assert [r["from"] for r in rows] == ["rating_before_technique", "session_start"]
    three = [session(TODAY - timedelta(k), 5, 3) for k in range(3)]
    assert insights_json(build(sessions=three))["routines"][0]["from"] is None


def test_before_after_footnote_names_regression_to_the_mean() -> None:
    assert "regression to the mean" in change_footnote()
    assert "expecting a session to help" in change_footnote()
    assert "rating just before it" not in change_footnote()
    assert "since the start of the session" in change_footnote(techniques=True)


# -- SPADI ---------------------------------------------------------------------------------


def spadi_entry(day: date, value: int, n: int = 0) -> SpadiEntry:
    return SpadiEntry(_id(n or random.getrandbits(64)), at(day), "UTC", (value,) * 13)


def test_spadi_band_and_mdc() -> None:
    trend = build(spadi=[spadi_entry(TODAY, 4), spadi_entry(TODAY - timedelta(30), 6)]).spadi
    assert [p.total for p in trend.points] == [60.0, 40.0]
    assert trend.baseline == 60.0 and trend.change == -20.0 and trend.beyond_mdc is True
    assert "larger than typical measurement error (about 13 points; some studies say 18)." in (
        spadi_text(trend)
    )
    assert trend.change_band == "beyond"
    small = build(spadi=[spadi_entry(TODAY, 5), spadi_entry(TODAY - timedelta(30), 6)]).spadi
    assert small.beyond_mdc is False and small.change_band == "within"
    assert (
        "within typical measurement error (about 13 points; some studies say 18), so it may not "
        "be a real change."
    ) in spadi_text(small)


def test_spadi_change_between_13_and_18_is_worded_as_uncertain() -> None:
    later = SpadiEntry(_id(5), at(TODAY), "UTC", (4,) * 9 + (6,) * 4)  # 60/130: 46.2
    first = spadi_entry(TODAY - timedelta(30), 6)  # 78/130: 60
    trend = build(spadi=[later, first]).spadi
    assert trend.change is not None and 13 <= abs(trend.change) < 18
    assert trend.change_band == "uncertain" and trend.beyond_mdc is True
    words = spadi_text(trend)
    assert "uncertain whether the questionnaire shows a real change" in words
    assert "larger than typical measurement error (about 13 points; some studies say 18) by " in (
        words
    )


def test_spadi_with_too_many_missing_items_is_left_out() -> None:
    answers = (None, None, None, 5, 5, *(5,) * 8)
    entry = SpadiEntry(_id(9), at(TODAY), "UTC", answers)
    assert build(spadi=[entry]).spadi.points == ()


# -- adherence -----------------------------------------------------------------------------


def test_adherence_counts_days_not_sessions() -> None:
    sessions = [session(TODAY, None, None), session(TODAY, None, None)]
    sessions += [session(TODAY - timedelta(k), None, None) for k in (3, 13, 14)]
    ins = build(sessions=sessions, checkins=[checkin(TODAY - timedelta(k), 3) for k in range(5)])
    assert (ins.recent.days, ins.recent.session_days, ins.recent.sessions) == (14, 3, 4)
    assert ins.recent.checkin_days == 5
    assert ins.window.session_days == 4 and ins.window.minutes == pytest.approx(75.0)


def test_adherence_window_starts_at_since_when_that_is_later() -> None:
    older = [checkin(TODAY - timedelta(20), 3)]
    ins = build(checkins=older, sessions=[session(TODAY, None, None)], since=TODAY - timedelta(4))
    assert ins.recent.days == 5 and ins.recent.session_days == 1


def test_adherence_counts_from_the_first_record_for_a_new_user() -> None:
    """Found by a first-time user: one day of use read as "sessions on 1 of 30 days"."""
    ins = build(sessions=[session(TODAY - timedelta(1), None, None)], checkins=[checkin(TODAY, 4)])
    assert (ins.recent.days, ins.recent.session_days, ins.recent.checkin_days) == (2, 1, 1)
    assert ins.window.days == 2
    assert build().recent.days == 1  # nothing recorded: today only


# -- the two-week rule ---------------------------------------------------------------------


def series(values: dict[int, int]) -> list[CheckIn]:
    """Check-ins by 'days ago'."""
    return [checkin(TODAY - timedelta(k), v) for k, v in values.items()]


@pytest.mark.parametrize(
    ("recent", "earlier", "kind"),
    [
        (4, 4, "not_improved"),
        (5, 4, "worse"),
        (3, 4, "improved"),  # exactly 1 point lower counts as improved
        (0, 4, "little_pain"),
        (9, 2, "worse"),
    ],
)
def test_two_week_rule(recent: int, earlier: int, kind: str) -> None:
    values = {k: recent for k in range(7)} | {k: earlier for k in range(14, 21)}
    check = build(checkins=series(values)).clinician
    assert check.kind == kind
    assert check.due == (kind in ("worse", "not_improved"))


def test_two_week_rule_with_a_fractional_change() -> None:
    values = {k: 4 for k in range(7)} | {k: 5 for k in range(14, 21)}
    values[20] = 6  # earlier mean 5.14: the drop is 1.14 points
    assert build(checkins=series(values)).clinician.kind == "improved"
    values[20] = 4  # earlier mean 4.86: the drop is 0.86 points
    assert build(checkins=series(values)).clinician.kind == "not_improved"


def test_two_week_rule_needs_four_days_in_each_week() -> None:
    values = {k: 6 for k in range(7)} | {k: 2 for k in (14, 16, 18)}
    check = build(checkins=series(values)).clinician
    assert check.kind == "not_enough_data" and not check.due
    assert "Not enough days yet" in clinician_text(check)


def test_two_week_rule_uses_data_before_since() -> None:
    values = {k: 6 for k in range(7)} | {k: 6 for k in range(14, 21)}
    check = build(checkins=series(values), since=TODAY - timedelta(3)).clinician
    assert check.kind == "not_improved"
    assert "has not improved" in clinician_text(check)


def test_two_week_rule_asks_more_of_a_fall_when_pain_varies_more() -> None:
    steady = {k: 3 for k in range(7)} | {k: 5 for k in range(14, 21)}
    check = build(checkins=series(steady)).clinician
    assert (check.kind, check.needed) == ("improved", 1.0)
    # the same two means (3 against 5) from days that swing by 2 points either way
    swinging = {k: (1, 5)[k % 2] for k in range(6)} | {6: 3}
    swinging |= {k: (3, 7)[k % 2] for k in range(14, 20)} | {20: 5}
    check = build(checkins=series(swinging)).clinician
    assert (check.recent_mean, check.earlier_mean) == (3.0, 5.0)
    assert check.needed is not None and check.needed > 2.0
    assert check.kind == "not_improved" and check.due
    assert "has not clearly improved" in clinician_text(check)
    assert insights_json(build(checkins=series(swinging)))["clinician"]["improvement_needed"] > 2.0


def test_two_week_prompt_gives_tier_d_advice() -> None:
    for check in (
        ClinicianCheck("worse", 5.0, 3.0, 7, 7),
        ClinicianCheck("not_improved", 4.0, 4.0, 7, 7),
    ):
        text = clinician_text(check)
        assert "routine appointment with a GP or physiotherapist" in text
        assert "not urgent, and your sessions can go on" in text
        assert "please see" not in text


def test_two_week_prompt_does_not_call_a_small_fall_no_change() -> None:
    text = clinician_text(ClinicianCheck("not_improved", 1.2, 2.1, 7, 7))
    assert "has not clearly improved" in text and "has not improved" not in text
    assert "two weeks earlier 2.1, last 7 days 1.2 out of 10" in text
    assert "can come from ordinary day-to-day ups and downs" in text
    # a fall hidden by rounding to one decimal is not called a fall
    same = clinician_text(ClinicianCheck("not_improved", 2.12, 2.14, 7, 7))
    assert "has not improved" in same and "ups and downs" not in same


# -- habits --------------------------------------------------------------------------------


def test_habits_need_fourteen_days_with_and_without() -> None:
    checkins = [checkin(TODAY - timedelta(k), 4, water=k % 2 == 0) for k in range(28)]
    ins = build(checkins=checkins)
    water = next(h for h in ins.habits if h.habit == "water")
    # 27 days have a next day inside the window; 13 of them had water, 14 did not
    assert (water.n_with, water.n_without, water.shown) == (13, 14, False)
    assert "shown once each has 14 days" in habit_text(water)
    assert all(not h.shown for h in ins.habits)  # the other habits were never ticked


def test_a_habit_not_answered_is_neither_with_nor_without() -> None:
    # 40 days: water said yes on even days, no on the first ten odd days, not answered after.
    checkins = []
    for k in range(40):
        water = True if k % 2 == 0 else (False if k < 20 else None)
        checkins.append(checkin(TODAY - timedelta(k), 4, water=water))  # type: ignore[arg-type]
    ins = build(checkins=checkins)
    water = next(h for h in ins.habits if h.habit == "water")
    # 39 days have a next day inside the window: 19 yes (k = 2 … 38), 10 no (k = 1 … 19)
    assert (water.n_with, water.n_without) == (19, 10)
    others = [h for h in ins.habits if h.habit != "water"]
    assert all((h.n_with, h.n_without) == (0, 0) for h in others)  # never answered


def test_habit_difference_is_next_day_pain() -> None:
    rng = random.Random(4)
    checkins = []
    for k in range(60):
        day = TODAY - timedelta(k)
        yesterday_stretched = (k + 1) % 3 == 0
        pain = 3 if yesterday_stretched else 5
        checkins.append(checkin(day, pain + rng.choice((0, 1)), stretching=k % 3 == 0))
    link = next(h for h in build(checkins=checkins).habits if h.habit == "stretching")
    assert link.shown and link.result is not None
    assert link.result.difference == pytest.approx(-2.0, abs=0.4)
    assert link.result.low < link.result.difference < link.result.high
    assert "next-day pain" in habit_text(link)


def test_ar1_quadratic_matches_the_double_sum() -> None:
    days = [0, 1, 2, 5, 6, 9]
    w = [0.5, -0.25, 0.5, -0.25, -0.25, -0.25]
    rho = 0.6
    brute = sum(w[i] * w[j] * rho ** abs(days[i] - days[j]) for i in range(6) for j in range(6))
    assert ar1_quadratic(days, w, rho) == pytest.approx(brute)


def test_ar1_difference_with_a_negative_estimate_uses_the_cautious_floor() -> None:
    """A negative lag-1 estimate becomes 0 plus one SE (1/√39 for 39 consecutive pairs)."""
    days = list(range(40))
    flags = [d % 2 == 0 for d in days]
    values = [float((d * 7) % 5) for d in days]  # residual lag-1 correlation is negative here
    result = ar1_difference(days, values, flags)
    assert result is not None and result.rho == pytest.approx(1 / math.sqrt(39))


def test_residual_dof_is_n_minus_2_without_correlation_and_matches_dense_algebra() -> None:
    import numpy as np

    from unknot.core.insights.stats import _residual_dof

    t = [0, 1, 2, 4, 5, 6, 9, 10, 11, 12]
    f = [True, True, False, False, True, False, True, True, False, False]
    assert _residual_dof(t, f, sum(f), 0.0) == pytest.approx(len(t) - 2)
    rho = 0.6
    x = np.column_stack([np.ones(len(t)), np.array(f, dtype=float)])
    r = rho ** np.abs(np.subtract.outer(t, t))
    m = np.eye(len(t)) - x @ np.linalg.solve(x.T @ x, x.T)
    assert _residual_dof(t, f, sum(f), rho) == pytest.approx(float(np.trace(m @ r)), rel=1e-12)


def test_ar1_interval_covers_the_truth_with_autocorrelated_days() -> None:
    """AR(1) pain (rho 0.7) with habits in runs and no true effect: the interval should cover
    0 about 95 % of the time (a naive interval covers it far less often)."""
    rng = random.Random(11)
    covered = 0
    trials = 300
    for _ in range(trials):
        y, e, flag, flags = [], 0.0, False, []
        for _d in range(120):
            e = 0.7 * e + rng.gauss(0, 1)
            y.append(e)
            if rng.random() < 0.15:
                flag = not flag
            flags.append(flag)
        result = ar1_difference(list(range(120)), y, flags)
        if result is not None and result.low <= 0 <= result.high:
            covered += 1
    assert covered / trials > 0.88


def test_mean_interval_needs_two_values() -> None:
    with pytest.raises(ValueError):
        mean_interval([1.0])


def test_number_format_uses_a_true_minus() -> None:
    assert num(-1.25) == "−1.2" and num(0.04) == "0.0" and num(-0.04) == "0.0"


def test_json_is_plain_data() -> None:
    import json

    ins = build(checkins=series({k: 4 for k in range(21)}), sessions=[session(TODAY, 5, 3)])
    document = json.loads(json.dumps(insights_json(ins)))
    assert document["clinician"]["see_clinician"] is True
    assert document["routines"][0] == {
        "id": "hip-full",
        "n": 1,
        "days": 1,
        "shown": False,
        "mean_before": None,
        "mean_after": None,
        "mean_change": None,
        "ci95": None,
        "size": None,
        "direction": None,
        "from": None,
    }
    assert len(document["habits"]) == 4


# -- properties ----------------------------------------------------------------------------

DAY_OFFSETS = st.integers(min_value=0, max_value=40)
PAIN = st.integers(min_value=0, max_value=10)


@st.composite
def journals(draw: st.DrawFn) -> tuple[list[PainEntry], list[CheckIn], list[SessionEntry]]:
    counter = iter(range(1, 10_000))
    pain = [
        PainEntry(
            _id(next(counter)),
            draw(PAIN),
            at(TODAY - timedelta(draw(DAY_OFFSETS)), draw(st.integers(0, 23))),
            "UTC",
            draw(st.sampled_from(("log", "before", "after", "technique"))),
        )
        for _ in range(draw(st.integers(0, 30)))
    ]
    days = draw(st.lists(DAY_OFFSETS, unique=True, max_size=40))
    checkins = [
        CheckIn(
            _id(next(counter)),
            TODAY - timedelta(k),
            at(TODAY - timedelta(k), 21),
            "UTC",
            draw(PAIN),
            draw(PAIN),
            posture_breaks=draw(st.booleans()),
            water=draw(st.booleans()),
        )
        for k in days
    ]
    sessions = [
        SessionEntry(
            _id(next(counter)),
            draw(st.sampled_from(("hip-full", "shoulder"))),
            at(TODAY - timedelta(draw(DAY_OFFSETS)), 18),
            "UTC",
            "finished",
            900,
            draw(st.floats(0, 1200)),
            draw(st.none() | PAIN),
            draw(st.none() | PAIN),
            tuple((t, draw(PAIN)) for t in draw(st.lists(st.sampled_from(("a", "b")), max_size=3))),
        )
        for _ in range(draw(st.integers(0, 25)))
    ]
    return pain, checkins, sessions


@settings(max_examples=60, deadline=None)
@given(journals(), st.randoms(use_true_random=False))
def test_order_of_records_does_not_matter(data, rnd) -> None:  # type: ignore[no-untyped-def]
    pain, checkins, sessions = data
    first = build(pain, checkins, (), sessions, since=TODAY - timedelta(30))
    for items in (pain, checkins, sessions):
        rnd.shuffle(items)
    second = build(pain, checkins, (), sessions, since=TODAY - timedelta(30))
    assert first == second


@settings(max_examples=60, deadline=None)
@given(journals())
def test_nothing_is_reported_from_too_little_data(data) -> None:  # type: ignore[no-untyped-def]
    pain, checkins, sessions = data
    ins = build(pain, checkins, (), sessions, since=TODAY - timedelta(40))
    for change in (*ins.routines, *ins.techniques):
        assert change.shown == (change.days >= 3) and change.days <= change.n
        if not change.shown:
            assert change.mean is None and change.low is None
    for habit in ins.habits:
        if habit.shown:
            assert habit.n_with >= 14 and habit.n_without >= 14
        else:
            assert habit.result is None
    check = ins.clinician
    if check.recent_days < 4 or check.earlier_days < 4:
        assert check.kind == "not_enough_data" and not check.due


@settings(max_examples=60, deadline=None)
@given(journals())
def test_adherence_and_change_match_brute_force(data) -> None:  # type: ignore[no-untyped-def]
    pain, checkins, sessions = data
    since = TODAY - timedelta(40)
    ins = build(pain, checkins, (), sessions, since=since)
    last14 = {TODAY - timedelta(k) for k in range(14)}
    session_days = {s.started_at.date() for s in sessions}
    assert ins.recent.session_days == len(session_days & last14)
    assert ins.recent.checkin_days == len({c.day for c in checkins} & last14)
    assert ins.recent.sessions == sum(1 for s in sessions if s.started_at.date() in last14)
    for change in ins.routines:
        pairs = [
            (s.pain_before, s.pain_after)
            for s in sessions
            if s.routine_id == change.key and s.pain_before is not None and s.pain_after is not None
        ]
        assert change.n == len(pairs)
        if change.shown:
            diffs = [a - b for b, a in pairs]
            assert change.mean == pytest.approx(sum(diffs) / len(diffs))
            assert change.low is not None and change.high is not None
            assert change.low <= change.mean <= change.high


@pytest.mark.parametrize("df", [1.0, 1.5, 2.0, 3.7, 10.0, 29.0, 250.0, 10_000.0])
def test_t_quantile_matches_scipy(df: float) -> None:
    from scipy import stats

    from unknot.core.insights.stats import t_cdf, t_quantile

    assert t_quantile(df) == pytest.approx(stats.t.ppf(0.975, df), rel=1e-9)
    assert t_quantile(df, 0.9) == pytest.approx(stats.t.ppf(0.95, df), rel=1e-9)
    assert t_cdf(-1.3, df) == pytest.approx(stats.t.cdf(-1.3, df), rel=1e-9)


def test_habit_with_gappy_days_is_not_shown_and_says_why() -> None:
    # check-ins every other day, a rating on the days between: each check-in day has its next
    # day's pain, but no two such days are back to back, so carry-over cannot be estimated
    even = [TODAY - timedelta(k) for k in range(2, 84, 2)]
    checkins = [checkin(d, 4, water=(d.toordinal() // 2) % 2 == 0) for d in even]
    ins = build(checkins=checkins, pain=[rating(d + timedelta(1), 4) for d in even])
    water = next(h for h in ins.habits if h.habit == "water")
    assert min(water.n_with, water.n_without) >= 14 and not water.shown
    assert "too few back-to-back days" in habit_text(water)


def test_insights_core_loads_no_storage_framework_or_maths_library() -> None:
    import subprocess
    import sys

    probe = (
        "import unknot.core.insights.build, unknot.core.insights.text, sys\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout
    loaded = set(out.split())
    assert not loaded & {"sqlalchemy", "rich", "typer", "numpy", "scipy", "matplotlib", "fpdf"}
