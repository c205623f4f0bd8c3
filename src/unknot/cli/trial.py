"""``unknot trial analyze FILE.csv``: analyse a personal crossover trial run anywhere.

numpy and scipy are imported inside the command only, so ``unknot --help`` stays light.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from unknot.i18n import _

if TYPE_CHECKING:
    from rich.console import Console

    from unknot.core.nof1.result import AnalysisResult, AtMcid

trial_app = typer.Typer(
    help=_("Personal (N-of-1) crossover trials: analyse the ratings of A and B periods."),
    no_args_is_help=True,
    rich_markup_mode=None,
)

_BAR_WIDTH = 56
_BIN_STYLES = ("green4", "green3", "pale_green3", "grey62", "light_salmon1", "orange_red1", "red3")
_METHOD_NAMES = {
    "gls_ar1": _("AR(1) regression"),
    "paired_t": _("Paired t"),
    "serial_t": _("Serial t (T&L)"),
    "randomisation": _("Randomisation"),
}


def register(app: typer.Typer) -> None:
    app.add_typer(trial_app, name="trial")


@trial_app.command("analyze")
def analyze_command(
    file: Annotated[Path, typer.Argument(help=_("CSV file: daily rows or pair differences."))],
    as_json: Annotated[bool, typer.Option("--json", help=_("Print one JSON object."))] = False,
    mcid: Annotated[float, typer.Option(help=_("Smallest difference that matters."))] = 2.0,
    higher_is_better: Annotated[
        bool, typer.Option(help=_("Higher outcome is better (default: lower pain is better)."))
    ] = False,
    design: Annotated[
        str,
        typer.Option(help=_("pair-randomised (enables the randomisation test) or not-randomised.")),
    ] = "pair-randomised",
    trend: Annotated[
        bool, typer.Option(help=_("Include a linear trend in the main model."))
    ] = False,
    day_column: Annotated[str, typer.Option(help=_("Column with the day number."))] = "day",
    arm_column: Annotated[str, typer.Option(help=_("Column with the arm label."))] = "arm",
    outcome_column: Annotated[str, typer.Option(help=_("Column with the rating."))] = "outcome",
    pair_column: Annotated[str, typer.Option(help=_("Column with the pair number."))] = "pair",
    period_column: Annotated[str, typer.Option(help=_("Column with the period."))] = "period",
    a_label: Annotated[str, typer.Option(help=_("Label of arm A in the file."))] = "A",
    b_label: Annotated[
        str | None, typer.Option(help=_("Label of arm B (default B; '' = the other label)."))
    ] = "B",
) -> None:
    """Analyse a trial file: exact Bayesian result, classical tests, plain-language summary."""
    from unknot.cli.render import console
    from unknot.core.nof1.analysis import analyze
    from unknot.services.trial_file import ColumnMap, read_trial_file

    columns = ColumnMap(
        day=day_column, arm=arm_column, outcome=outcome_column, pair=pair_column,
        period=period_column, a_label=a_label, b_label=b_label or None,
    )  # fmt: skip
    data = read_trial_file(file, columns)
    result = analyze(data, mcid=mcid, higher_is_better=higher_is_better, design=design, trend=trend)
    if as_json:
        console().print(result.to_json(), markup=False, highlight=False, soft_wrap=True)
        return
    render_report(console(), result, file.name)


def render_report(out: Console, result: AnalysisResult, name: str) -> None:
    """The readable report: data, primary result and bar, companions, sensitivity, words."""
    out.print(_("N-of-1 trial analysis: {name}").format(name=name), style="bold", markup=False)
    out.print(_data_line(result.data), markup=False)
    if "periods" in result.data:
        out.print(_periods_table(result.data["periods"]))
    _render_primary(out, result)
    out.print(_methods_table(result))
    if result.sensitivity:
        out.print(_sensitivity_table(result))
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
        name = _METHOD_NAMES.get(m["name"], m["name"])
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
