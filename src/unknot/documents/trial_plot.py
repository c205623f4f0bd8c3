"""The trial report's figure: the daily series with periods shaded and the period means, and the
residual autocorrelation (matplotlib with the Agg backend, imported only when drawn)."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import numpy as np

from unknot.core.trial_report import TrialReport
from unknot.i18n import _

ARM_COLOURS = {"A": "#2e7d32", "B": "#c0532b", None: "#9e9e9e"}
MAX_LAG = 10


def residual_acf(report: TrialReport) -> tuple[list[int], list[float], float]:
    """Lag-k autocorrelation of (rating − its period's mean) over calendar days, k = 1..10,
    from the pairs of rated days k apart; and the ±1.96/√n band of white noise."""
    means = {p["period"]: p["mean"] for p in report.periods}
    residual = {
        d.date: d.outcome - means[d.period]
        for d in report.days
        if d.kind == "period" and d.outcome is not None and means.get(d.period) is not None
    }
    if len(residual) < 3:
        return [], [], 0.0
    values = np.array(list(residual.values()))
    var = float(np.mean(values**2))
    lags, acf = [], []
    for k in range(1, min(MAX_LAG, len(residual) // 3) + 1):
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


def make_figure(report: TrialReport) -> Any:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9.0, 5.6))
    top = fig.add_axes((0.08, 0.42, 0.9, 0.5))
    bottom = fig.add_axes((0.08, 0.08, 0.9, 0.22))
    _series(top, report)
    _acf(bottom, report)
    return fig


def _series(ax: Any, report: TrialReport) -> None:
    days = report.days
    ax.set_title(
        _("Daily pain: periods shaded, period means, fitted levels (dashed)"),
        loc="left",
        fontsize=10,
    )
    ax.set_ylim(-0.3, 10.3)
    ax.set_ylabel(_("average pain (0-10)"))
    if not days:
        ax.text(0.5, 0.5, _("No trial days yet."), ha="center", transform=ax.transAxes)
        return
    for p in (*report.lead, *report.periods):
        if not p["first_day"]:
            continue
        mine = [d.trial_day for d in days if d.date.isoformat() >= p["first_day"]
                and d.date.isoformat() <= p["last_day"]]  # fmt: skip
        lo, hi = min(mine) - 0.5, max(mine) + 0.5
        ax.axvspan(lo, hi, color=ARM_COLOURS[p["arm"]], alpha=0.12, lw=0)
        label = p["arm"] or p["kind"]
        ax.text((lo + hi) / 2, 9.8, label, ha="center", va="top", fontsize=8)
        if p["mean"] is not None:
            ax.plot([lo, hi], [p["mean"]] * 2, color=ARM_COLOURS[p["arm"]], lw=2)
    rated = [d for d in days if d.outcome is not None]
    ax.plot([d.trial_day for d in rated], [d.outcome for d in rated], "o-", color="#333333",
            ms=3, lw=0.8)  # fmt: skip
    carry = [d for d in rated if d.carryover]
    ax.plot([d.trial_day for d in carry], [d.outcome for d in carry], "o", mfc="none",
            mec="#1565c0", ms=7, label=_("carry-over day"))  # fmt: skip
    _fitted(ax, report)
    ax.set_xlabel(_("trial day"))
    ax.legend(loc="lower right", fontsize=8, frameon=False)


def _fitted(ax: Any, report: TrialReport) -> None:
    """The model's fitted levels m ± δ/2 (δ the posterior median; m from the rated days)."""
    primary = report.analysis.primary if report.analysis else None
    rated = [d for d in report.days if d.kind == "period" and d.outcome is not None]
    if primary is None or not rated:
        return
    x = [1.0 if d.arm == "A" else -1.0 for d in rated]
    level = sum(d.outcome or 0.0 for d in rated) / len(rated) - primary.median / 2 * sum(x) / len(x)
    first, last = rated[0].trial_day - 0.5, rated[-1].trial_day + 0.5
    for arm, sign in (("A", 1.0), ("B", -1.0)):
        label = _("fitted level under {arm}").format(arm=arm)
        height = level + sign * primary.median / 2
        ax.plot([first, last], [height] * 2, ls="--", lw=1, color=ARM_COLOURS[arm], label=label)


def _acf(ax: Any, report: TrialReport) -> None:
    lags, acf, band = residual_acf(report)
    ax.set_title(_("Residual autocorrelation (rating − period mean)"), loc="left", fontsize=10)
    if not lags:
        ax.text(0.5, 0.5, _("Too few rated days."), ha="center", transform=ax.transAxes)
        return
    ax.bar(lags, acf, color="#555555", width=0.5)
    ax.axhline(0, color="black", lw=0.6)
    for y in (band, -band):
        ax.axhline(y, color="#1565c0", lw=0.8, ls="--")
    ax.set_ylim(-1, 1)
    ax.set_xlabel(_("lag (days)"))


def figure_bytes(report: TrialReport, fmt: str = "png", dpi: int = 130) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    fig = make_figure(report)
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=dpi)
    return buffer.getvalue()
