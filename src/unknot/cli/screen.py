"""``unknot screen``: the safety screening, interactive or in one line for scripts."""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from unknot.cli.context import state
from unknot.cli.render import ask, confirm, kept_on_interrupt
from unknot.i18n import N_, _

if TYPE_CHECKING:
    from unknot.core.screening import CountryNumbers, HipSurgery, Question, ScreeningResult
    from unknot.services.app import Actor


def screen(
    ctx: typer.Context,
    batch: Annotated[
        bool,
        typer.Option(
            "--batch",
            help=N_("Do not ask: every question not named with --yes is answered no."),
        ),
    ] = False,
    yes: Annotated[
        list[str] | None,
        typer.Option("--yes", help=N_("With --batch: a question id answered yes (repeatable).")),
    ] = None,
    checked: Annotated[
        list[str] | None,
        typer.Option(
            "--checked",
            help=N_(
                "With --batch: a question answered yes that a clinician has already checked "
                "(an injury or a see-a-clinician question; repeatable)."
            ),
        ),
    ] = None,
    hip_side: Annotated[
        str | None, typer.Option(help=N_("Hip surgery: left, right or both."))
    ] = None,
    hip_approach: Annotated[
        str | None,
        typer.Option(help=N_("Hip surgery: anterior, posterior, lateral, resurfacing or unknown.")),
    ] = None,
    hip_date: Annotated[
        str | None, typer.Option(help=N_("Hip surgery: date of the operation (YYYY-MM-DD)."))
    ] = None,
    hip_cleared: Annotated[
        bool, typer.Option(help=N_("Hip surgery: your surgeon has cleared hip exercise."))
    ] = False,
    country: Annotated[
        str | None, typer.Option(help=N_("Two-letter country code for emergency numbers."))
    ] = None,
    assessed: Annotated[
        bool,
        typer.Option(
            "--assessed", help=N_("Confirm that a clinician has checked you since the screening.")
        ),
    ] = False,
    booked: Annotated[
        bool,
        typer.Option(
            "--booked", help=N_("The routine appointment the screening advised is booked.")
        ),
    ] = False,
    seen: Annotated[
        bool,
        typer.Option("--seen", help=N_("You have been seen at the routine appointment.")),
    ] = False,
    show: Annotated[
        bool, typer.Option("--show", help=N_("Show the last screening and the questions' ids."))
    ] = False,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help=N_("Print the result (or, with --show, the questions) as JSON.")
        ),
    ] = False,
) -> None:
    """Answer the safety questions before your first session (asked again every 30 days)."""
    from unknot.cli.safety_view import render_result
    from unknot.services import safety

    actor = state(ctx).actor
    if country:  # refused before any question is asked, so no answer is lost
        from unknot.services.profile import check_country

        country = check_country(country)
    if assessed:
        safety.confirm_assessed(actor)
        _say(_("Thank you. Sessions are open again; follow what your clinician advised."))
        return
    if booked or seen:
        _mark_routine(actor, "seen" if seen else "booked")
        return
    if show:
        _show(actor, as_json)
        return
    if batch:
        hip = _hip_from_flags(hip_side, hip_approach, hip_date, hip_cleared)
        answers = _batch_answers(set(yes or ()) | set(checked or ()), hip is not None)
        result = safety.record(actor, answers, hip, country, checked or ())
    else:
        if as_json:
            from unknot.errors import ValidationError

            raise ValidationError(
                _("--json prints the result of a screening answered with --batch."),
                hint=_("Add --batch and name each yes answer with --yes ID."),
            )
        with kept_on_interrupt(_unsaved_screening(actor)):
            result = _interactive(actor, country)
    numbers = safety.status(actor).numbers()
    if as_json:
        from unknot.services.screening_out import outcome_dict

        typer.echo(json.dumps(outcome_dict(result, numbers), ensure_ascii=False, indent=2))
        return
    render_result(result, numbers, next_hint=ctx.info_name == "screen")


def _unsaved_screening(actor: Actor) -> str:
    from unknot.services import safety

    last = safety.status(actor).screened_on
    if last is None:
        return _("These answers were not saved; no screening is recorded yet.")
    return _("These answers were not saved; your screening of {day} is kept as it was.").format(
        day=last.isoformat()
    )


def _mark_routine(actor: Actor, state_name: str) -> None:
    from unknot.services import safety

    safety.mark_routine(actor, state_name)
    if state_name == "seen":
        _say(_("Noted: you have been seen. The next screening asks about it again."))
    else:
        _say(
            _(
                "Noted: your appointment is booked. Once you have been seen, run "
                "`unknot screen --seen`."
            )
        )


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


def _interactive(actor: Actor, country: str | None) -> ScreeningResult:
    from unknot.core.screening import HIP_SURGERY_QUESTION, Tier, numbers_for
    from unknot.services import safety

    data = safety.screening_data()
    _say(_("Safety screening"), "bold")
    _say(
        _(
            "{n} short lists of yes/no questions about your health today. They are not a "
            "diagnosis: they decide whether self-care is a good idea now and what to leave out. "
            "Answer for how you are at the moment."
        ).format(n=len(data.groups))
    )
    country = country or _ask_country(actor)
    numbers = numbers_for(safety.countries(), country)
    answers: dict[str, bool] = {q.id: False for q in data.questions}
    checked: set[str] = set()
    hip: HipSurgery | None = None
    for number, group in enumerate(data.groups, start=1):
        asked = list(data.group_questions(group.id))
        title = _("{number} of {total}. {title}").format(
            number=number, total=len(data.groups), title=str(group.title)
        )
        if not _any_applies(title, asked, numbers):
            continue
        _say(_("Which of them? Answer each one."), "dim")
        for question in asked:
            answers[question.id] = _ask(question, numbers)
            if answers[question.id] and question.assessable and _already_checked():
                checked.add(question.id)
            if question.id == HIP_SURGERY_QUESTION and answers[question.id]:
                hip = _ask_hip()
        if any(answers[q.id] for q in asked if q.tier is Tier.EMERGENCY):
            break  # an emergency answer: stop asking and show what to do now
    return safety.record(actor, answers, hip, country, checked)


def _already_checked() -> bool:
    return confirm(
        _("Has a doctor, nurse or physiotherapist already checked this since it started?"),
        default=False,
    )


def _any_applies(title: str, asked: list[Question], numbers: CountryNumbers) -> bool:
    from rich.table import Table
    from rich.text import Text

    from unknot.cli.render import console
    from unknot.cli.safety_view import question_lines

    _say("")
    _say(title, "bold")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3, justify="right")
    grid.add_column()
    for question in asked:
        grid.add_row("•", Text(question_lines(question, numbers)[0]))
    console().print(grid)
    return confirm(_("Does any of these apply to you now?"), default=False)


def _ask(question: Question, numbers: CountryNumbers) -> bool:
    from unknot.cli.safety_view import question_lines

    text, help_text = question_lines(question, numbers)
    _say("")
    _say(text, "bold")
    if help_text:
        _say(help_text, "dim")
    return confirm(_("Yes?"), default=False)


def _ask_country(actor: Actor) -> str:
    import os

    from unknot.core.profile import country_from_locale
    from unknot.services.profile import country_code, get_profile

    current = get_profile(actor).country
    if current:
        try:
            return country_code(current)
        except ValueError:
            pass  # a code saved by an older unknot that is not a country: ask again
    locale_name = os.environ.get("LC_ALL") or os.environ.get("LANG") or ""
    guess = country_from_locale(locale_name)
    while True:
        answer: str = ask(
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
        raw: str = ask(_("Date of the operation (YYYY-MM-DD)"))
        try:
            when = date.fromisoformat(raw.strip())
            break
        except ValueError:
            _say(_("Please write the date as YEAR-MONTH-DAY, e.g. 2026-01-20."), "yellow")
    cleared = confirm(_("Has your surgeon cleared you for hip exercise?"), default=False)
    return HipSurgery(side, approach, when, cleared)


def _choose(prompt: str, choices: tuple[str, ...]) -> str:
    while True:
        answer: str = ask(f"{prompt} ({'/'.join(choices)})")
        if answer.strip().lower() in choices:
            return answer.strip().lower()
        _say(_("Please type one of: {choices}").format(choices=", ".join(choices)), "yellow")


def _show(actor: Actor, as_json: bool) -> None:
    from unknot.cli.safety_view import render_questions, render_status
    from unknot.services import safety

    current = safety.status(actor)
    if as_json:
        from unknot.services.screening_out import questions_dict

        body = questions_dict(current.numbers())
        typer.echo(json.dumps(body, ensure_ascii=False, indent=2))
        return
    render_status(current)
    render_questions(safety.questions(), current.numbers())


def register(app: typer.Typer) -> None:
    app.command()(screen)
