"""How ``unknot trial analyze`` shows an analysis: the data, the main result and its bar, the
classical companions, the sensitivity analyses and the plain words. A trial report shows the
same analysis in its middle."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from unknot.i18n import _

if TYPE_CHECKING:
    from rich.console import Console

    from unknot.core.nof1.result import AnalysisResult, AtMcid

_BAR_WIDTH = 56
_BIN_STYLES = ("green4", "green3", "pale_green3", "grey62", "light_salmon1", "orange_red1", "red3")


def _method_names() -> dict[str, str]:
    return {
        "gls_ar1": _("AR(1) regression"),
        "paired_t": _("Paired t"),
        "serial_t": _("Serial t (T&L)"),
        "randomisation": _("Randomisation"),
    }


def render_report(
    out: Console, result: AnalysisResult, name: str, *, plain_words: bool = True
) -> None:
    """The readable report: data, primary result and bar, companions, sensitivity, words.

    A trial report prints its verdict on its own, so it leaves out "In plain words"."""
    out.print(_("N-of-1 trial analysis: {name}").format(name=name), style="bold", markup=False)
    out.print(_data_line(result.data), markup=False)
    if "periods" in result.data:
        out.print(_periods_table(result.data["periods"]))
    _render_primary(out, result)
    out.print(_methods_table(result))
    if result.sensitivity:
        out.print(_sensitivity_table(result))
    if plain_words:
        out.print(_("In plain words"), style="bold")
        for line in result.summary:
            out.print("  " + line, markup=False)
    out.print(_("What this trial cannot show"), style="bold")
    for line in result.limitations:
        out.print("  - " + line, markup=False)


def _data_line(data: dict[str, Any]) -> str:
    if "days_scheduled" not in data:
        return _("{pairs} pair differences.").format(pairs=data["pairs_complete"])
    return _(
        "{days} days scheduled, {rated} rated ({missing} missing: A {a}, B {b} rated); "
        "{pairs} complete pair(s)."
    ).format(
        days=data["days_scheduled"],
        rated=data["days_rated"],
        missing=data["days_missing"],
        a=data["days_rated_a"],
        b=data["days_rated_b"],
        pairs=data["pairs_complete"],
    )


def _periods_table(periods: list[dict[str, Any]]) -> Any:
    from rich.table import Table

    table = Table(title=_("Periods"), title_justify="left")
    for header in (_("Period"), _("Pair"), _("Arm"), _("Days"), _("Rated"), _("Mean")):
        table.add_column(header, justify="right")
    for p in periods:
        mean = "–" if p["mean"] is None else f"{p['mean']:.2f}"
        table.add_row(
            str(p["period"]), str(p["pair"]), p["arm"], str(p["days"]), str(p["days_rated"]), mean
        )
    return table


def _render_primary(out: Console, result: AnalysisResult) -> None:
    bayes = result.primary
    out.print(_("Main result (exact Bayesian analysis)"), style="bold")
    if bayes is None:
        out.print("  " + str(result.primary_reason), markup=False)
        return
    out.print(
        _("  δ = mean(A) − mean(B): median {median:.2f}, 95% interval {lo:.2f} to {hi:.2f}").format(
            median=bayes.median, lo=bayes.ci_low, hi=bayes.ci_high
        ),
        markup=False,
    )
    out.print(
        _("  P(A better) = {a:.3f}   P(B better) = {b:.3f}   decision: {decision}").format(
            a=bayes.p_a_better, b=bayes.p_b_better, decision=bayes.decision
        ),
        markup=False,
    )
    for at in bayes.at_mcid:
        _render_bar(out, at)
    if result.prior_sensitivity is not None:
        out.print(_("Prior sensitivity"), style="bold")
        for line in result.prior_sensitivity.words:
            out.print("  " + line, markup=False)


def _render_bar(out: Console, at: AtMcid) -> None:
    from rich.text import Text

    out.print(
        _("  For you, in this trial, compared with B (MCID {mcid:g}):").format(mcid=at.mcid),
        markup=False,
    )
    bar = Text("  ")
    for b, style in zip(at.bins, _BIN_STYLES, strict=True):
        bar.append("█" * round(b.probability * _BAR_WIDTH), style=style)
    out.print(bar)
    for b, style in zip(at.bins, _BIN_STYLES, strict=True):
        line = Text("    ")
        line.append("■ ", style=style)
        line.append(f"{b.label:<30} {100 * b.probability:5.1f}%")
        out.print(line)
    from unknot.core.trial_text import bins_line

    out.print("    " + bins_line(at.mcid), markup=False, style="dim")


def _methods_table(result: AnalysisResult) -> Any:
    from rich import box
    from rich.table import Table

    table = Table(
        title=_("Classical companions"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 1),
    )
    for header in (_("Method"), _("δ"), _("95% CI"), _("Stat."), _("df"), _("p")):
        table.add_column(header, no_wrap=True)
    table.add_column(_("p A better"), no_wrap=True)
    notes = [_("p is two-sided; 'p A better' is one-sided, in the direction A better.")]
    for m in result.to_dict()["methods"]:
        name = _method_names().get(m["name"], m["name"])
        if not m["available"]:
            notes.append(f"{name}: {m['reason']}.")
            continue
        table.add_row(name, *_method_cells(m))
        if m["name"] == "randomisation":
            notes.append(
                _(
                    "{name}: {n} arrangements; the smallest two-sided p it can give is {p:g}."
                ).format(name=name, n=int(m["arrangements"]), p=m["smallest_p_two_sided"])
            )
    return _with_notes(table, notes)


def _method_cells(m: dict[str, Any]) -> list[str]:
    p_cells = [_p(m["p_two_sided"]), _p(m["p_one_sided_a_better"])]
    if m["name"] == "randomisation":
        return [f"{m['statistic']:.2f}", "", "", "", *p_cells]
    return [
        f"{m['estimate']:.2f}",
        f"{m['ci95'][0]:.2f}, {m['ci95'][1]:.2f}",
        f"{m['statistic']:.2f}",
        f"{m['df']:.3g}",
        *p_cells,
    ]


def _p(value: float) -> str:
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def _with_notes(table: Any, notes: list[str]) -> Any:
    from rich.console import Group
    from rich.text import Text

    return Group(table, *(Text("  " + note) for note in notes))


def _sensitivity_table(result: AnalysisResult) -> Any:
    from rich.table import Table

    table = Table(title=_("Sensitivity analyses (Bayesian)"), title_justify="left")
    for header in (_("Analysis"), _("Days"), _("Median"), _("95% interval"), _("P(A better)")):
        table.add_column(header)
    for s in result.sensitivity:
        b = s.bayes
        if b is None:
            table.add_row(s.description, "", str(s.reason), "", "")
            continue
        table.add_row(
            s.description,
            str(b.n_days),
            f"{b.median:.2f}",
            f"{b.ci_low:.2f} to {b.ci_high:.2f}",
            f"{b.p_a_better:.3f}",
        )
    return table
