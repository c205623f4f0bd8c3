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

STYLES = {
    "emergency": "bold white on red",
    "in_person": "bold black on yellow",
    "same_day": "bold black on yellow",
    "soon": "bold yellow",
    "routine": "bold cyan",
    "clear": "bold green",
}


def render_result(result: ScreeningResult, numbers: CountryNumbers, next_hint: bool = True) -> None:
    """Each reason once (the answer that led to it), then the next step once."""
    from unknot.services.safety import advice_text
    from unknot.services.screening_out import checked_items, result_headline

    title, style = result_headline(result), STYLES[result.advice_key]
    body = RichText()
    if result.tier is Tier.EMERGENCY:
        body.append(_("Call {number} now.").format(number=numbers.emergency) + "\n", style="bold")
        if str(numbers.note):
            body.append(str(numbers.note) + "\n")
    if result.reasons:
        body.append(_("Why:") + "\n", style="bold")
    for hit in result.reasons:
        body.append("• " + fill_numbers(str(hit.message), numbers) + "\n")
    for item in checked_items(result, numbers):
        body.append("• " + item["text"] + "\n", style="dim")
    if result.tier is not Tier.CLEAR:  # a clear result's title already says it
        body.append(_("Next step:") + " ", style="bold")
        body.append(advice_text(result.advice_key, numbers) + "\n")
    if result.tier is Tier.SOON:
        body.append(_("Once a clinician has checked you, run `unknot screen --assessed`.") + "\n")
    if result.tier is Tier.ROUTINE:
        body.append(
            _("Once it is booked, run `unknot screen --booked`; once you have been seen, `--seen`.")
            + "\n"
        )
    if result.changes:
        body.append(_("Changes to your routine:") + "\n", style="bold")
    for hit in result.changes:
        body.append("• " + fill_numbers(str(hit.message), numbers) + "\n")
    if next_hint and result.session_allowed:
        body.append(_("To begin: `unknot plan` shows your session, `unknot start` runs it.") + "\n")
    body.append(
        _("Stop and get help at any time if something feels wrong. Emergency: {number}.").format(
            number=numbers.emergency
        ),
        style="dim",
    )
    console().print(Panel(body, title=title, title_align="left", border_style=style))


def tier_words() -> dict[str, str]:
    return {
        "emergency": _("emergency signs"),
        "same_day": _("same-day medical advice"),
        "soon": _("see a clinician soon"),
        "routine": _("book a routine appointment"),
        "clear": _("nothing that needs a clinician"),
    }


def render_status(current: SafetyStatus) -> None:
    from unknot.services.safety import rules_note_text

    if current.screened_on is None:
        console().print(_("No screening yet: run `unknot screen`."))
        return
    tier = tier_words().get(current.tier.value, current.tier.value) if current.tier else "-"
    console().print(
        _("Last screening: {day} ({tier}). Due again: {due}.").format(
            day=current.screened_on.isoformat(), tier=tier, due=_("yes") if current.due else _("no")
        ),
        markup=False,
    )
    note = rules_note_text(current)
    if note:
        console().print(note, markup=False, style="cyan")
    render_routine(current)


def render_routine(current: SafetyStatus) -> None:
    """The tier D advice, with its booked/seen state (Today, status, report)."""
    if not current.routine_ids:
        return
    state = {
        "": _("not booked yet: run `unknot screen --booked` once it is"),
        "booked": _("booked; run `unknot screen --seen` once you have been seen"),
        "seen": _("seen"),
    }.get(current.routine_status, current.routine_status)
    console().print(
        _("Routine appointment with a GP or physiotherapist: {state}.").format(state=state),
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
    console().print(
        _("A tier is how urgently a yes says to see someone; clear means it only adapts the plan."),
        style="dim",
        markup=False,
    )
    console().print(table)
