"""``unknot screen``: the safety screening, interactive or in one line for scripts."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from unknot.cli.context import state
from unknot.i18n import _

if TYPE_CHECKING:
    from unknot.core.screening import CountryNumbers, HipSurgery, Question, ScreeningResult
    from unknot.services.app import Services


def screen(
    ctx: typer.Context,
    batch: Annotated[
        bool,
        typer.Option(
            "--batch",
            help=_("Do not ask: every question not named with --yes is answered no."),
        ),
    ] = False,
    yes: Annotated[
        list[str] | None,
        typer.Option("--yes", help=_("With --batch: a question id answered yes (repeatable).")),
    ] = None,
    hip_side: Annotated[
        str | None, typer.Option(help=_("Hip surgery: left, right or both."))
    ] = None,
    hip_approach: Annotated[
        str | None,
        typer.Option(help=_("Hip surgery: anterior, posterior, lateral, resurfacing or unknown.")),
    ] = None,
    hip_date: Annotated[
        str | None, typer.Option(help=_("Hip surgery: date of the operation (YYYY-MM-DD)."))
    ] = None,
    hip_cleared: Annotated[
        bool, typer.Option(help=_("Hip surgery: your surgeon has cleared hip exercise."))
    ] = False,
    country: Annotated[
        str | None, typer.Option(help=_("Two-letter country code for emergency numbers."))
    ] = None,
    assessed: Annotated[
        bool,
        typer.Option(
            "--assessed", help=_("Confirm that a clinician has assessed you since the screening.")
        ),
    ] = False,
    show: Annotated[
        bool, typer.Option("--show", help=_("Show the last screening and the questions' ids."))
    ] = False,
) -> None:
    """Answer the safety questions before your first session (asked again every 30 days)."""
    from unknot.cli.safety_view import render_result
    from unknot.services import safety

    services = state(ctx).services
    if country:  # refused before any question is asked, so no answer is lost
        from unknot.services.profile import check_country

        country = check_country(country)
    if assessed:
        safety.confirm_assessed(services)
        _say(_("Thank you. Sessions are open again; follow what your clinician advised."))
        return
    if show:
        _show(services)
        return
    if batch:
        hip = _hip_from_flags(hip_side, hip_approach, hip_date, hip_cleared)
        answers = _batch_answers(set(yes or ()), hip is not None)
        result = safety.record(services, answers, hip, country)
    else:
        result = _interactive(services, country)
    render_result(result, safety.status(services).numbers(), next_hint=ctx.info_name == "screen")


def _say(text: str, style: str = "") -> None:
    from unknot.cli.render import console

    console().print(text, style=style, markup=False)


def _batch_answers(yes_ids: set[str], hip: bool) -> dict[str, bool]:
    from unknot.core.screening import HIP_SURGERY_QUESTION
    from unknot.errors import ValidationError
    from unknot.services.safety import questions

    known = [q.id for q in questions()]
    unknown = sorted(yes_ids - set(known))
    if unknown:
        raise ValidationError(
            _("Unknown screening question ids: {ids}.").format(ids=", ".join(unknown)),
            hint=_("Run `unknot screen --show` to list the question ids."),
        )
    if hip:
        yes_ids = yes_ids | {HIP_SURGERY_QUESTION}
    return {qid: qid in yes_ids for qid in known}


def _hip_from_flags(
    side: str | None, approach: str | None, when: str | None, cleared: bool
) -> HipSurgery | None:
    from unknot.core.screening import HipSurgery
    from unknot.errors import ValidationError

    given = [v for v in (side, approach, when) if v]
    if not given:
        return None
    if len(given) < 3:
        raise ValidationError(
            _("Hip surgery needs all three of --hip-side, --hip-approach and --hip-date."),
            hint=_("For example: --hip-side left --hip-approach anterior --hip-date 2026-01-20"),
        )
    try:
        operated = date.fromisoformat(str(when))
    except ValueError:
        raise ValidationError(
            _("--hip-date {value!r} is not a date like 2026-01-20.").format(value=when),
            hint=_("Write the date as YEAR-MONTH-DAY."),
        ) from None
    return HipSurgery(str(side), str(approach), operated, cleared)


GROUP_TITLES = {
    "emergency": _("Signs that need help now"),
    "same_day": _("Signs that need medical advice today"),
    "soon": _("Things a clinician should check first"),
    "contraindications": _("Health conditions that change the routine"),
}


def _interactive(services: Services, country: str | None) -> ScreeningResult:
    from unknot.core.screening import GROUPS, HIP_SURGERY_QUESTION, Tier, numbers_for
    from unknot.services import safety

    _say(_("Safety screening"), "bold")
    _say(
        _(
            "Four short lists of yes/no questions about your health today. They are not a "
            "diagnosis: they decide whether self-care is a good idea now and what to leave out. "
            "Answer for how you are at the moment."
        )
    )
    country = country or _ask_country(services)
    numbers = numbers_for(safety.countries(), country)
    answers: dict[str, bool] = {}
    hip: HipSurgery | None = None
    for number, group in enumerate(GROUPS, start=1):
        asked = [q for q in safety.questions() if q.group == group]
        for question in asked:
            answers[question.id] = False
        if not _any_applies(number, len(GROUPS), group, asked, numbers):
            continue
        _say(_("Which of them? Answer each one."), "dim")
        for question in asked:
            answers[question.id] = _ask(question, numbers)
            if question.id == HIP_SURGERY_QUESTION and answers[question.id]:
                hip = _ask_hip()
        if any(answers[q.id] for q in asked if q.tier is Tier.EMERGENCY):
            break  # an emergency answer: stop asking and show what to do now
    for question in safety.questions():
        answers.setdefault(question.id, False)
    return safety.record(services, answers, hip, country)


def _any_applies(
    number: int, total: int, group: str, asked: list[Question], numbers: CountryNumbers
) -> bool:
    from unknot.cli.safety_view import question_lines

    _say("")
    _say(
        _("{number} of {total}. {title}").format(
            number=number, total=total, title=GROUP_TITLES.get(group, group)
        ),
        "bold",
    )
    from rich.table import Table
    from rich.text import Text

    from unknot.cli.render import console

    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3, justify="right")
    grid.add_column()
    for question in asked:
        grid.add_row("•", Text(question_lines(question, numbers)[0]))
    console().print(grid)
    return typer.confirm(_("Does any of these apply to you now?"), default=False)


def _ask(question: Question, numbers: CountryNumbers) -> bool:
    from unknot.cli.safety_view import question_lines

    text, help_text = question_lines(question, numbers)
    _say("")
    _say(text, "bold")
    if help_text:
        _say(help_text, "dim")
    return typer.confirm(_("Yes?"), default=False)


def _ask_country(services: Services) -> str:
    import os

    from unknot.core.profile import country_from_locale
    from unknot.services.profile import country_code, get_profile

    current = get_profile(services).country
    if current:
        try:
            return country_code(current)
        except ValueError:
            pass  # a code saved by an older unknot that is not a country: ask again
    locale_name = os.environ.get("LC_ALL") or os.environ.get("LANG") or ""
    guess = country_from_locale(locale_name)
    while True:
        answer: str = typer.prompt(
            _(
                "Which country are you in? Two letters such as GB, US or KR, for the emergency "
                "numbers (Enter if you are not sure)"
            ),
            default=guess,
            show_default=bool(guess),
        )
        if not answer.strip():
            return ""
        try:
            return country_code(answer)
        except ValueError as exc:
            _say(str(exc), "yellow")
            _say(_("Type the code, such as GB, or just press Enter."), "yellow")


def _ask_hip() -> HipSurgery:
    from unknot.core.screening import HIP_APPROACHES, HIP_SIDES, HipSurgery

    side = _choose(_("Which hip was operated on?"), HIP_SIDES)
    approach = _choose(_("Which approach did the surgeon use (ask if unsure)?"), HIP_APPROACHES)
    while True:
        raw: str = typer.prompt(_("Date of the operation (YYYY-MM-DD)"))
        try:
            when = date.fromisoformat(raw.strip())
            break
        except ValueError:
            _say(_("Please write the date as YEAR-MONTH-DAY, e.g. 2026-01-20."), "yellow")
    cleared = typer.confirm(_("Has your surgeon cleared you for hip exercise?"), default=False)
    return HipSurgery(side, approach, when, cleared)


def _choose(prompt: str, choices: tuple[str, ...]) -> str:
    while True:
        answer: str = typer.prompt(f"{prompt} ({'/'.join(choices)})")
        if answer.strip().lower() in choices:
            return answer.strip().lower()
        _say(_("Please type one of: {choices}").format(choices=", ".join(choices)), "yellow")


def _show(services: Services) -> None:
    from unknot.cli.safety_view import render_questions, render_status
    from unknot.services import safety

    current = safety.status(services)
    render_status(current)
    render_questions(safety.questions(), current.numbers())


def register(app: typer.Typer) -> None:
    app.command()(screen)
