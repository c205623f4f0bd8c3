"""The trial report's figure: the daily series with periods shaded and the period means, and the
residual autocorrelation (matplotlib with the Agg backend, imported only when drawn)."""

from __future__ import annotations

import io
from typing import Any

from unknot.core.trial_report import TrialReport, residual_acf
from unknot.i18n import _

ARM_COLOURS = {"A": "#2e7d32", "B": "#c0532b", None: "#9e9e9e"}


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
