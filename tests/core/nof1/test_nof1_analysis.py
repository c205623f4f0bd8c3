"""analyze(): invariants (Hypothesis), degenerate trials, and the plain-language report."""

from __future__ import annotations

import dataclasses
import json
import random
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unknot.core.nof1.analysis import analyze
from unknot.core.nof1.bayes import Prior, information_factor, kept_share, posterior
from unknot.core.nof1.data import DailyTrial, Day, daily_trial, observed_series, pair_differences
from unknot.core.trial_text import chance
from unknot.errors import ValidationError


def make_trial(
    orders: str, outcomes: list[float | None], period: int = 7, adherent: list[bool] | None = None
) -> DailyTrial:
    """orders like "AB BA" (one word per pair); outcomes day by day."""
    arms = [arm for pair in orders.split() for arm in pair for _ in range(period)]
    days = [
        Day(i + 1, arm, outcomes[i], i // (2 * period) + 1, adherent[i] if adherent else None)
        for i, arm in enumerate(arms)
    ]
    return daily_trial(days)


@st.composite
def trials(draw: st.DrawFn) -> DailyTrial:
    pairs = draw(st.integers(2, 4))
    period = draw(st.integers(2, 6))
    orders = " ".join(draw(st.sampled_from(["AB", "BA"])) for _ in range(pairs))
    n = 2 * pairs * period
    values = st.one_of(st.none(), st.integers(0, 100).map(lambda v: v / 10))
    outcomes = draw(st.lists(values, min_size=n, max_size=n))
    outcomes[0] = outcomes[0] if outcomes[0] is not None else 5.0
    for i in range(period, n, period):  # at least one rating per period
        outcomes[i] = outcomes[i] if outcomes[i] is not None else 4.0
    if len({o for o in outcomes if o is not None}) < 2:
        outcomes[1] = 9.0
    return make_trial(orders, outcomes, period)


def swapped(trial: DailyTrial) -> DailyTrial:
    flip = {"A": "B", "B": "A"}
    return DailyTrial(tuple(dataclasses.replace(d, arm=flip[d.arm]) for d in trial.days))


def shifted(trial: DailyTrial, c: float) -> DailyTrial:
    return DailyTrial(
        tuple(
            dataclasses.replace(d, outcome=None if d.outcome is None else d.outcome + c)
            for d in trial.days
        )
    )


@settings(max_examples=25, deadline=None)
@given(trials())
def test_swapping_arm_labels_flips_delta_exactly(trial: DailyTrial) -> None:
    first, second = analyze(trial), analyze(swapped(trial))
    for m1, m2 in zip(first.methods, second.methods, strict=True):
        if m1.estimate is not None and m2.estimate is not None:
            assert m2.estimate.estimate == pytest.approx(-m1.estimate.estimate, abs=1e-7)
    one, two = first.primary, second.primary
    assert one is not None and two is not None
    assert two.median == pytest.approx(-one.median, abs=1e-8)
    assert (two.ci_low, two.ci_high) == pytest.approx((-one.ci_high, -one.ci_low), abs=1e-8)
    assert two.p_a_better == pytest.approx(one.p_b_better, abs=1e-10)


@settings(max_examples=25, deadline=None)
@given(trials(), st.floats(-50, 50))
def test_adding_a_constant_changes_no_result(trial: DailyTrial, c: float) -> None:
    one, two = analyze(trial).to_dict(), analyze(shifted(trial, c)).to_dict()
    for part in ("primary", "methods", "sensitivity", "decision"):
        assert _close(one[part], two[part]), part


def _close(a: object, b: object, key: str = "") -> bool:
    if isinstance(a, float) and isinstance(b, float):
        # ρ̂ of the ML regression sits where the profile likelihood can be flat to 1e-8, so
        # rounding moves it a little; every other number must agree to rounding error.
        atol = 1e-3 if key == "rho" else 1e-7
        return bool(np.isclose(a, b, rtol=1e-6, atol=atol))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k], k) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y, key) for x, y in zip(a, b, strict=True))
    if isinstance(a, str) and isinstance(b, str) and key == "reason":
        # A reason may quote a rating ("every rating was 6.3"): shifted, it quotes the shifted
        # one. The words around the number must not change.
        return _NUMBER.sub("#", a) == _NUMBER.sub("#", b)
    return a == b


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@settings(max_examples=15, deadline=None)
@given(trials(), st.randoms())
def test_row_order_does_not_matter(trial: DailyTrial, rnd: random.Random) -> None:
    rows = list(trial.days)
    rnd.shuffle(rows)
    assert analyze(daily_trial(rows)).to_json() == analyze(trial).to_json()


@settings(max_examples=25, deadline=None)
@given(trials(), st.data())
def test_more_missing_days_never_narrows_the_interval(
    trial: DailyTrial, data: st.DataObject
) -> None:
    """At every ρ, dropping rated days never shrinks the posterior variance per unit σ².

    (With σ unknown the printed interval can legitimately narrow when the dropped day was an
    outlier, which lowers the estimated noise; the information about δ itself never grows.)
    """
    rated = [i for i, d in enumerate(trial.days) if d.outcome is not None]
    drop = set(data.draw(st.lists(st.sampled_from(rated), max_size=len(rated) // 2)))
    keep = [i not in drop for i in range(len(trial.days))]
    full, fewer = observed_series(trial), observed_series(trial, keep)
    assert np.all(information_factor(fewer) >= information_factor(full) * (1 - 1e-9))


def test_more_missing_days_widen_the_interval_when_outcomes_fit_the_model() -> None:
    outcomes: list[float | None] = [4.0 if (i // 7) % 2 == 0 else 6.0 for i in range(28)]
    noise = [0.3, -0.2, 0.1, -0.4, 0.2, 0.0, -0.1] * 4
    full = make_trial("AB AB", [o + e for o, e in zip(outcomes, noise, strict=True)])
    holes = make_trial(
        "AB AB",
        [
            None if i in (3, 10, 20) else o + e
            for i, (o, e) in enumerate(zip(outcomes, noise, strict=True))
        ],
    )
    a, b = analyze(full).primary, analyze(holes).primary
    assert a is not None and b is not None
    assert b.ci_high - b.ci_low >= a.ci_high - a.ci_low


def _noisy(pairs: int, effect: float = -2.0, seed: int = 0) -> list[float | None]:
    rng = np.random.default_rng(seed)
    base = [5.0 + (effect / 2 if (i // 7) % 2 == 0 else -effect / 2) for i in range(14 * pairs)]
    return [float(round(b + rng.normal(0, 1), 1)) for b in base]


def test_clear_benefit_of_a_over_four_pairs_concludes_a_better() -> None:
    result = analyze(make_trial("AB AB AB AB", _noisy(4, effect=-3.0)))
    assert result.decision == "A better"
    assert result.primary is not None and result.primary.median < -2
    json.loads(result.to_json())


def test_higher_is_better_flips_better_but_not_delta() -> None:
    trial = make_trial("AB AB AB AB", _noisy(4, effect=-3.0))
    low, high = analyze(trial), analyze(trial, higher_is_better=True)
    assert low.primary is not None and high.primary is not None
    assert high.primary.median == low.primary.median
    assert high.decision == "B better"
    assert high.primary.at_mcid[1].bins[0].probability == pytest.approx(
        low.primary.at_mcid[1].bins[6].probability
    )


@pytest.mark.parametrize(
    ("orders", "outcomes"),
    [
        ("AB AB", _noisy(2)),
        ("AB BA AB", _noisy(3)),
        ("AB BA", [3.0] * 28),
        ("AB BA AB", [None] * 7 + _noisy(3)[7:]),
        ("AB", [2.0] + [None] * 13),
        ("AB BA", [None] * 28),
    ],
    ids=["2-pairs", "3-pairs", "all-equal", "missing-period", "one-day", "no-ratings"],
)
def test_degenerate_trials_give_statements_not_crashes(
    orders: str, outcomes: list[float | None]
) -> None:
    result = analyze(make_trial(orders, outcomes))
    text = result.to_json()
    assert "NaN" not in text and "Infinity" not in text
    assert result.summary and result.limitations
    assert result.decision in ("A better", "B better", "can't tell yet")
    for method in result.to_dict()["methods"]:
        assert method["available"] or method["reason"]


def test_two_pairs_say_how_little_they_can_show() -> None:
    result = analyze(make_trial("AB AB", _noisy(2)))
    words = " ".join(result.limitations)
    assert "1 degree of freedom" in words and "never reach 0.05" in words
    assert "Not blinded" in words and "borrowed" in words


def test_missing_whole_period_is_left_out_of_pair_tests() -> None:
    result = analyze(make_trial("AB BA AB", [None] * 7 + _noisy(3)[7:]))
    assert result.data["pairs_incomplete"] == [1]
    assert result.data["pairs_complete"] == 2


def test_per_protocol_sensitivity_only_with_adherence() -> None:
    outcomes = _noisy(3)
    adherent = [i % 5 != 0 for i in range(42)]
    with_adh = analyze(make_trial("AB BA AB", outcomes, adherent=adherent))
    without = analyze(make_trial("AB BA AB", outcomes))
    names = [s.name for s in with_adh.sensitivity]
    assert "per_protocol" in names and "per_protocol" not in [s.name for s in without.sensitivity]
    per = next(s for s in with_adh.sensitivity if s.name == "per_protocol")
    assert per.bayes is not None and per.bayes.n_days == sum(adherent)


def test_carryover_sensitivity_drops_the_first_day_after_each_switch() -> None:
    result = analyze(make_trial("AB BA AB", _noisy(3)))
    carry = next(s for s in result.sensitivity if s.name == "carryover")
    assert carry.bayes is not None and carry.bayes.n_days == 42 - 3  # A|BB|AA|B: 3 switches


def test_carryover_drops_two_days_when_periods_are_14_days() -> None:
    result = analyze(make_trial("AB AB", [float(i % 3) for i in range(56)], period=14))
    assert result.data["carryover_days_flagged"] == 3 * 2


def test_carryover_counts_period_length_not_run_length() -> None:
    """In ABBA with 7-day periods the middle BB run is 14 days but each period has 7."""
    result = analyze(make_trial("AB BA", [float(i % 3) for i in range(28)]))
    assert result.data["carryover_days_flagged"] == 2


def test_bins_sum_to_one_and_match_the_tail_probabilities() -> None:
    result = analyze(make_trial("AB BA AB", _noisy(3)), mcid=1.5)
    assert result.primary is not None
    assert [m.mcid for m in result.primary.at_mcid] == [1.0, 1.5, 2.0]
    for m in result.primary.at_mcid:
        assert sum(b.probability for b in m.bins) == pytest.approx(1.0)
        assert sum(b.probability for b in m.bins[:3]) <= result.primary.p_a_better + 1e-12


def test_pair_difference_input_runs_only_pair_methods() -> None:
    result = analyze(pair_differences([1, 2, 3, 4], [-1.0, -2.0, -0.5, -1.5]))
    assert result.primary is None and result.decision == "can't tell yet"
    assert [m.name for m in result.methods] == ["paired_t", "serial_t", "randomisation"]
    assert "daily ratings" in result.summary[-1]


@pytest.mark.parametrize("kwargs", [{"mcid": 0.0}, {"design": "crossover"}, {"threshold": 1.2}])
def test_bad_settings_are_validation_errors(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        analyze(make_trial("AB AB", _noisy(2)), **kwargs)  # type: ignore[arg-type]


def test_duplicate_days_and_bad_arms_are_listed_by_day() -> None:
    with pytest.raises(ValidationError) as info:
        daily_trial([Day(1, "A", 2.0, 1), Day(1, "B", 3.0, 1), Day(2, "C", 1.0, 1)])
    rendered = [p.render() for p in info.value.problems]
    assert any("day 2" in r and "arm" in r for r in rendered)
    assert any("day 1" in r and "more than once" in r for r in rendered)


def test_all_equal_ratings_say_the_ratings_did_not_vary() -> None:
    result = analyze(make_trial("AB BA", [3.0] * 28))
    assert (
        "The Bayesian analysis is not estimable: every rating was 3, so the ratings did not vary "
        "and cannot show a difference between the routines (a finer rating, or another outcome, "
        "might)."
    ) in result.summary
    assert result.decision == "can't tell yet"
    assert "too noisy" not in " ".join(result.summary)


def test_ratings_outside_0_to_10_add_a_limitation() -> None:
    outside = analyze(make_trial("AB BA AB", [None if v is None else v + 6.0 for v in _noisy(3)]))
    inside = analyze(make_trial("AB BA AB", _noisy(3)))
    low, high = outside.data["outcome_min"], outside.data["outcome_max"]
    assert high > 10
    line = (
        f"Your ratings run from {low:g} to {high:g}, outside the 0–10 scale that the default "
        "MCID of 2 points assumes (the results are also shown at 1 point). On another scale, "
        "set --mcid in that scale's units; the Bayesian analysis itself does not depend on the "
        "scale."
    )
    assert line in outside.limitations and line in json.loads(outside.to_json())["limitations"]
    assert not any("outside the 0–10" in x for x in inside.limitations)


def test_prior_is_described_as_scaled_by_the_innovation_sd() -> None:
    result = analyze(make_trial("AB BA AB", _noisy(3)))
    assert result.primary is not None
    line = next(x for x in result.limitations if x.startswith("The priors"))
    assert "innovation SD" in line and "pulls the estimate towards 0 a little more" in line
    assert "size of the day-to-day noise" not in line
    assert f"posterior mean of ρ is {result.primary.rho_mean:.2f}" in line


def test_ar1_regression_needs_two_rated_periods_under_each_arm() -> None:
    result = analyze(make_trial("AB", _noisy(1)))  # 14 rated days, but one period per arm
    gls = next(m for m in result.methods if m.name == "gls_ar1")
    assert gls.estimate is None
    assert gls.reason == (
        "not estimable: the AR(1) regression needs at least 2 periods with ratings under each "
        "arm (this trial has 1 under A and 1 under B)"
    )


def test_ar1_regression_needs_eight_rated_days() -> None:
    outcomes: list[float | None] = [None] * 28
    for i, v in zip((0, 7, 14, 21), (3.0, 4.0, 5.0, 6.0), strict=True):
        outcomes[i] = v
    gls = next(m for m in analyze(make_trial("AB AB", outcomes)).methods if m.name == "gls_ar1")
    assert gls.estimate is None and gls.reason is not None
    assert gls.reason.startswith("not estimable: 4 rated days are too few for this regression")


# -- the prior-sensitivity line (issue 16) ---------------------------------------------------


def test_prior_sensitivity_is_reported_beside_the_primary_result() -> None:
    result = analyze(make_trial("AB BA AB", _noisy(3)))
    prior = result.prior_sensitivity
    assert result.primary is not None and prior is not None and prior.bayes is not None
    assert prior.prior == {"delta_sd_over_sigma": 100.0, "sigma2_prior": "1/sigma^2 (scale-free)"}
    vague, first = prior.bayes, prior.words[0]
    assert first == (
        "With a vague prior instead (almost no prior view on the difference): median "
        f"{vague.median:.2f}, 95% interval {vague.ci_low:.2f} to {vague.ci_high:.2f}; chance A is "
        f"better {chance(vague.p_a_better)}; A better by at least 2 points: "
        f"{chance(vague.at_mcid[0].p_a_better_by_mcid)}."
    )
    assert (
        f"would be reported as a difference of about {2 * prior.kept_share:.2f} points"
        in (prior.words[1])
    )
    body = json.loads(result.to_json())["prior_sensitivity"]
    assert body["available"] and body["words"] == list(prior.words)
    assert body["mcid_reported_as"] == pytest.approx(2 * body["primary_keeps_share"])
    assert 0.9 < body["primary_keeps_share"] < 1.0
    assert abs(vague.median) >= abs(result.primary.median)  # the vague prior pulls less


def test_kept_share_is_the_exact_pull_of_the_prior_given_rho() -> None:
    """Given ρ the primary posterior mean is the flat-prior one times the reported share."""
    series = observed_series(make_trial("AB BA AB", _noisy(3)))
    for rho in (-0.3, 0.0, 0.6, 0.9):
        grid = np.array([rho])
        primary = posterior(series, rho=grid)
        flat = posterior(series, rho=grid, prior=Prior(g=1e8))
        share = kept_share(primary, series, trend=False)
        assert primary.mean() == pytest.approx(share * flat.mean(), rel=1e-9)


def test_no_prior_sensitivity_without_a_primary_result() -> None:
    result = analyze(make_trial("AB BA", [3.0] * 28))
    assert result.prior_sensitivity is None
    assert json.loads(result.to_json())["prior_sensitivity"]["available"] is False
