"""The personal trial's sentences, shared by the terminal, the web pages and the PDF.

Pure: each function turns the JSON of a design, a design check or a report section into plain
lines, every one through ``_()``. No numpy here, so a page can import it cheaply.
"""

from __future__ import annotations

from typing import Any

from unknot.core.trial import Design
from unknot.i18n import _

MIN_OWN_DAYS = 21  # kept equal to trial_sim.MIN_OWN_DAYS (a test checks)


def state_word(state: str) -> str:
    """A trial state in words (the JSON keeps the stable English keys)."""
    return {
        "planned": _("planned"),
        "active": _("running"),
        "paused": _("paused"),
        "finished": _("finished"),
        "stopped": _("stopped early"),
    }.get(state, state)


def event_word(kind: str) -> str:
    return {
        "pause": _("Paused"),
        "resume": _("Resumed"),
        "extend": _("Extended by a pair"),
        "stop": _("Stopped early"),
    }.get(kind, kind)


def segment_word(kind: str) -> str:
    return {"run-in": _("run-in"), "baseline": _("baseline"), "period": _("period")}.get(kind, kind)


def bins_line(mcid: float) -> str:
    """What "small", "modest" and "large" mean in the 7-bin bar (cuts at MCID × ¼, ½, 1)."""
    text = (
        _(
            "Large: a difference of {m:g} point or more (the MCID); modest: {h:g} to {m:g}; "
            "small: {q:g} to {h:g}; practically the same: under {q:g} points either way."
        )
        if mcid == 1
        else _(
            "Large: a difference of {m:g} points or more (the MCID); modest: {h:g} to {m:g}; "
            "small: {q:g} to {h:g}; practically the same: under {q:g} points either way."
        )
    )
    return text.format(m=mcid, h=mcid / 2, q=mcid / 4)


def noise_source(source: str) -> str:
    return {"own": _("your own ratings"), "default": _("default values")}.get(source, source)


def interim_line() -> str:
    return _(
        "Interim look: the trial is not over. The decision rule is for the whole trial; "
        "stopping early because it looks good now makes a wrong answer more likely."
    )


def pct(p: float) -> str:
    return f"{100 * p:.1f}%"


def chance(p: float) -> str:
    """A probability as a percentage that never rounds to a certainty: >99.9% and <0.1%."""
    if p > 0.999:
        return ">99.9%"
    if p < 0.001:
        return "<0.1%"
    return f"{100 * p:.1f}%"


def p_value(p: float) -> str:
    """A p-value to three significant figures, or <0.001."""
    return "<0.001" if p < 0.001 else f"{p:.3g}"


def num(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def design_lines(design: Design, names: dict[str, str]) -> list[str]:
    lead = []
    if design.run_in_days:
        lead.append(_("{n} run-in days").format(n=design.run_in_days))
    if design.baseline:
        lead.append(_("a {n}-day baseline period without a routine").format(n=design.period_days))
    return [
        _("A: {a}; B: {b}").format(a=names["A"], b=names["B"]),
        _("{pairs} pairs of {days}-day periods (each pair AB or BA at random){lead}").format(
            pairs=design.pairs,
            days=design.period_days,
            lead=(", " + _("after ") + _(" and ").join(lead)) if lead else "",
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


def noise_line(check: dict[str, Any]) -> str:
    noise = check["noise"]
    if noise["source"] == "own":
        source = _("from your own {days} days of ratings").format(days=noise["days"])
    else:
        source = _("defaults: you have fewer than {n} days of ratings").format(n=MIN_OWN_DAYS)
    return _(
        "Day-to-day noise assumed: ratings spread ±{spread:.2f} points (innovation SD "
        "{sigma:.2f}), correlation from one day to the next ρ = {rho:.2f} ({source})."
    ).format(spread=noise["spread"], sigma=noise["sigma"], rho=noise["rho"], source=source)


def sims_line(check: dict[str, Any]) -> str:
    return _("Out of {n} simulated trials like yours, for each possible truth:").format(
        n=check["n_sims"]
    )


def scenario_lines(check: dict[str, Any]) -> list[str]:
    words = (
        _("If A truly lowers your pain by {d:g} points (the MCID): concludes A better in {p}"),
        _("If A truly lowers it by {d:g} points (1.5 × MCID): concludes A better in {p}"),
        _("If A and B are truly the same: wrongly concludes A better in {p}"),
    )
    return [
        text.format(d=abs(s["delta"]), p=pct(s["p_a_better"]))
        for text, s in zip(words, check["scenarios"], strict=False)
    ]


def verdict_line(check: dict[str, Any], flags: bool = True) -> str:
    """Whether the design is strong enough, and what to change when it is not.

    ``flags`` adds the command-line options that would give the suggested design.
    """
    if not check["weak"]:
        return _("This design has a good chance of a clear answer if A helps by the MCID.")
    base = _("This design is weak: below {target}% chance of a clear answer at the MCID.").format(
        target=round(100 * check["power_target"])
    )
    s = check["suggestion"]
    if s is None:
        return base
    if s["power"] < check["power_target"]:
        return (
            base
            + " "
            + _(
                "Even {pairs} pairs of {days}-day periods, the most a plan allows, reach only {p}: "
                "a difference this small may not show against noise this large."
            ).format(pairs=s["pairs"], days=s["period_days"], p=pct(s["power"]))
        )
    advice = _("Try {pairs} pairs of {days}-day periods ({p} at the MCID)").format(
        pairs=s["pairs"], days=s["period_days"], p=pct(s["power"])
    )
    if flags:
        advice += _(", e.g. --pairs {pairs} --period {days}").format(
            pairs=s["pairs"], days=s["period_days"]
        )
    return base + " " + advice + "."


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


def planned_lines(d: dict[str, Any]) -> list[str]:
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
                power=pct(check["power"]),
                fp=pct(check["false_positive"]),
                n=check["n_sims"],
                src=noise_source(check["noise"]["source"]),
            )
        )
    return lines


def run_lines(run: dict[str, Any], events: list[dict[str, Any]]) -> list[str]:
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


def random_lines(r: dict[str, Any]) -> list[str]:
    seq = " ".join(r["sequence"]) if r["sequence"] else _("(shown when the trial ends)")
    if r["seed"] is None:
        seed = _(
            "Seed kept hidden until the trial ends (it would give the order away); its SHA-256 "
            "fingerprint {fp} lets you check then that it was never changed"
        ).format(fp=r["seed_sha256"])
        lines = [r["method"], _("{seed}; sequence {seq}.").format(seed=seed, seq=seq)]
    else:
        lines = [
            r["method"],
            _("Seed {seed} (SHA-256 {fp}); sequence {seq}.").format(
                seed=r["seed"], fp=r["seed_sha256"][:16] + "…", seq=seq
            ),
        ]
    if r["note"]:
        revealed = " ".join(a or "-" for a in r["revealed_periods"]) or "-"
        lines.append(_("Periods revealed so far: {arms}.").format(arms=revealed))
        lines.append(r["note"])
    return lines


def harm_lines(harms: list[dict[str, Any]]) -> list[str]:
    lines = []
    for h in harms:
        where = (
            _("period {p} ({arm})").format(p=h["period"], arm=h["arm"])
            if h["period"]
            else h["kind"]
        )
        rules = ", ".join(
            _("{rule} on {day}").format(rule=e.get("label") or e["rule"], day=e["date"])
            for e in h["stop_events"]
        )
        lines.append(f"{where}: {h['count']} — {rules or _('none')}")
    return lines or [_("No periods yet.")]


def period_cells(p: dict[str, Any]) -> dict[str, str]:
    """One row of the per-period table, as text, by column key."""
    adherent = "–" if p["days_adherent"] is None else f"{p['days_adherent']}/{p['days']}"
    return {
        "period": str(p["period"] or p["kind"]),
        "arm": p["arm"] or "–",
        "routine": p["routine_name"] if p["arm"] else _("none"),
        "from": p["first_day"] or "–",
        "days": f"{p['days']}/{p['days_planned']}",
        "rated": str(p["days_rated"]),
        "mean": num(p["mean"]),
        "worst": num(p["worst_mean"]),
        "adherent": adherent,
        "stops": str(len(p["stop_events"])),
    }


def period_headers() -> dict[str, str]:
    return {
        "period": _("Period"),
        "arm": _("Arm"),
        "routine": _("Routine"),
        "from": _("From"),
        "days": _("Days"),
        "rated": _("Rated"),
        "mean": _("Mean"),
        "worst": _("Worst"),
        "adherent": _("On protocol"),
        "stops": _("Stops"),
    }
