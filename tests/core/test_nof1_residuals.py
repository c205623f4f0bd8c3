"""The residual autocorrelation, computed once in core for the figure and the report page."""

from __future__ import annotations

import math
from datetime import date, timedelta

from unknot.core.nof1.residuals import residual_acf


def test_alternating_residuals_correlate_minus_one_at_lag_one_and_plus_one_at_lag_two() -> None:
    first = date(2026, 3, 2)
    residual = {first + timedelta(i): (1.0 if i % 2 else -1.0) for i in range(12)}
    lags, acf, band = residual_acf(residual)
    assert lags == [1, 2, 3, 4]
    assert acf[0] == -1.0 and acf[1] == 1.0
    assert math.isclose(band, 1.96 / math.sqrt(12))


def test_a_gap_of_days_leaves_those_pairs_out_and_too_few_days_give_nothing() -> None:
    first = date(2026, 3, 2)
    residual = {first: 1.0, first + timedelta(1): 1.0, first + timedelta(5): -1.0}
    assert residual_acf(residual) == ([], [], 1.96 / math.sqrt(3))  # no lag has two pairs
    assert residual_acf({first: 1.0, first + timedelta(1): -1.0}) == ([], [], 0.0)
