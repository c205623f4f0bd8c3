"""How a trial's ratings hang together over time: the residual autocorrelation (pure).

The report's figure and the report page both show it; it is computed here once.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import numpy as np

MAX_LAG = 10


def residual_acf(
    residual: Mapping[date, float], max_lag: int = MAX_LAG
) -> tuple[list[int], list[float], float]:
    """Lag-k autocorrelation of the residuals over calendar days, k = 1..``max_lag`` (at most a
    third of the rated days), from the pairs of rated days k apart; and the ±1.96/√n band of
    white noise. Fewer than 3 residuals: nothing (and a band of 0)."""
    if len(residual) < 3:
        return [], [], 0.0
    values = np.array(list(residual.values()))
    var = float(np.mean(values**2))
    lags, acf = [], []
    for k in range(1, min(max_lag, len(residual) // 3) + 1):
        pairs = [
            (v, residual[d + timedelta(k)])
            for d, v in residual.items()
            if d + timedelta(k) in residual
        ]
        if len(pairs) < 2 or var == 0:
            continue
        lags.append(k)
        acf.append(float(np.mean([a * b for a, b in pairs]) / var))
    return lags, acf, 1.96 / float(np.sqrt(len(residual)))
