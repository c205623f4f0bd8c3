"""``unknot trial``: analyse a trial file run anywhere, and plan, run and report a personal trial.

numpy and scipy are imported inside the commands only, so ``unknot --help`` stays light.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from unknot.cli.groups import Group
from unknot.cli.inputs import decimal_number, whole_number
from unknot.cli.render import ask, confirm
from unknot.core.trial import DECISION_THRESHOLD
from unknot.i18n import N_, _

trial_app = typer.Typer(
    help=N_("Personal (N-of-1) crossover trials: analyse the ratings of A and B periods."),
    no_args_is_help=True,
    rich_markup_mode=None,
    cls=Group,
)


def register(app: typer.Typer) -> None:
    app.add_typer(trial_app, name="trial")


@trial_app.command("analyze")
def analyze_command(
    file: Annotated[Path, typer.Argument(help=N_("CSV file: daily rows or pair differences."))],
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print one JSON object."))] = False,
    mcid: Annotated[
        float,
        typer.Option(
            parser=decimal_number(None, None, N_("the smallest difference that matters")),
            help=N_("Smallest difference that matters."),
        ),
    ] = 2.0,
    higher_is_better: Annotated[
        bool, typer.Option(help=N_("Higher outcome is better (default: lower pain is better)."))
    ] = False,
    design: Annotated[
        str,
        typer.Option(
            help=N_("pair-randomised (enables the randomisation test) or not-randomised.")
        ),
    ] = "pair-randomised",
    trend: Annotated[
        bool, typer.Option(help=N_("Include a linear trend in the main model."))
    ] = False,
    day_column: Annotated[str, typer.Option(help=N_("Column with the day number."))] = "day",
    arm_column: Annotated[str, typer.Option(help=N_("Column with the arm label."))] = "arm",
    outcome_column: Annotated[str, typer.Option(help=N_("Column with the rating."))] = "outcome",
    pair_column: Annotated[str, typer.Option(help=N_("Column with the pair number."))] = "pair",
    period_column: Annotated[str, typer.Option(help=N_("Column with the period."))] = "period",
    a_label: Annotated[str, typer.Option(help=N_("Label of arm A in the file."))] = "A",
    b_label: Annotated[
        str | None, typer.Option(help=N_("Label of arm B (default B; '' = the other label)."))
    ] = "B",
) -> None:
    """Analyse a trial file: exact Bayesian result, classical tests, plain-language summary."""
    from unknot.cli.render import console
    from unknot.cli.trial.analysis_view import render_report
    from unknot.core.nof1.analysis import analyze
    from unknot.services.trial.csv_file import ColumnMap, read_trial_file

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


# --- running a personal trial (issue 8) ----------------------------------------------------


@trial_app.command("plan")
def plan_command(
    ctx: typer.Context,
    arm_a: Annotated[str, typer.Option(help=N_("Routine under test (arm A)."))] = "hip-full",
    arm_b: Annotated[
        str, typer.Option(help=N_("Comparator (arm B): a routine, or 'none' for no routine."))
    ] = "shoulder",
    period: Annotated[
        int,
        typer.Option(
            parser=whole_number(None, None, N_("the days per period")),
            help=N_("Days per period: 7 or 14."),
        ),
    ] = 7,
    pairs: Annotated[
        int,
        typer.Option(
            parser=whole_number(None, None, N_("the pairs")), help=N_("AB/BA pairs: 2 to 4.")
        ),
    ] = 3,
    baseline: Annotated[
        bool, typer.Option(help=N_("Begin with a baseline period without a routine."))
    ] = False,
    run_in: Annotated[
        int,
        typer.Option(
            parser=whole_number(None, None, N_("the run-in days")),
            help=N_("Run-in days before everything (0-14)."),
        ),
    ] = 0,
    mcid: Annotated[
        float,
        typer.Option(
            parser=decimal_number(None, None, N_("the smallest difference that matters")),
            help=N_("Smallest difference that matters, points (borrowed)."),
        ),
    ] = 2.0,
    trend: Annotated[
        bool, typer.Option(help=N_("Include a linear trend in the main model."))
    ] = False,
    threshold: Annotated[
        float,
        typer.Option(
            parser=decimal_number(None, None, N_("the decision threshold")),
            help=N_("Decision rule: conclude when P(better) is at least this."),
        ),
    ] = DECISION_THRESHOLD,
    start: Annotated[
        str | None,
        typer.Option(metavar=N_("DATE"), help=N_("First day (2026-03-02); default today.")),
    ] = None,
    assessed: Annotated[
        bool | None,
        typer.Option(help=N_("Has a clinician assessed your shoulder? (asked if not given)")),
    ] = None,
    interactive: Annotated[
        bool | None,
        typer.Option(help=N_("Ask for each choice (default: when typing at a terminal).")),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help=N_("Commit without asking."))] = False,
    check_only: Annotated[
        bool, typer.Option("--check-only", help=N_("Show the design check, commit nothing."))
    ] = False,
    sims: Annotated[
        int,
        typer.Option(
            parser=whole_number(200, 20000, N_("the simulated trials")),
            help=N_("Simulated trials per effect size."),
        ),
    ] = 2000,
    seed: Annotated[int | None, typer.Option(hidden=True)] = None,
) -> None:
    """Plan a personal trial: choose the design, see its design check, then commit."""
    import sys

    from unknot.cli.context import state
    from unknot.cli.render import console
    from unknot.cli.trial.view import render_check, render_status
    from unknot.core.trial import Design
    from unknot.core.trial_text import design_lines
    from unknot.services.journal.times import parse_day
    from unknot.services.trial import lifecycle as trials
    from unknot.services.trial import status as trial_status
    from unknot.services.trial import today as trial_today

    actor = state(ctx).actor
    trials.check_planning_allowed(actor)
    if not check_only:
        trials.require_no_open_trial(actor)
    first = parse_day(start, "start") if start else None
    if first is not None:  # a wrong day is said before the design check runs
        trials.check_start(actor, first)
    design = Design(arm_a, arm_b, period, pairs, baseline, run_in, mcid, trend, threshold)
    if interactive if interactive is not None else sys.stdin.isatty():
        design = _ask_design(design, trial_status.routine_ids(actor))
    out = console()
    names = {"A": trial_status.routine_name(actor, design.routine_of("A")),
             "B": trial_status.routine_name(actor, design.routine_of("B"))}  # fmt: skip
    out.print(_("Your trial design"), style="bold")
    for line in design_lines(design, names):
        out.print("  " + line, markup=False)
    check = trials.design_check(actor, design, sims)
    render_check(out, check)
    if check_only:
        return
    if assessed is None:
        assessed = confirm(_("Has a clinician assessed your shoulder?"), default=False)
    if not assessed:
        out.print(_("A clinician's assessment is wise for shoulder pain; the report records "
                    "that there was none."), markup=False)  # fmt: skip
    if not yes and not confirm(_("Start this trial?"), default=True):
        raise typer.Exit(0)
    if first is None:
        suggested = trials.suggested_start(actor)
        if suggested.reason:
            out.print(suggested.reason, markup=False)
        first = suggested.day
    status = trials.plan_trial(
        actor, design, assessed_by_clinician=assessed, start=first, check=check, seed=seed
    )
    render_status(out, status, trial_today.today(actor))


def _ask_design(design: Any, routines: list[str]) -> Any:
    """Ask each choice; a bad answer is asked again at once, not after all the others."""
    from dataclasses import replace

    names = ", ".join(routines)
    return replace(
        design,
        arm_a=_ask(_("Arm A, the routine under test ({c})").format(c=names), design.arm_a,
                   _one_of(routines), names),
        arm_b=_ask(_("Arm B, the comparator ({c}, or none)").format(c=names), design.arm_b,
                   _one_of([*routines, "none"]), names + _(", or none")),
        period_days=_ask(_("Days per period (7 or 14)"), design.period_days,
                         _number(int, {7, 14}), _("7 or 14")),
        pairs=_ask(_("Pairs of periods (2-4)"), design.pairs, _number(int, {2, 3, 4}),
                   _("2, 3 or 4")),
        baseline=confirm(_("Begin with a baseline period without a routine?"),
                         default=design.baseline),
        run_in_days=_ask(_("Run-in days (0-14)"), design.run_in_days,
                         _number(int, set(range(15))), _("a whole number from 0 to 14")),
        mcid=_ask(_("Smallest difference that matters, in points (2 is borrowed from group "
                    "studies)"), design.mcid, _mcid, _("a number above 0, at most 10")),
        trend=confirm(_("Include a linear trend in the main model?"),
                      default=design.trend),
    )  # fmt: skip


def _ask(text: str, default: Any, convert: Any, allowed: str) -> Any:
    while True:
        raw = ask(text, default=str(default))
        try:
            return convert(raw.strip())
        except ValueError:
            typer.echo(_("{answer!r} is not one of the choices: answer {allowed}.").format(
                answer=raw, allowed=allowed))  # fmt: skip


def _one_of(allowed: list[str]) -> Any:
    def convert(raw: str) -> str:
        if raw not in allowed:
            raise ValueError(raw)
        return raw

    return convert


def _number(kind: Any, allowed: set[int]) -> Any:
    def convert(raw: str) -> Any:
        value = kind(raw)
        if value not in allowed:
            raise ValueError(raw)
        return value

    return convert


def _mcid(raw: str) -> float:
    value = float(raw)
    if not 0 < value <= 10:
        raise ValueError(raw)
    return value


@trial_app.command("status")
def status_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print one JSON object."))] = False,
) -> None:
    """Your trial today: the arm, the routine (or none), periods so far, events."""
    import json

    from unknot.cli.context import state
    from unknot.cli.render import console
    from unknot.cli.trial.view import render_status
    from unknot.services.trial import status as trial_status
    from unknot.services.trial import today as trial_today

    actor = state(ctx).actor
    status = trial_status.current_status(actor)
    today = trial_today.today(actor)
    if as_json:
        body = {"trial": status.to_json() if status else None,
                "today": today.to_json() if today else None}  # fmt: skip
        typer.echo(json.dumps(body, ensure_ascii=False, indent=2))
        return
    if status is None:
        console().print(_("No trial is running. Plan one with `unknot trial plan`."), markup=False)
        return
    render_status(console(), status, today)


def _event_command(ctx: typer.Context, kind: str, reason: str) -> None:
    from unknot.cli.context import state
    from unknot.cli.render import console
    from unknot.cli.trial.view import render_status
    from unknot.services.trial import lifecycle as trials
    from unknot.services.trial import today as trial_today

    actor = state(ctx).actor
    act = {"pause": trials.pause, "resume": trials.resume, "extend": trials.extend,
           "stop": trials.stop}[kind]  # fmt: skip
    status = act(actor, reason)
    render_status(console(), status, trial_today.today(actor))


_REASON = typer.Option(help=N_("Why (shown in the report)."))
# Pausing, extending and stopping need a reason, so help marks it required.
_NEEDED_REASON = typer.Option(help=N_("Why (shown in the report)."), show_default=False)


@trial_app.command("pause")
def pause_command(ctx: typer.Context, reason: Annotated[str, _NEEDED_REASON]) -> None:
    """Pause the trial from today (the schedule waits); the report flags it."""
    _event_command(ctx, "pause", reason)


@trial_app.command("resume")
def resume_command(ctx: typer.Context, reason: Annotated[str, _REASON] = "") -> None:
    """Resume a paused trial from today, where it left off."""
    _event_command(ctx, "resume", reason)


@trial_app.command("extend")
def extend_command(ctx: typer.Context, reason: Annotated[str, _NEEDED_REASON]) -> None:
    """Add one AB/BA pair (its order drawn from the trial's seed); the report flags it."""
    _event_command(ctx, "extend", reason)


@trial_app.command("stop")
def stop_command(ctx: typer.Context, reason: Annotated[str, _NEEDED_REASON]) -> None:
    """Stop the trial early, from today; the report flags it and analyses what there is."""
    _event_command(ctx, "stop", reason)


@trial_app.command("report")
def report_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print one JSON object."))] = False,
    output: Annotated[
        Path | None, typer.Option(help=N_("Also write the report as a PDF to this file."))
    ] = None,
) -> None:
    """The report of your latest trial (CENT 2015 structure), in the terminal or as a PDF."""
    import json

    from unknot.cli.context import state
    from unknot.cli.render import console
    from unknot.cli.trial.view import render_report as render_trial
    from unknot.services.trial.report import trial_report

    report = trial_report(state(ctx).actor)
    if output is not None:
        from unknot.documents.trial_pdf import write_pdf

        write_pdf(report, output)
    if as_json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return
    render_trial(console(), report)
    if output is not None:
        console().print(_("PDF written to {path}.").format(path=output), markup=False)
