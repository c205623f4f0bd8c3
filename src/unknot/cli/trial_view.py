"""How personal trials look in the terminal: the design check, the status, the report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console

from unknot.core.trial import Design
from unknot.i18n import _

if TYPE_CHECKING:  # the maths (numpy, scipy) loads only when a check or report is shown
    from unknot.core import trial_sim
    from unknot.core.trial_report import TrialReport
    from unknot.services.trial import TodayTrial, TrialStatus


def _say(out: Console, text: str, style: str | None = None) -> None:
    out.print(text, style=style, markup=False)


def design_lines(design: Design, names: dict[str, str]) -> list[str]:
    lead = []
    if design.run_in_days:
        lead.append(_("{n} run-in days").format(n=design.run_in_days))
    if design.baseline:
        lead.append(_("a {n}-day baseline period without a routine").format(n=design.period_days))
    return [
        _("A: {a}    B: {b}").format(a=names["A"], b=names["B"]),
        _("{pairs} pairs of {days}-day periods (each pair AB or BA at random){lead}").format(
            pairs=design.pairs,
            days=design.period_days,
            lead=(", " + _("after ") + " and ".join(lead)) if lead else "",
        ),
        _("Outcome: the evening check-in's average pain (0-10), lower is better."),
        _(
            "MCID {mcid:g} points (borrowed: group thresholds for change over time, not a "
            "difference between two routines in one person); trend term: {trend}."
        ).format(mcid=design.mcid, trend=_("yes") if design.trend else _("no")),
        _(
            'Decision rule: "A better" when P(A better) ≥ {pct:g}%, likewise B; otherwise '
            '"can\'t tell yet".'
        ).format(pct=100 * design.threshold),
    ]


def render_check(out: Console, check: trial_sim.DesignCheck) -> None:
    """The design-time check in words a person can weigh before committing."""
    from unknot.core import trial_sim

    noise = check.noise
    _say(out, _("Design check ({n} simulated trials per line)").format(n=check.n_sims), "bold")
    if noise.source == "own":
        source = _("from your own {days} days of ratings").format(days=noise.days)
    else:
        source = _("defaults: you have fewer than {n} days of ratings").format(
            n=trial_sim.MIN_OWN_DAYS
        )
    _say(
        out,
        _(
            "  Day-to-day noise assumed: ratings spread ±{spread:.2f} points (innovation SD "
            "{sigma:.2f}), correlation from one day to the next ρ = {rho:.2f} ({source})."
        ).format(spread=noise.spread, sigma=noise.sigma, rho=noise.rho, source=source),
    )
    words = {
        0: _("  If A truly lowers your pain by {d:g} points (the MCID): concludes A better in {p}"),
        1: _("  If A truly lowers it by {d:g} points (1.5 × MCID): concludes A better in {p}"),
        2: _("  If A and B are truly the same: wrongly concludes A better in {p}"),
    }
    for i, s in enumerate(check.scenarios):
        _say(out, words[i].format(d=abs(s.delta), p=_pct(s.p_a_better)))
    if check.weak:
        _say(out, _weak_line(check), "yellow")
    else:
        _say(out, _("  This design has a good chance of a clear answer if A helps by the MCID."))


def _weak_line(check: trial_sim.DesignCheck) -> str:
    from unknot.core import trial_sim

    base = _("  This design is weak: below {target}% chance of a clear answer at the MCID.").format(
        target=round(100 * trial_sim.POWER_TARGET)
    )
    s = check.suggestion
    if s is None:
        return base
    if s.power < trial_sim.POWER_TARGET:
        return (
            base
            + " "
            + _(
                "Even {pairs} pairs of {days}-day periods, the most a plan allows, reach only {p}: "
                "a difference this small may not show against noise this large."
            ).format(pairs=s.pairs, days=s.period_days, p=_pct(s.power))
        )
    return (
        base
        + " "
        + _(
            "Try {pairs} pairs of {days}-day periods ({p} at the MCID), e.g. --pairs {pairs} "
            "--period {days}."
        ).format(pairs=s.pairs, days=s.period_days, p=_pct(s.power))
    )


def _pct(p: float) -> str:
    return f"{100 * p:.1f}%"


def render_status(out: Console, status: TrialStatus, today: TodayTrial | None) -> None:
    _say(out, _("Your personal trial"), "bold")
    for line in design_lines(status.design, status.arm_names):
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
            _say(out, "  " + today.clinician_text, "bold red")
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
    from unknot.cli.trial import render_report as render_analysis
    from unknot.core.trial_report import BLINDING, METHODS, OUTCOMES, WHY

    body = report.to_json()
    _say(out, report.title, "bold")
    _section(out, _("Why an N-of-1 trial"), [WHY])
    _section(out, _("Condition and concurrent treatments"), condition_lines(body["condition"]))
    _section(out, _("Interventions as given"), intervention_lines(body["interventions"]))
    _section(out, _("Design as planned"), _planned_lines(body["design_planned"]))
    _section(out, _("Design as run"), _run_lines(body["design_as_run"], body["events"]))
    _section(out, _("Randomisation"), _random_lines(body["randomisation"]))
    _section(out, _("Blinding"), [BLINDING])
    _section(out, _("Outcomes"), list(OUTCOMES.values()))
    _section(out, _("Statistical methods"), [METHODS])
    _say(out, _("Results per period"), "bold")
    out.print(_periods_table([*body["lead_in"], *body["periods"]]))
    _section(out, _("Harms and stop events"), _harm_lines(body["harms"]))
    if report.analysis is not None:
        render_analysis(out, report.analysis, _("your trial"))
    else:
        _section(out, _("Analysis"), [str(report.analysis_reason)])
    _section(out, _("Verdict"), list(report.verdict))
    extra = [line for line in report.limitations if line not in _engine_limits(report)]
    if extra:
        _section(out, _("Limitations of this trial as run"), extra)
    if report.clinician.get("due"):
        _section(out, _("See a clinician"), [report.clinician["text"]])


def condition_lines(c: dict[str, Any]) -> list[str]:
    others = ", ".join(c["other_treatments"]) or _("none noted")
    return [
        _("Shoulder pain, self-managed; assessed by a clinician before the trial: {a}.").format(
            a=_("yes") if c["assessed_by_clinician"] else _("no")
        ),
        _("Painkillers on {a} A days and {b} B days; other treatments: {others}.").format(
            a=c["painkiller_days"]["A"], b=c["painkiller_days"]["B"], others=others
        ),
    ]


def intervention_lines(rows: list[dict[str, Any]]) -> list[str]:
    return [
        _("{arm}: {name} — {days} days, {on} on protocol; {n} sessions ({done} completed).").format(
            arm=r["arm"],
            name=r["name"],
            days=r["days"],
            on=r["days_on_protocol"],
            n=r["sessions"],
            done=r["sessions_finished"],
        )
        for r in rows
    ]


def _engine_limits(report: TrialReport) -> tuple[str, ...]:
    return report.analysis.limitations if report.analysis is not None else ()


def _section(out: Console, title: str, lines: list[str]) -> None:
    _say(out, title, "bold")
    for line in lines:
        _say(out, "  " + line)


def _planned_lines(d: dict[str, Any]) -> list[str]:
    check = d.get("design_check") or {}
    lines = [
        _("A: {a}; B: {b}.").format(a=d["arm_a"]["name"], b=d["arm_b"]["name"]),
        _(
            "{pairs} pairs of {days}-day periods; run-in {run} days; baseline {base} days; "
            "washout: {washout}; {total} days from {start}."
        ).format(
            pairs=d["pairs"],
            days=d["period_days"],
            run=d["run_in_days"],
            base=d["baseline_days"],
            washout=d["washout"],
            total=d["total_days"],
            start=d["start"],
        ),
        _("MCID {mcid:g} points ({note}); trend term {trend}; decision threshold {t:g}.").format(
            mcid=d["mcid"],
            note=d["mcid_note"],
            trend=_("yes") if d["trend"] else _("no"),
            t=d["decision_threshold"],
        ),
        _("Clinician had assessed the shoulder: {a}; screening at planning: {tier}.").format(
            a=_("yes") if d["assessed_by_clinician"] else _("no"), tier=d["screening_tier"]
        ),
    ]
    if not check:
        lines.append(_("No design check was stored with this plan."))
    else:
        lines.append(
            _(
                "Design check at planning: {power} at the MCID, {fp} false positives "
                "({n} simulations, noise from {src})."
            ).format(
                power=_pct(check["power"]),
                fp=_pct(check["false_positive"]),
                n=check["n_sims"],
                src=check["noise"]["source"],
            )
        )
    return lines


def _run_lines(run: dict[str, Any], events: list[dict[str, Any]]) -> list[str]:
    lines = [
        _(
            "State {state}; {pairs} pairs ({extra} added); {days} trial days, {rated} rated; "
            "{paused} paused days."
        ).format(
            state=run["state"],
            pairs=run["pairs"],
            extra=run["extended_pairs"],
            days=run["trial_days"],
            rated=run["days_rated"],
            paused=run["paused_days"],
        )
    ]
    for e in events:
        lines.append(
            _("FLAG {flag}: on {day} (recorded {at}): {reason}").format(
                flag=e["flag"], day=e["day"], at=e["recorded_at"][:16], reason=e["reason"] or "-"
            )
        )
    return lines


def _random_lines(r: dict[str, Any]) -> list[str]:
    seq = " ".join(r["sequence"]) if r["sequence"] else _("(shown when the trial ends)")
    lines = [r["method"], _("Seed {seed}; sequence {seq}.").format(seed=r["seed"], seq=seq)]
    if r["note"]:
        revealed = " ".join(a or "-" for a in r["revealed_periods"]) or "-"
        lines.append(_("Periods revealed so far: {arms}.").format(arms=revealed))
        lines.append(r["note"])
    return lines


def _harm_lines(harms: list[dict[str, Any]]) -> list[str]:
    lines = []
    for h in harms:
        where = (
            _("period {p} ({arm})").format(p=h["period"], arm=h["arm"])
            if h["period"]
            else h["kind"]
        )
        rules = ", ".join(f"{e['rule']} on {e['date']}" for e in h["stop_events"]) or _("none")
        lines.append(f"{where}: {h['count']} — {rules}")
    return lines or [_("No periods yet.")]


def _periods_table(rows: list[dict[str, Any]]) -> Any:
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for header in (_("Period"), _("Arm"), _("Routine"), _("From"), _("Days"), _("Rated"),
                   _("Mean"), _("Worst"), _("On protocol"), _("Stops")):  # fmt: skip
        table.add_column(header)
    for p in rows:
        adherent = "–" if p["days_adherent"] is None else f"{p['days_adherent']}/{p['days']}"
        table.add_row(
            str(p["period"] or p["kind"]),
            p["arm"] or "–",
            p["routine_name"] if p["arm"] else _("none"),
            p["first_day"] or "–",
            f"{p['days']}/{p['days_planned']}",
            str(p["days_rated"]),
            _num(p["mean"]),
            _num(p["worst_mean"]),
            adherent,
            str(len(p["stop_events"])),
        )
    return table


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


# --- the small hooks used by `unknot` (status) and `unknot start` --------------------------


def print_trial_today(services: Any) -> TodayTrial | None:
    """One line (two with the clinician prompt) about today's trial arm, if a trial is open."""
    from unknot.cli.render import console
    from unknot.services import trial as trials

    today = trials.today(services)
    if today is None:
        return None
    out = console()
    hint = ""
    if today.state == "active":
        hint = " " + (
            _("Do the evening check-in: `unknot checkin`.")
            if today.routine is None
            else _("Run `unknot start` to begin.")
        )
    _say(out, today_line(today) + hint, "bold")
    if today.clinician_due:
        _say(out, today.clinician_text, "bold red")
    return today


def routine_for_start(services: Any, routine: str | None) -> tuple[str | None, bool]:
    """The routine `unknot start` plays during a trial, and whether to play anything.

    With no routine named: today's arm's routine, or nothing on a no-routine day. A routine
    named on the command line is played as asked, with a note when it is off protocol.
    """
    from unknot.cli.render import console
    from unknot.services import trial as trials

    today = trials.today(services)
    if today is None or today.state != "active":
        return routine, True
    out = console()
    _say(out, today_line(today), "bold")
    if routine is None:
        if today.no_routine_today:
            _say(out, _("No routine today: that is the protocol. Do the evening check-in."))
            return None, False
        return today.routine, True
    if routine != today.routine:
        _say(out, _("Note: {r} is not today's trial routine; the day counts as off protocol.")
             .format(r=routine), "yellow")  # fmt: skip
    return routine, True
