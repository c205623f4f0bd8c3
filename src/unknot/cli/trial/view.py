"""How personal trials look in the terminal: the design check, the status, the report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console

from unknot.core import trial_text as words
from unknot.core.insights.text import clinician_title
from unknot.i18n import _

if TYPE_CHECKING:  # the maths (numpy, scipy) loads only when a check or report is shown
    from unknot.core import trial_sim
    from unknot.core.trial_report import TrialReport
    from unknot.services.trial.status import TrialStatus
    from unknot.services.trial.today import TodayTrial


def _say(out: Console, text: str, style: str | None = None) -> None:
    out.print(text, style=style, markup=False)


def render_check(out: Console, check: trial_sim.DesignCheck) -> None:
    """The design-time check in words a person can weigh before committing."""
    from unknot.services.trial.json_form import check_json

    body = check_json(check)
    _say(out, _("Design check ({n} simulated trials per line)").format(n=check.n_sims), "bold")
    _say(out, "  " + words.noise_line(body))
    for line in words.scenario_lines(body):
        _say(out, "  " + line)
    _say(out, "  " + words.verdict_line(body), "yellow" if check.weak else None)


def render_status(out: Console, status: TrialStatus, today: TodayTrial | None) -> None:
    _say(out, _("Your personal trial"), "bold")
    for line in words.design_lines(status.design, status.arm_names):
        _say(out, "  " + line)
    _say(
        out,
        _("  Started {start}; state: {state}; {pairs} pairs.").format(
            start=status.start.isoformat(), state=status.state, pairs=status.pairs
        ),
    )
    if today is not None:
        _say(out, "  " + today.message, "bold")
        if today.clinician_due:
            _say(out, "  " + today.clinician_text, "bold yellow")
    shown = [s for s in status.revealed if s["kind"] == "period"]
    if shown:
        _say(out, _("  Periods so far (later ones are revealed when they start):"))
        for s in shown:
            name = status.arm_names[s["arm"]]
            _say(
                out,
                _("    Period {p} (pair {pair}): {arm}, {name}, {first} to {last}").format(
                    p=s["period"],
                    pair=s["pair"],
                    arm=s["arm"],
                    name=name,
                    first=s["first_day"] or "?",
                    last=s["last_day"] or "?",
                ),
            )
    for e in status.events:
        _say(out, _("  {kind} on {day}: {reason}").format(**e))


def today_line(today: TodayTrial) -> str:
    return today.message


def render_report(out: Console, report: TrialReport) -> None:
    """The report in the CENT 2015 order, the engine's analysis in the middle."""
    from unknot.cli.trial.analysis_view import render_report as render_analysis
    from unknot.core.trial_report import blinding_text, methods_text, outcome_texts, why_text

    body = report.to_json()
    _say(out, report.title, "bold")
    _section(out, _("Verdict"), list(report.verdict))
    _section(out, _("Why an N-of-1 trial"), [why_text()])
    _section(
        out, _("Condition and concurrent treatments"), words.condition_lines(body["condition"])
    )
    _section(out, _("Interventions as given"), words.intervention_lines(body["interventions"]))
    _section(out, _("Design as planned"), words.planned_lines(body["design_planned"]))
    _section(out, _("Design as run"), words.run_lines(body["design_as_run"], body["events"]))
    _section(out, _("Randomisation"), words.random_lines(body["randomisation"]))
    _section(out, _("Blinding"), [blinding_text()])
    _section(out, _("Outcomes"), list(outcome_texts().values()))
    _section(out, _("Statistical methods"), [methods_text()])
    _say(out, _("Results per period"), "bold")
    out.print(_periods_table([*body["lead_in"], *body["periods"]]))
    _section(out, _("Harms and stop events"), words.harm_lines(body["harms"]))
    if report.state not in ("finished", "stopped"):
        _say(out, words.interim_line(), "yellow")
    if report.analysis is not None:
        render_analysis(out, report.analysis, _("your trial"), plain_words=False)
    else:
        _section(out, _("Analysis"), [str(report.analysis_reason)])
    extra = [line for line in report.limitations if line not in _engine_limits(report)]
    if extra:
        _section(out, _("Limitations of this trial as run"), extra)
    if report.clinician.get("due"):
        _section(out, clinician_title(), [report.clinician["text"]])


def _engine_limits(report: TrialReport) -> tuple[str, ...]:
    return report.analysis.limitations if report.analysis is not None else ()


def _section(out: Console, title: str, lines: list[str]) -> None:
    _say(out, title, "bold")
    for line in lines:
        _say(out, "  " + line)


def _periods_table(rows: list[dict[str, Any]]) -> Any:
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for header in words.period_headers().values():
        table.add_column(header)
    from rich.text import Text

    for p in rows:  # Text, not markup: a routine's name may hold brackets
        table.add_row(*(Text(cell) for cell in words.period_cells(p).values()))
    return table


# --- the small hooks used by `unknot` (status) and `unknot start` --------------------------


def print_trial_today(actor: Any) -> TodayTrial | None:
    """One line (two with the clinician prompt) about today's trial arm, if a trial is open."""
    from unknot.cli.render import console
    from unknot.services.trial import today as trial_today

    today = trial_today.today(actor)
    if today is None:
        return None
    out = console()
    hint = ""
    if today.state == "active" and today.routine is not None:
        hint = " " + _("Run `unknot start` to begin.")
    elif today.state == "active" and not today.checkin_done:
        hint = " " + _("Do the evening check-in: `unknot checkin`.")
    elif today.state == "paused":
        hint = " " + _("Resume it with `unknot trial resume`.")
    elif today.state in ("finished", "stopped"):
        hint = " " + _("See it with `unknot trial report`.")
    _say(out, today_line(today) + hint, "bold")
    if today.clinician_due:
        _say(out, today.clinician_text, "bold red")
    return today


def routine_for_start(actor: Any, routine: str | None) -> tuple[str | None, bool]:
    """The routine `unknot start` plays during a trial, and whether to play anything (the
    service decides: :func:`unknot.services.trial.today.routine_for_today`); the terminal says
    what the day is, and notes a routine off protocol."""
    from unknot.cli.render import console
    from unknot.services.trial.today import routine_for_today

    decided = routine_for_today(actor, routine)
    if decided is None:
        return routine, True
    out = console()
    _say(out, today_line(decided.today), "bold")
    if decided.no_routine_today:
        _say(out, _("No routine today: that is the protocol. Do the evening check-in."))
        return None, False
    if decided.off_protocol:
        _say(out, _("Note: {r} is not today's trial routine; the day counts as off protocol.")
             .format(r=routine), "yellow")  # fmt: skip
    return decided.routine, True
