"""Small SVG charts drawn on the server: light, themable (CSS colours), readable by screen
readers (a title, a description and a table of the numbers beside each chart)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

from unknot.core.insights.build import DayPain, SpadiTrend
from unknot.i18n import _

W, H = 360, 220
LEFT, RIGHT, TOP, BOTTOM = 26, 8, 10, 26


def _x(index: int, count: int) -> float:
    span = W - LEFT - RIGHT
    return LEFT + (span * index / max(1, count - 1))


def y_at(value: float, top: float) -> float:
    return TOP + (H - TOP - BOTTOM) * (1 - value / top)


def frame(top: float, ticks: Sequence[float], first: str, last: str) -> list[str]:
    parts = []
    for tick in ticks:
        y = y_at(tick, top)
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(
            f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{tick:g}</text>'
        )
    parts.append(f'<text class="tick" x="{LEFT}" y="{H - 8}">{escape(first)}</text>')
    parts.append(
        f'<text class="tick" x="{W - RIGHT}" y="{H - 8}" text-anchor="end">{escape(last)}</text>'
    )
    return parts


def svg_chart(ident: str, title: str, description: str, body: list[str]) -> Markup:
    head = (
        f'<svg class="chart" viewBox="0 0 {W} {H}" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(description)}'
        "</desc>"
    )
    return Markup(head + "".join(body) + "</svg>")  # every value above is escaped


def pain_chart(days: Sequence[DayPain]) -> Markup:
    """Daily average (dots), its 7-day mean (line), the worst (light marks), sessions (ticks)."""
    if not days:
        return Markup("")
    count = len(days)
    body = frame(10, (0, 5, 10), days[0].day.isoformat(), days[-1].day.isoformat())
    for i, day in enumerate(days):
        if day.worst is not None:
            body.append(
                f'<circle class="worst" cx="{_x(i, count):.1f}" '
                f'cy="{y_at(day.worst, 10):.1f}" r="2"/>'
            )
        if day.average is not None:
            body.append(
                f'<circle class="avg" cx="{_x(i, count):.1f}" '
                f'cy="{y_at(day.average, 10):.1f}" r="3"/>'
            )
        if day.sessions:
            body.append(
                f'<rect class="session" x="{_x(i, count) - 1:.1f}" y="{H - BOTTOM + 2}" '
                'width="2" height="6"/>'
            )
    line = " ".join(
        f"{_x(i, count):.1f},{y_at(d.rolling, 10):.1f}"
        for i, d in enumerate(days)
        if d.rolling is not None
    )
    if line:
        body.append(f'<polyline class="rolling" points="{line}"/>')
    latest = next((d.rolling for d in reversed(days) if d.rolling is not None), None)
    description = _("Shoulder pain each day from {first} to {last} on a 0 to 10 scale.").format(
        first=days[0].day.isoformat(), last=days[-1].day.isoformat()
    )
    if latest is not None:
        description += " " + _("The latest 7-day mean is {value:.1f}.").format(value=latest)
    return svg_chart("pain", _("Shoulder pain over time"), description, body)


def spadi_chart(trend: SpadiTrend) -> Markup:
    """SPADI totals with the band of change measurement error cannot explain (±MDC)."""
    points = trend.points
    if not points:
        return Markup("")
    count = len(points)
    body = frame(100, (0, 50, 100), points[0].day.isoformat(), points[-1].day.isoformat())
    if trend.baseline is not None:
        for width, css in ((trend.mdc_high, "band uncertain"), (trend.mdc, "band")):
            high = y_at(min(100.0, trend.baseline + width), 100)
            low = y_at(max(0.0, trend.baseline - width), 100)
            body.append(
                f'<rect class="{css}" x="{LEFT}" y="{high:.1f}" width="{W - LEFT - RIGHT}" '
                f'height="{low - high:.1f}"/>'
            )
    line = " ".join(f"{_x(i, count):.1f},{y_at(p.total, 100):.1f}" for i, p in enumerate(points))
    body.append(f'<polyline class="rolling" points="{line}"/>')
    body += [
        f'<circle class="avg" cx="{_x(i, count):.1f}" cy="{y_at(p.total, 100):.1f}" r="4"/>'
        for i, p in enumerate(points)
    ]
    description = _(
        "SPADI total (0 best, 100 worst) at {n} dates. The darker band is ±{mdc:g} points "
        "around the first score, typical measurement error (about {mdc:g} points; some studies "
        "say {high:g}); the lighter band reaches ±{high:g}: a change that ends there is "
        "uncertain."
    ).format(n=count, mdc=trend.mdc, high=trend.mdc_high)
    return svg_chart("spadi", _("SPADI over time"), description, body)
