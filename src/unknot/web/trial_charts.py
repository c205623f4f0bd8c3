"""The trial report's pictures as small server-drawn SVGs (themable, with a title and a
description for screen readers, and a table of the numbers beside them on the page):

* the daily series with the periods shaded by arm and each period's mean drawn across it;
* the residual autocorrelation by lag with the white-noise band;
* the 7-bin bar "for you, in this trial, compared with B".
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from markupsafe import Markup

from unknot.core.trial_report import TrialReport
from unknot.i18n import _
from unknot.web.charts import BOTTOM, LEFT, RIGHT, TOP, H, W, frame, svg_chart, y_at

BIN_CLASSES = ("a3", "a2", "a1", "eq", "b1", "b2", "b3")


def _xs(count: int) -> tuple[float, float]:
    """The x of the first day's centre and the width of one day."""
    step = (W - LEFT - RIGHT) / max(1, count)
    return LEFT + step / 2, step


def series_chart(report: TrialReport) -> Markup:
    """Every trial day's rating, periods shaded (A, B, run-in/baseline), period means."""
    days = report.days
    if not days:
        return Markup("")
    first_x, step = _xs(len(days))
    body = frame(10, (0, 5, 10), days[0].date.isoformat(), days[-1].date.isoformat())
    body += _shading(days, first_x, step)
    means = {p["period"]: p["mean"] for p in report.periods}
    for key, run in _runs(days):
        mean = means.get(key[1]) if key[0] == "period" else None
        if mean is None:
            continue
        x1, x2 = first_x + run[0] * step - step / 2, first_x + run[-1] * step + step / 2
        y = y_at(mean, 10)
        arm = days[run[0]].arm or ""
        body.append(
            f'<line class="pmean arm-{arm.lower()}" x1="{x1:.1f}" x2="{x2:.1f}" '
            f'y1="{y:.1f}" y2="{y:.1f}"/>'
        )
    for i, d in enumerate(days):
        if d.outcome is None:
            continue
        if d.carryover:
            body.append(
                f'<circle class="carry" cx="{first_x + i * step:.1f}" '
                f'cy="{y_at(d.outcome, 10):.1f}" r="6"/>'
            )
        arm = (d.arm or "lead").lower()
        body.append(
            f'<circle class="day arm-{arm}" cx="{first_x + i * step:.1f}" '
            f'cy="{y_at(d.outcome, 10):.1f}" r="3"/>'
        )
    rated = sum(d.outcome is not None for d in days)
    description = _(
        "Evening pain (0 to 10) on {n} trial days from {first} to {last}, {rated} of them rated; "
        "periods of A and B are shaded and each period's mean is drawn across it."
    ).format(
        n=len(days), first=days[0].date.isoformat(), last=days[-1].date.isoformat(), rated=rated
    )
    return svg_chart("tseries", _("Your trial day by day"), description, body)


def _runs(days: Sequence[Any]) -> list[tuple[tuple[str, int | None], list[int]]]:
    """Consecutive days of one segment: ((kind, period), [indexes])."""
    runs: list[tuple[tuple[str, int | None], list[int]]] = []
    for i, d in enumerate(days):
        key = (d.kind, d.period)
        if runs and runs[-1][0] == key:
            runs[-1][1].append(i)
        else:
            runs.append((key, [i]))
    return runs


def _shading(days: Sequence[Any], first_x: float, step: float) -> list[str]:
    parts = []
    for (kind, _period), run in _runs(days):
        arm = days[run[0]].arm
        css = f"arm-{arm.lower()}" if kind == "period" and arm else "lead"
        x = first_x + run[0] * step - step / 2
        width = step * len(run)
        parts.append(
            f'<rect class="shade {css}" x="{x:.1f}" y="{TOP}" width="{width:.1f}" '
            f'height="{H - TOP - BOTTOM}"/>'
        )
        label = arm if kind == "period" and arm else None  # run-in/baseline: the legend says
        if label and width >= 12:
            parts.append(
                f'<text class="plabel" x="{x + width / 2:.1f}" y="{TOP + 12}" '
                f'text-anchor="middle">{escape(str(label))}</text>'
            )
    return parts


def acf_chart(lags: Sequence[int], acf: Sequence[float], band: float) -> Markup:
    """Lag-k autocorrelation of the residuals with the ±1.96/√n band of white noise."""
    if not lags:
        return Markup("")
    mid = TOP + (H - TOP - BOTTOM) / 2
    half = (H - TOP - BOTTOM) / 2
    span = (W - LEFT - RIGHT) / len(lags)
    body = [
        f'<rect class="band" x="{LEFT}" y="{mid - band * half:.1f}" width="{W - LEFT - RIGHT}" '
        f'height="{2 * band * half:.1f}"/>',
        f'<line class="grid" x1="{LEFT}" x2="{W - RIGHT}" y1="{mid:.1f}" y2="{mid:.1f}"/>',
    ]
    for tick, y in ((1, TOP), (0, mid), (-1, TOP + 2 * half)):
        body.append(
            f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>'
        )
    for i, (lag, value) in enumerate(zip(lags, acf, strict=True)):
        x = LEFT + i * span + span * 0.2
        top = mid - max(value, 0) * half
        height = abs(value) * half
        body.append(
            f'<rect class="bar" x="{x:.1f}" y="{top:.1f}" width="{span * 0.6:.1f}" '
            f'height="{max(height, 0.5):.1f}"/>'
        )
        body.append(
            f'<text class="tick" x="{x + span * 0.3:.1f}" y="{H - 8}" '
            f'text-anchor="middle">{lag}</text>'
        )
    outside = [lag for lag, v in zip(lags, acf, strict=True) if abs(v) > band]
    description = _(
        "Autocorrelation of the ratings around their period means at lags 1 to {n} days; the "
        "shaded band (±{band:.2f}) is where pure day-to-day noise would usually fall."
    ).format(n=lags[-1], band=band)
    if outside:
        description += " " + _("Outside the band at lag(s) {lags}.").format(
            lags=", ".join(str(lag) for lag in outside)
        )
    return svg_chart(
        "tacf", _("How much one day's rating follows the day before"), description, body
    )


def bins_chart(at: dict[str, Any], ident: str) -> Markup:
    """The 7-bin bar as one stacked horizontal bar; the list of bins is printed beside it."""
    bins = at["bins"]
    width, height = W - 2, 36.0
    x = 1.0
    body = []
    for b, css in zip(bins, BIN_CLASSES, strict=False):
        w = width * b["p"]
        if w > 0:
            body.append(
                f'<rect class="bin {css}" x="{x:.2f}" y="2" width="{w:.2f}" height="{height}"/>'
            )
        x += w
    description = "; ".join(f"{b['label']}: {100 * b['p']:.1f}%" for b in bins)
    title = _("For you, in this trial, compared with B (MCID {m:g})").format(m=at["mcid"])
    head = (
        f'<svg class="chart bins" viewBox="0 0 {W} 40" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(description)}'
        "</desc>"
    )
    return Markup(head + "".join(body) + "</svg>")  # every value above is escaped
