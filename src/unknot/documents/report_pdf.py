"""The one- or two-page PDF visit summary for a physiotherapist, made with fpdf2.

It holds the same content as ``unknot report`` (the sentences come from
``unknot.core.insights.text``, the figure from ``report_plot``) plus the profile and the
safety screening. DejaVu Sans is used when installed, for full Unicode; otherwise the PDF core
font Helvetica, with the few non-Latin-1 characters replaced.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from unknot import files
from unknot.core.insights import text as words
from unknot.core.insights.build import Change
from unknot.core.profile import cause_label
from unknot.documents.report_plot import figure_bytes
from unknot.i18n import _, date_and_time
from unknot.services.insights import VisitSummary

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
ASCII_FALLBACK = {"\u2212": "-", "\u2192": "->", "\u2013": "-", "\u00b1": "+/-", "\u2022": "*"}
MAX_STOPS = 6
FIGURE_HEIGHT_MM = 118.0


def tier_words(tier: str) -> str:
    words_for = {
        "clear": _("nothing that needs a clinician"),
        "caution": _("precautions: the routine is adapted"),  # stored by rules before 2026-12
        "routine": _("book a routine appointment (self-care goes on)"),
        "soon": _("see a clinician soon"),
        "same_day": _("same-day medical advice"),
        "emergency": _("emergency signs"),
    }
    return words_for.get(tier, tier)


def write_pdf(summary: VisitSummary, path: Path) -> None:
    """Write the PDF to ``path`` whole (0600), or leave an earlier file there as it was."""
    files.check_folder(path)
    files.write_bytes(path, pdf_bytes(summary))


def pdf_bytes(summary: VisitSummary, font_dir: Path = FONT_DIR) -> bytes:
    document = _Document(font_dir)
    document.build(summary)
    return bytes(document.pdf.output())


class _Document:
    def __init__(self, font_dir: Path) -> None:
        from fpdf import FPDF

        summary_title = _("Shoulder pain: visit summary")

        class _Pdf(FPDF):
            def footer(inner) -> None:
                inner.set_y(-12)
                inner.set_font(self.family, "", 7.5)
                inner.set_text_color(110)
                inner.cell(
                    0,
                    5,
                    self.text(
                        _("{title} · page {page} of {{nb}}").format(
                            title=summary_title, page=inner.page_no()
                        )
                    ),
                    align="C",
                )

        self.pdf = _Pdf(format="A4")
        self.pdf.set_margins(15, 14, 15)
        self.pdf.set_auto_page_break(True, margin=16)
        self.pdf.set_title(summary_title)
        self.pdf.set_creator("unknot")
        self.unicode = all((font_dir / name).exists() for name in FONT_FILES.values())
        if self.unicode:
            for style, name in FONT_FILES.items():
                self.pdf.add_font("DejaVu", style, str(font_dir / name))
            self.family = "DejaVu"
        else:
            self.family = "Helvetica"

    # -- text helpers ----------------------------------------------------------------------

    def text(self, value: str) -> str:
        if self.unicode:
            return value
        for char, plain in ASCII_FALLBACK.items():
            value = value.replace(char, plain)
        return value.encode("latin-1", "replace").decode("latin-1")

    def font(self, size: float, style: str = "", grey: int = 20) -> None:
        self.pdf.set_font(self.family, style, size)
        self.pdf.set_text_color(grey)

    def heading(self, value: str) -> None:
        self.pdf.ln(1.5)
        self.font(11, "B")
        self.pdf.cell(0, 6, self.text(value), new_x="LMARGIN", new_y="NEXT")

    def para(self, value: str, size: float = 9, style: str = "", grey: int = 20) -> None:
        self.font(size, style, grey)
        self.pdf.multi_cell(
            0, size * 0.48, self.text(value), align="L", new_x="LMARGIN", new_y="NEXT"
        )

    def rows(self, widths: tuple[float, ...], header: list[str], body: list[list[str]]) -> None:
        self.font(8.5)
        with self.pdf.table(
            col_widths=widths,
            line_height=4.4,
            first_row_as_headings=True,
            headings_style=_heading_style(),
            borders_layout="HORIZONTAL_LINES",
            width=180,
            align="LEFT",
            text_align="LEFT",
        ) as table:
            for values in [header, *body]:
                row = table.row()
                for value in values:
                    row.cell(self.text(value))

    # -- the document ----------------------------------------------------------------------

    def build(self, summary: VisitSummary) -> None:
        ins = summary.insights
        self.pdf.add_page()
        self.font(16, "B")
        self.pdf.cell(
            0, 8, self.text(_("Shoulder pain: visit summary")), new_x="LMARGIN", new_y="NEXT"
        )
        self.para(
            _(
                "{first} to {last}. Made by unknot on {made}. Everything here was recorded by "
                "the person; it is self-tracking, not a diagnosis."
            ).format(
                first=ins.since.isoformat(),
                last=ins.today.isoformat(),
                made=date_and_time(summary.made_at),
            ),
            size=8.5,
            grey=90,
        )
        if ins.clinician.due:
            self._clinician_box(summary)
        self._person(summary)
        self.heading(_("Pain trend"))
        if any(d.average is not None for d in ins.days) or ins.spadi.points:
            png = figure_bytes(ins, "png", dpi=170, with_changes=False)
            self.pdf.image(
                io.BytesIO(png),
                x=self.pdf.l_margin,
                w=self.pdf.epw,
                h=FIGURE_HEIGHT_MM,
                keep_aspect_ratio=True,
            )
        else:
            self.para(_("No pain numbers or SPADI in this period."))
        if not ins.clinician.due:
            self.para(words.clinician_text(ins.clinician))
        self._changes(_("Pain before → after, per routine"), ins.routines, ins.names)
        if ins.techniques:
            self._changes(_("Pain before → after each technique"), ins.techniques, ins.names)
        self.para(words.change_footnote(bool(ins.techniques)), size=7.5, style="I", grey=80)
        self.heading(_("SPADI (0-100, lower is better)"))
        self.para(words.spadi_text(ins.spadi))
        self.heading(_("Sessions"))
        self.para(words.adherence_text(ins.recent))
        if ins.window.days > ins.recent.days:
            self.para(words.adherence_text(ins.window, since=ins.since))
        self._stops(summary)
        self.heading(_("Habits and next-day pain"))
        for link in ins.habits:
            self.para(words.habit_text(link), size=8.5)
        self.para(words.habits_footnote(ins.habits), size=7.5, style="I", grey=80)
        self.para(
            _(
                "Sources: NRS change wording, Farrar et al. Pain 2001 and Michener et al. J Sport "
                "Rehabil 2011; SPADI, Roach et al. 1991 (MDC 13 points) and Roy et al. 2009 (MDC "
                "about 18); the two-week rule, {nhs}."
            ).format(nhs=words.NHS_SOURCE),
            size=7,
            grey=110,
        )

    def _clinician_box(self, summary: VisitSummary) -> None:
        pdf = self.pdf
        pdf.ln(1)
        pdf.set_draw_color(213, 94, 0)
        pdf.set_line_width(0.6)
        self.font(9.5, "B", grey=0)
        body = words.clinician_text(summary.insights.clinician)
        pdf.multi_cell(
            0, 5, self.text(body), border=1, padding=2, align="L", new_x="LMARGIN", new_y="NEXT"
        )
        pdf.set_line_width(0.2)
        pdf.set_draw_color(0)

    def _person(self, summary: VisitSummary) -> None:
        profile, safety = summary.profile, summary.safety
        unset = _("not set")
        self.heading(_("Person and screening"))
        screened = _("never")
        if safety.screened_on is not None and safety.tier is not None:
            screened = _("{day}: {result}").format(
                day=safety.screened_on.isoformat(),
                result=tier_words(safety.tier.value),
            )
        items = [
            (_("Painful shoulder"), profile.painful_shoulder.value or unset),
            (_("Likely causes"), ", ".join(cause_label(c) for c in profile.causes) or unset),
            (
                _("Time for a session"),
                _("{m} min").format(m=profile.minutes_available)
                if profile.minutes_available
                else unset,
            ),
            (_("Pressure"), profile.pressure.value),
            (_("Last screening"), screened),
            (_("Screening flags"), ", ".join(_question_texts(safety.hit_ids)) or _("none")),
            (_("Conditions the plan adapts to"), ", ".join(sorted(safety.conditions)) or _("none")),
        ]
        from unknot.services.safety import routine_report_text

        routine = routine_report_text(safety)
        if routine:
            items.append((_("Routine appointment"), routine))
        if safety.hip_surgery is not None:
            hip = safety.hip_surgery
            items.append(
                (_("Hip surgery"), f"{hip.side}, {hip.approach}, {hip.operated_on.isoformat()}")
            )
        self.font(8.5)
        for label, value in items:
            self.font(8.5, "B")
            self.pdf.cell(56, 4.4, self.text(label))
            self.font(8.5)
            self.pdf.multi_cell(0, 4.4, self.text(value), new_x="LMARGIN", new_y="NEXT")

    def _changes(self, title: str, changes: tuple[Change, ...], names: Mapping[str, str]) -> None:
        self.heading(title)
        if not changes:
            self.para(_("No session with a pain rating before and after in this period."))
            return
        body = [_change_row(c, names) for c in changes]
        header = [
            _("Routine or technique"),
            "n",
            _("Before"),
            _("After"),
            _("Change (95% CI)"),
            _("Size"),
        ]
        self.rows((44, 10, 16, 16, 42, 52), header, body)

    def _stops(self, summary: VisitSummary) -> None:
        ins = summary.insights
        stops = ins.stops
        if not stops:
            self.para(_("No session was stopped by a safety rule in this period."), size=8.5)
            return
        self.para(
            _("Sessions stopped by a safety rule: {n} (the latest {k} below).").format(
                n=len(stops), k=min(len(stops), MAX_STOPS)
            ),
            size=8.5,
        )
        body = [
            [
                s.day.isoformat(),
                ins.name(s.routine_id),
                words.ended_text(s.status),
                ", ".join(ins.name(rule) for rule in s.rules),
            ]
            for s in stops[-MAX_STOPS:]
        ]
        self.rows((26, 40, 24, 90), [_("Day"), _("Routine"), _("Ended"), _("Rule")], body)


def _heading_style() -> Any:
    from fpdf.fonts import FontFace

    return FontFace(emphasis="BOLD", fill_color=(235, 235, 235))


def _change_row(c: Change, names: Mapping[str, str]) -> list[str]:
    if not c.shown:
        return [words.change_label(c, names), str(c.n), "", "", _("too few to show"), ""]
    assert c.mean is not None and c.low is not None and c.high is not None
    assert c.mean_before is not None and c.mean_after is not None
    return [
        words.change_label(c, names),
        str(c.n),
        words.num(c.mean_before),
        words.num(c.mean_after),
        f"{words.signed(c.mean)} ({words.signed(c.low)} to {words.signed(c.high)})",
        words.change_size_text(c),
    ]


def _question_texts(ids: tuple[str, ...]) -> list[str]:
    if not ids:
        return []
    from unknot.services.safety import questions

    texts = {q.id: str(q.text) for q in questions()}
    return [texts.get(i, i) for i in ids]
