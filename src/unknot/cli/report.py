"""``unknot report``: pain trend, change per routine, SPADI, adherence and habits (F8).

In the terminal by default; ``--output`` writes a PNG or SVG figure or a PDF visit summary;
``--json`` prints the numbers. matplotlib and fpdf2 are imported only when a file is written.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from unknot.cli.context import state
from unknot.i18n import N_, _

if TYPE_CHECKING:
    from unknot.services.app import Actor

FORMATS = (".png", ".svg", ".pdf")


def register(app: typer.Typer) -> None:
    app.command("report")(report)


def _parse_day(text: str | None) -> date | None:
    from unknot.errors import ValidationError

    if text is None:
        return None
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d").date()
    except ValueError:
        raise ValidationError(
            _("--since {value!r} is not a date like 2026-01-31.").format(value=text),
            hint=_("Give the first day of the report as YYYY-MM-DD."),
        ) from None


def _check_output(output: Path) -> str:
    from unknot.errors import ValidationError

    suffix = output.suffix.lower()
    if suffix not in FORMATS:
        raise ValidationError(
            _("Cannot write {name}: the report is written as .png, .svg or .pdf.").format(
                name=output.name
            ),
            hint=_("Use for example `unknot report --output report.pdf`."),
        )
    from unknot.files import check_folder

    check_folder(output)  # before the report is made; export says the same
    return suffix


def report(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(help=N_("First day of the report, YYYY-MM-DD (default: the last 90 days).")),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help=N_("Write a .png or .svg figure or a .pdf summary.")),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print the numbers as JSON."))] = False,
) -> None:
    """Your pain trend, change per routine, SPADI, sessions and habits, in words and pictures."""
    from unknot.cli.render import console
    from unknot.services import insights as service

    first = _parse_day(since)
    suffix = _check_output(output) if output is not None else ""
    actor = state(ctx).actor
    if output is not None and suffix == ".pdf":
        from unknot.documents.report_pdf import write_pdf

        summary = service.visit_summary(actor, first)
        write_pdf(summary, output)
        result = summary.insights
    else:
        result = service.report(actor, first)
        if output is not None:
            from unknot.documents.report_plot import write_figure

            write_figure(result, output)
    if as_json:
        from unknot.core.insights.json_form import insights_json

        console().print(json.dumps(insights_json(result), indent=2), markup=False, soft_wrap=True)
    elif output is None:
        from unknot.cli.report_view import render_report

        render_report(console(), result)
        _render_routine_advice(actor)
    else:
        console().print(_("Wrote {path}.").format(path=output), markup=False)


def _render_routine_advice(actor: Actor) -> None:
    """The routine appointment the screening advised (tier D), with its booked/seen state."""
    from unknot.cli.render import console
    from unknot.services import safety

    text = safety.routine_report_text(safety.status(actor))
    if text:
        console().print("")
        console().print(_("Routine appointment"), style="bold", markup=False)
        console().print("  " + text, markup=False)
        console().print(
            "  " + _("Mark it with `unknot screen --booked` or `unknot screen --seen`."),
            style="dim",
            markup=False,
        )
