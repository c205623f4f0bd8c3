"""The trial report as a PDF (fpdf2), from the same content as ``unknot trial report``.

Same approach as :mod:`unknot.documents.report_pdf`: DejaVu Sans when installed (full Unicode),
otherwise the core font Helvetica with the few non-Latin-1 characters replaced.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from unknot import files
from unknot.core import trial_text as t
from unknot.core.insights.text import clinician_title
from unknot.core.trial_report import (
    TrialReport,
    blinding_text,
    methods_text,
    outcome_texts,
    why_text,
)
from unknot.documents.report_pdf import ASCII_FALLBACK, FONT_DIR, FONT_FILES
from unknot.i18n import _

EXTRA_FALLBACK = {"δ": "delta", "ρ": "rho", "≥": ">=", "≤": "<=", "—": "-", "×": "x", "…": "..."}


def write_pdf(report: TrialReport, path: Path) -> None:
    """Write the PDF to ``path`` whole (0600), or leave an earlier file there as it was."""
    files.check_folder(path)
    files.write_bytes(path, pdf_bytes(report))


def pdf_bytes(report: TrialReport, font_dir: Path = FONT_DIR) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(15, 14, 15)
    pdf.set_auto_page_break(True, margin=16)
    pdf.set_title(report.title)
    pdf.set_creator("unknot")
    unicode = all((font_dir / name).exists() for name in FONT_FILES.values())
    if unicode:
        for style, name in FONT_FILES.items():
            pdf.add_font("DejaVu", style, str(font_dir / name))
    doc = _Doc(pdf, "DejaVu" if unicode else "Helvetica", unicode)
    doc.build(report)
    return bytes(pdf.output())


class _Doc:
    def __init__(self, pdf: Any, family: str, unicode: bool) -> None:
        self.pdf, self.family, self.unicode = pdf, family, unicode

    def text(self, value: str) -> str:
        if self.unicode:
            return value
        for char, plain in {**ASCII_FALLBACK, **EXTRA_FALLBACK}.items():
            value = value.replace(char, plain)
        return value.encode("latin-1", "replace").decode("latin-1")

    def heading(self, value: str) -> None:
        self.pdf.ln(1.5)
        self.pdf.set_font(self.family, "B", 11)
        self.pdf.cell(0, 6, self.text(value), new_x="LMARGIN", new_y="NEXT")

    def para(self, value: str, size: float = 8.5, style: str = "") -> None:
        self.pdf.set_font(self.family, style, size)
        self.pdf.multi_cell(0, size * 0.48, self.text(value), new_x="LMARGIN", new_y="NEXT")

    def section(self, title: str, lines: list[str]) -> None:
        self.heading(title)
        for line in lines:
            self.para(line)

    def build(self, report: TrialReport) -> None:
        from unknot.documents.trial_plot import figure_bytes

        body = report.to_json()
        self.pdf.add_page()
        self.pdf.set_font(self.family, "B", 14)
        self.pdf.multi_cell(0, 7, self.text(report.title), new_x="LMARGIN", new_y="NEXT")
        self.para(_("State: {state}; as of {today}. Self-tracking, not a diagnosis.").format(
            state=report.state, today=report.today.isoformat()))  # fmt: skip
        self.section(_("Verdict"), list(report.verdict))
        self.section(_("Why an N-of-1 trial"), [why_text()])
        self.section(_("Condition and concurrent treatments"), t.condition_lines(body["condition"]))
        self.section(_("Interventions as given"), t.intervention_lines(body["interventions"]))
        self.section(_("Design as planned"), t.planned_lines(body["design_planned"]))
        self.section(_("Design as run"), t.run_lines(body["design_as_run"], body["events"]))
        self.section(_("Randomisation"), t.random_lines(body["randomisation"]))
        self.section(_("Blinding"), [blinding_text()])
        self.section(_("Outcomes"), list(outcome_texts().values()))
        self.section(_("Statistical methods"), [methods_text()])
        self._periods([*body["lead_in"], *body["periods"]])
        self.section(_("Harms and stop events"), t.harm_lines(body["harms"]))
        if report.state not in ("finished", "stopped"):
            self.para(t.interim_line(), style="B")
        self._analysis(body["analysis"], report.analysis_reason)
        self.section(_("Limitations"), list(report.limitations))
        if report.clinician.get("due"):
            self.section(clinician_title(), [report.clinician["text"]])
        self.heading(_("Figures"))
        self.pdf.image(io.BytesIO(figure_bytes(report)), w=180)

    def _periods(self, rows: list[dict[str, Any]]) -> None:
        self.heading(_("Results per period"))
        self.pdf.set_font(self.family, "", 8)
        header = [_("Period"), _("Arm"), _("From"), _("Days"), _("Rated"), _("Mean"),
                  _("On protocol"), _("Stops")]  # fmt: skip
        with self.pdf.table(width=180, line_height=4.4, borders_layout="HORIZONTAL_LINES") as t:
            for values in [header, *(_period_cells(p) for p in rows)]:
                row = t.row()
                for value in values:
                    row.cell(self.text(value))

    def _analysis(self, analysis: dict[str, Any] | None, reason: str | None) -> None:
        self.heading(_("Analysis (exact Bayesian, with classical companions)"))
        if analysis is None:
            self.para(str(reason))
            return
        primary = analysis["primary"]
        if primary["available"]:
            self.para(_("δ = mean(A) − mean(B): median {m:.2f}, 95% interval {lo:.2f} to {hi:.2f}; "
                        "P(A better) = {p:.3f}; decision: {d}.").format(
                m=primary["median"], lo=primary["ci95"][0], hi=primary["ci95"][1],
                p=primary["p_a_better"], d=analysis["decision"]))  # fmt: skip
            for at in primary["at_mcid"]:
                bins = "; ".join(f"{b['label']} {100 * b['p']:.1f}%" for b in at["bins"])
                self.para(_("For you, in this trial, compared with B (MCID {m:g}): {bins}.").format(
                    m=at["mcid"], bins=bins))  # fmt: skip
                self.para(t.bins_line(at["mcid"]), size=7.5)
        else:
            self.para(str(primary["reason"]))
        for line in (analysis.get("prior_sensitivity") or {}).get("words", []):
            self.para(_("Prior sensitivity: {line}").format(line=line))
        for m in analysis["methods"]:
            if m["available"] and "estimate" in m:
                self.para(f"{m['name']}: {m['estimate']:.2f} "
                          f"(95% CI {m['ci95'][0]:.2f} to {m['ci95'][1]:.2f}), "
                          f"p = {m['p_two_sided']:.3g}")  # fmt: skip
            elif m["available"]:
                self.para(f"{m['name']}: p = {m['p_two_sided']:.3g} (two-sided)")
            else:
                self.para(f"{m['name']}: {m['reason']}")
        for s in analysis["sensitivity"]:
            if s["available"]:
                self.para(_("Sensitivity, {d}: median {m:.2f}, P(A better) {p:.3f}.").format(
                    d=s["description"], m=s["median"], p=s["p_a_better"]))  # fmt: skip
            else:
                self.para(_("Sensitivity, {d}: {r}.").format(d=s["description"], r=s["reason"]))


def _period_cells(p: dict[str, Any]) -> list[str]:
    mean = "-" if p["mean"] is None else f"{p['mean']:.2f}"
    adherent = "-" if p["days_adherent"] is None else f"{p['days_adherent']}/{p['days']}"
    return [str(p["period"] or p["kind"]), p["arm"] or "-", p["first_day"] or "-",
            f"{p['days']}/{p['days_planned']}", str(p["days_rated"]), mean, adherent,
            str(len(p["stop_events"]))]  # fmt: skip
