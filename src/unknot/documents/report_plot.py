"""The report figure (PNG or SVG, and the picture in the PDF), drawn with matplotlib (Agg).

Panels: daily pain (dots: daily average; line: 7-day mean; light dashes: worst; ticks:
session days), SPADI with the band of the first score +/- 13 when there is a SPADI, and the
before -> after change per routine and technique with 95 % intervals when any has n >= 3.
Colours are from the Okabe-Ito palette, which stays distinct with the common colour-vision
deficiencies (Okabe & Ito 2008, "Color Universal Design"). Plotted artists carry SVG ids
(``daily-average``, ``rolling-mean``, ``worst``, ``sessions``, ``spadi``, ``changes``), so a
test can count what was drawn.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from unknot import files
from unknot.core.insights import text as words
from unknot.core.insights.build import Change, Insights, meaningful_threshold
from unknot.i18n import _

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

BLUE = "#0072B2"
VERMILLION = "#D55E00"
GREEN = "#009E73"
PURPLE = "#CC79A7"
GREY = "#999999"
INK = "#222222"

STYLE: dict[str, Any] = {
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#555555",
    "axes.labelcolor": INK,
    "xtick.color": "#444444",
    "ytick.color": "#444444",
    "legend.frameon": False,
    "svg.fonttype": "none",  # keep text as text in SVG (searchable, accessible)
    "svg.hashsalt": "unknot",  # stable ids between runs
}


def write_figure(ins: Insights, path: Path) -> None:
    """Write the figure to ``path`` whole (0600), or leave an earlier file there as it was."""
    files.check_folder(path)
    suffix = path.suffix.lower().lstrip(".")
    files.write_bytes(path, figure_bytes(ins, suffix))


def figure_bytes(
    ins: Insights, fmt: str = "png", dpi: int = 150, with_changes: bool = True
) -> bytes:
    """The figure as PNG or SVG bytes; the PDF leaves out the change panel (it has tables)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    with plt.rc_context(cast(Any, STYLE)):
        fig = make_figure(ins, with_changes)
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata=_metadata(fmt))
        plt.close(fig)
    return buffer.getvalue()


def _metadata(fmt: str) -> dict[str, Any]:
    if fmt == "svg":
        return {"Date": None, "Title": _("Shoulder pain report")}
    if fmt == "png":
        return {"Title": _("Shoulder pain report"), "Software": "unknot"}
    return {}


def shown_changes(ins: Insights) -> list[tuple[str, Change]]:
    rows = [(ins.name(c.key), c) for c in ins.routines if c.shown]
    rows += [(_technique_row(c, ins.name(c.key)), c) for c in ins.techniques if c.shown]
    return rows


def _technique_row(c: Change, name: str) -> str:
    if c.basis == "previous":
        return _("after {technique}").format(technique=name)
    return _("{technique}, since start").format(technique=name)


# Fixed layout, in inches (a computed layout costs a third of the drawing time).
WIDTH_IN = 9.0
LEFT_IN = 0.85
LEGEND_IN = 2.05
TOP_IN = 0.75
PAIN_IN = 3.0
SPADI_IN = 2.0
GAP_IN = 0.75
ROW_IN = 0.36
BOTTOM_IN = 0.65
CHAR_IN = 0.075  # about one character of the 10-point tick labels


def make_figure(ins: Insights, with_changes: bool = True) -> Figure:
    from matplotlib import pyplot as plt

    changes = shown_changes(ins) if with_changes else []
    panels: list[tuple[str, float]] = [("pain", PAIN_IN)]
    if ins.spadi.points:
        panels.append(("spadi", SPADI_IN))
    if changes:
        panels.append(("changes", ROW_IN * len(changes) + 0.35))
    height = TOP_IN + sum(h for _n, h in panels) + GAP_IN * (len(panels) - 1) + BOTTOM_IN
    fig = plt.figure(figsize=(WIDTH_IN, height))
    top = height - TOP_IN
    pain_ax: Axes | None = None
    for name, panel_height in panels:
        bottom = top - panel_height
        if name == "changes":
            labels = max(len(_change_label(label, c)) for label, c in changes)
            left = min(max(LEFT_IN, labels * CHAR_IN + 0.25), WIDTH_IN / 2)
            ax = fig.add_axes(_rect(left, bottom, WIDTH_IN - left - 0.3, panel_height, height))
            _change_panel(ax, changes, sum(1 for c in ins.routines if c.shown))
        else:
            width = WIDTH_IN - LEFT_IN - LEGEND_IN
            ax = fig.add_axes(_rect(LEFT_IN, bottom, width, panel_height, height), sharex=pain_ax)
            if name == "pain":
                pain_ax = ax
                _pain_panel(ax, ins)
            else:
                _spadi_panel(ax, ins)
        top = bottom - GAP_IN
    fig.text(
        0.012, 1 - 0.12 / height, _("Shoulder pain, {first} to {last}").format(
            first=ins.since.isoformat(), last=ins.today.isoformat()
        ),
        ha="left", va="top", fontsize=13, fontweight="bold", color=INK,
    )  # fmt: skip
    if ins.clinician.due:
        fig.text(
            0.99, 1 - 0.14 / height, words.clinician_title(),
            ha="right", va="top", color=VERMILLION, fontsize=10, fontweight="bold",
        )  # fmt: skip
    return fig


def _rect(left: float, bottom: float, width: float, height: float, total: float) -> Any:
    """An axes rectangle in figure fractions from inches."""
    return (left / WIDTH_IN, bottom / total, width / WIDTH_IN, height / total)


def _xy(days: list[date], values: list[Any]) -> tuple[Any, Any]:
    """Dates and values as numpy arrays (None becomes NaN, which matplotlib leaves out)."""
    x = np.asarray(days, dtype="datetime64[D]")
    y = np.asarray([np.nan if v is None else v for v in values], dtype=float)
    return x, y


def _date_axis(ax: Axes, ins: Insights) -> None:
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=4, maxticks=9)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    formatter = mdates.ConciseDateFormatter(locator)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(formatter)
    first, last = ins.since, max(ins.today, ins.since + timedelta(1))
    ax.set_xlim(first, last)  # type: ignore[arg-type]


def _pain_panel(ax: Axes, ins: Insights) -> None:
    averaged = [d for d in ins.days if d.average is not None]
    rolled = [d for d in ins.days if d.rolling is not None]
    worst = [d for d in ins.days if d.worst is not None]
    session_days = [d.day for d in ins.days if d.sessions]
    ax.set_ylim(-0.9, 10.4)
    ax.set_yticks(range(0, 11, 2))
    ax.set_ylabel(_("Pain (0-10)"))
    ax.set_title(_("Daily pain"))
    ax.grid(axis="y", color="#e6e6e6", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.plot(
        *_xy([d.day for d in worst], [d.worst for d in worst]),
        linestyle="none",
        marker="_",
        markersize=7,
        color=GREY,
        alpha=0.6,
        label=_("worst that day"),
        gid="worst",
    )
    ax.plot(
        *_xy([d.day for d in averaged], [d.average for d in averaged]),
        linestyle="none",
        marker="o",
        markersize=3.5,
        color=BLUE,
        alpha=0.75,
        label=_("daily average"),
        gid="daily-average",
    )
    ax.plot(
        *_xy([d.day for d in rolled], [d.rolling for d in rolled]),
        color=VERMILLION,
        linewidth=2.2,
        label=_("7-day mean"),
        gid="rolling-mean",
    )
    ax.plot(
        *_xy(session_days, [-0.45] * len(session_days)),
        linestyle="none",
        marker="|",
        markersize=6,
        color=GREEN,
        label=_("session"),
        gid="sessions",
    )
    if not averaged:
        ax.text(
            0.5,
            0.5,
            _("No pain numbers in this period"),
            transform=ax.transAxes,
            ha="center",
            va="center",
            color=GREY,
        )
    _date_axis(ax, ins)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9, handlelength=1.5)


def _spadi_panel(ax: Axes, ins: Insights) -> None:
    trend = ins.spadi
    assert trend.baseline is not None
    for width, alpha, label in (
        (trend.mdc, 0.13, _("first score ± {mdc}\n(measurement error)")),
        (trend.mdc_high, 0.06, _("± {high}: uncertain\n(some studies say {high})")),
    ):
        low, high = max(0.0, trend.baseline - width), min(100.0, trend.baseline + width)
        ax.axhspan(
            low,
            high,
            color=PURPLE,
            alpha=alpha,
            linewidth=0,
            label=label.format(mdc=int(trend.mdc), high=int(trend.mdc_high)),
        )
    ax.plot(
        *_xy([p.day for p in trend.points], [p.total for p in trend.points]),
        marker="o",
        markersize=4,
        color=PURPLE,
        linewidth=1.5,
        label=_("SPADI total"),
        gid="spadi",
    )
    ax.set_ylim(0, 100)
    ax.set_ylabel(_("SPADI (0-100)"))
    ax.set_title(_("SPADI, lower is better"))
    ax.grid(axis="y", color="#e6e6e6", linewidth=0.8)
    ax.set_axisbelow(True)
    _date_axis(ax, ins)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9, handlelength=1.5)


def _change_label(label: str, change: Change) -> str:
    return _("{label}  (n = {n})").format(label=label, n=change.n)


def _change_panel(ax: Axes, rows: list[tuple[str, Change]], routines: int) -> None:
    labels = [_change_label(label, c) for label, c in rows]
    means = np.asarray([c.mean for _l, c in rows], dtype=float)
    lows = [c.mean - c.low for _l, c in rows if c.mean is not None and c.low is not None]
    highs = [c.high - c.mean for _l, c in rows if c.mean is not None and c.high is not None]
    positions = list(range(len(rows)))[::-1]
    limit = max([4.0, *[abs(c.low or 0) for _l, c in rows], *[abs(c.high or 0) for _l, c in rows]])
    # Each row's own threshold (2 points, or 30 % of its pain before when that is 1 to 2):
    # the same rule as the words beside the numbers.
    for position, (_l, c) in zip(positions, rows, strict=True):
        edge = meaningful_threshold(c.mean_before or 0.0)
        for left, width, colour in ((-limit - 1, limit + 1 - edge, BLUE), (edge, limit + 1 - edge,
                                    VERMILLION)):  # fmt: skip
            ax.barh(position, width, left=left, height=0.9, color=colour, alpha=0.07, linewidth=0)
    ax.axvline(0, color="#555555", linewidth=0.8)
    ax.errorbar(
        means,
        positions,
        xerr=[lows, highs],
        fmt="o",
        color=INK,
        ecolor=INK,
        capsize=3,
        markersize=5,
        gid="changes",
    )
    ax.set_yticks(positions, labels)
    if 0 < routines < len(rows):  # a thin rule between routines and techniques
        ax.axhline(len(rows) - routines - 0.5, color="#bbbbbb", linewidth=0.8)
    ax.set_ylim(-0.6, len(rows) - 0.1)
    ax.set_xlim(-limit - 0.5, limit + 0.5)
    ax.set_xlabel(_("Change in pain, after minus before (points; 95% interval)"))
    ax.set_title(_("Pain before → after, mean change with 95% interval"))
    top = len(rows) - 0.45
    ax.text(
        -limit - 0.4,
        top,
        _("drop most people notice as meaningful"),
        color=BLUE,
        fontsize=8,
        va="top",
    )
    ax.text(
        limit + 0.4,
        top,
        _("rise most people notice as meaningful"),
        color=VERMILLION,
        fontsize=8,
        va="top",
        ha="right",
    )
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)


def caption(ins: Insights) -> str:
    """The sentence printed under the figure in the PDF."""
    return words.change_footnote(bool(ins.techniques))
