"""How screening results and the safety status look in the terminal."""

from __future__ import annotations

from collections.abc import Sequence

from rich.panel import Panel
from rich.table import Table
from rich.text import Text as RichText

from unknot.cli.render import console
from unknot.core.screening import CountryNumbers, Question, ScreeningResult, Tier, fill_numbers
from unknot.i18n import _
from unknot.services.safety import SafetyStatus

HEADLINES = {
    Tier.EMERGENCY: (_("Get emergency help now"), "bold white on red"),
    Tier.SAME_DAY: (_("Get medical advice today"), "bold black on yellow"),
    Tier.SOON: (_("See a clinician in the next few days"), "bold yellow"),
    Tier.CAUTION: (_("Self-care is fine, with changes for you"), "bold cyan"),
    Tier.CLEAR: (_("Nothing in the screening stops a session"), "bold green"),
}


def render_result(result: ScreeningResult, numbers: CountryNumbers, next_hint: bool = True) -> None:
    headline, style = HEADLINES[result.tier]
    body = RichText()
    if result.tier is Tier.EMERGENCY:
        body.append(_("Call {number} now.").format(number=numbers.emergency) + "\n", style="bold")
        body.append(str(numbers.note) + "\n")
    for hit in result.hits:
        body.append("• " + fill_numbers(str(hit.message), numbers) + "\n")
    if result.tier is Tier.SAME_DAY:
        body.append(_("Same-day advice: {where}").format(where=str(numbers.same_day)) + "\n")
        body.append(_("No session today.") + "\n")
    if result.tier is Tier.SOON:
        body.append(
            _("No session until you have been assessed; then run `unknot screen --assessed`.")
            + "\n"
        )
    if next_hint and result.tier in (Tier.CAUTION, Tier.CLEAR):
        body.append(_("Next: `unknot plan` shows your session, `unknot start` runs it.") + "\n")
    body.append(
        _("Stop and get help at any time if something feels wrong. Emergency: {number}.").format(
            number=numbers.emergency
        ),
        style="dim",
    )
    console().print(Panel(body, title=headline, title_align="left", border_style=style))


def render_status(current: SafetyStatus) -> None:
    if current.screened_on is None:
        console().print(_("No screening yet: run `unknot screen`."))
        return
    tier = current.tier.value if current.tier else "-"
    console().print(
        _("Last screening: {day} ({tier}). Due again: {due}.").format(
            day=current.screened_on.isoformat(), tier=tier, due=_("yes") if current.due else _("no")
        ),
        markup=False,
    )


def question_lines(question: Question, numbers: CountryNumbers) -> tuple[str, str]:
    """A question's text and help as the person reads them: with their country's numbers."""
    return fill_numbers(str(question.text), numbers), fill_numbers(str(question.help), numbers)


def render_questions(questions: Sequence[Question], numbers: CountryNumbers) -> None:
    table = Table(title=_("Screening questions"), title_justify="left")
    table.add_column(_("id"), style="bold", no_wrap=True)
    table.add_column(_("tier"))
    table.add_column(_("question"))
    for question in questions:
        text = question_lines(question, numbers)[0]
        table.add_row(RichText(question.id), question.tier.value, RichText(text))
    console().print(table)
