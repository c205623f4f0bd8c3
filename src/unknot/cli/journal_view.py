"""How the journal looks and asks in the terminal: prompts, summaries, the entries table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import typer
from rich.table import Table

from unknot.cli.render import ask, confirm, console
from unknot.core.journal import HABITS, LOCATIONS, CheckIn, PainEntry, Record, SpadiEntry
from unknot.core.spadi import ITEMS, MDC, MDC_HIGH, score
from unknot.errors import Problem, ValidationError
from unknot.i18n import _, date_and_time
from unknot.services.app import Actor
from unknot.services.journal.read import Entry
from unknot.services.journal.times import zone_named
from unknot.services.journal.write import Saved


def habit_questions() -> dict[str, str]:
    return {
        "posture_breaks": _("Did you take posture breaks today?"),
        "activity": _("Were you physically active today?"),
        "water": _("Did you drink enough water today?"),
        "stretching": _("Did you stretch today?"),
    }


def habit_names() -> dict[str, str]:
    return {
        "posture_breaks": _("posture breaks"),
        "activity": _("activity"),
        "water": _("water"),
        "stretching": _("stretching"),
    }


def context_names() -> dict[str, str]:
    return {
        "before": _("before a session"),
        "after": _("after a session"),
        "technique": _("after a technique"),
        "during": _("during a session"),
    }


def status_names() -> dict[str, str]:
    from unknot.services.journal.read import status_words

    return status_words()


# --- one line per record -------------------------------------------------------------------


def local_time(record: Record) -> str:
    return date_and_time(record.taken_at.astimezone(zone_named(record.timezone).tz))


def summary(record: Record) -> str:
    """A record in a few words, as the list and the confirmations show it."""
    if isinstance(record, PainEntry):
        parts = [_("pain {value}/10").format(value=record.value)]
        parts += [context_names().get(record.context, ""), record.location, record.note]
    elif isinstance(record, CheckIn):
        parts = [
            _("check-in for {day}: average {average}, worst {worst}").format(
                day=record.day, average=record.average_pain, worst=record.worst_pain
            ),
            ", ".join(record.locations),
            _("sleep disturbed") if record.sleep_disturbed else "",
            _("painkillers") if record.painkillers else "",
            record.other_treatment,
            _("habits: {names}").format(names=", ".join(_habits(record)))
            if _habits(record)
            else "",
            record.note,
        ]
    elif isinstance(record, SpadiEntry):
        parts = [_("SPADI {scores}").format(scores=spadi_scores(record)), record.note]
    else:
        parts = [_("note: {text}").format(text=record.text)]
    return " · ".join(p for p in parts if p)


def _habits(record: CheckIn) -> list[str]:
    return [habit_names()[h] for h in HABITS if record.habit(h)]


def spadi_scores(record: SpadiEntry) -> str:
    result = score(record.answers)

    def shown(value: float | None) -> str:
        return "-" if value is None else f"{value:.1f}"

    return _("total {total}, pain {pain}, disability {disability}").format(
        total=shown(result.total), pain=shown(result.pain), disability=shown(result.disability)
    )


def saved_line(what: str, record: Record) -> None:
    console().print(
        _("{what} at {time} (id {id}).").format(
            what=what, time=local_time(record), id=record.id.hex[:8]
        ),
        markup=False,
    )


def render_entries(entries: Sequence[Entry], show_all: bool) -> None:
    if not entries:
        console().print(
            _("Your journal is empty. Start with `unknot log pain 3` or `unknot checkin`."),
            markup=False,
        )
        return
    table = Table(title=_("Your journal"), title_justify="left")
    table.add_column(_("Id"), no_wrap=True)
    table.add_column(_("When"), no_wrap=True)
    table.add_column(_("Entry"))
    if show_all:
        table.add_column(_("History"))
    for entry in entries:
        row = [entry.short_id, local_time(entry.record), summary(entry.record)]
        table.add_row(*row, *([status_names()[entry.status]] if show_all else []))
    console().print(table, markup=False)  # notes are the person's words: no Rich markup


def render_edit(saved: Saved[Any]) -> None:
    old, new = saved.replaced, saved.record
    assert old is not None
    console().print(
        _("Corrected: {old} → {new}.").format(old=summary(old), new=summary(new)), markup=False
    )
    console().print(
        _("The new version is {new}; {old} stays in the history as corrected.").format(
            new=new.id.hex[:8], old=old.id.hex[:8]
        ),
        markup=False,
    )


def render_deleted(entry: Entry) -> None:
    console().print(
        _("Deleted {id}: {summary}. It stays in the history (`unknot journal --all`).").format(
            id=entry.short_id, summary=summary(entry.record)
        ),
        markup=False,
    )


# --- check-in ------------------------------------------------------------------------------


def ask_rating(question: str, default: int | None) -> int:
    """Ask for a 0-10 rating until the answer is one."""
    while True:
        answer: str = ask(question, default=None if default is None else str(default))
        if answer.strip().isdigit() and 0 <= int(answer) <= 10:
            return int(answer)
        console().print(_("Please type a whole number from 0 to 10."), style="yellow")


def ask_places(default: Sequence[str]) -> list[str]:
    question = _("Where does it hurt? For example right-front; several with commas; '-' for none")
    while True:
        answer: str = ask(question, default=", ".join(default) or "-")
        places = [p.strip() for p in answer.split(",") if p.strip() and p.strip() != "-"]
        wrong = [p for p in places if p not in LOCATIONS]
        if not wrong:
            return places
        console().print(
            _("{places} not understood; use {allowed}.").format(
                places=", ".join(wrong), allowed=", ".join(LOCATIONS)
            ),
            style="yellow",
            markup=False,
        )


def ask_checkin(values: Mapping[str, Any], before: CheckIn | None) -> dict[str, Any]:
    """Ask every question a flag did not answer; answers of an earlier check-in are defaults."""
    if before is not None:
        console().print(
            _(
                "You already checked in for {day}. Your answers now correct that check-in; "
                "the first one stays in the history."
            ).format(day=before.day),
            markup=False,
        )
    got = dict(values)

    def old(name: str, fallback: Any) -> Any:
        return fallback if before is None else getattr(before, name)

    def need(name: str) -> bool:
        return got.get(name) is None

    if need("average_pain"):
        got["average_pain"] = ask_rating(
            _("Average shoulder pain in the last 24 hours, 0 (none) to 10 (worst imaginable)"),
            old("average_pain", None),
        )
    while need("worst_pain") or got["worst_pain"] < got["average_pain"]:
        if not need("worst_pain"):
            console().print(
                _("The worst cannot be lower than the average ({average}).").format(
                    average=got["average_pain"]
                ),
                style="yellow",
            )
        got["worst_pain"] = ask_rating(
            _("Worst shoulder pain in the last 24 hours, 0-10"),
            old("worst_pain", None),
        )
    if need("locations"):
        got["locations"] = ask_places(old("locations", ()))
    if need("sleep_disturbed"):
        got["sleep_disturbed"] = confirm(
            _("Did shoulder pain disturb your sleep?"), default=old("sleep_disturbed", False)
        )
    if need("painkillers"):
        got["painkillers"] = confirm(
            _("Did you take painkillers?"), default=old("painkillers", False)
        )
    if need("other_treatment"):
        got["other_treatment"] = _ask_text(
            _("Any other treatment, such as ice or physiotherapy? ('-' for none)"),
            old("other_treatment", ""),
        )
    for habit in HABITS:
        if need(habit):
            got[habit] = confirm(habit_questions()[habit], default=bool(old(habit, False)))
    if need("note"):
        got["note"] = _ask_text(_("A note about the day? ('-' for none)"), old("note", ""))
    return got


def _ask_text(question: str, default: str) -> str:
    answer: str = ask(question, default=default or "-")
    return "" if answer.strip() == "-" else answer.strip()


def render_checkin_saved(saved: Saved[CheckIn]) -> None:
    record = saved.record
    if saved.replaced is not None:
        message = _(
            "Check-in for {day} corrected: it replaces the earlier one ({old}), which stays in "
            "the history."
        ).format(day=record.day, old=saved.replaced.id.hex[:8])
    else:
        message = _("Check-in for {day} saved.").format(day=record.day)
    console().print(message, markup=False)
    console().print(f"  {summary(record)} (id {record.id.hex[:8]})", markup=False)


def render_checkin_trial_day(actor: Actor, day: date) -> None:
    """One line naming the trial day the check-in of ``day`` counts for; nothing without an
    open trial."""
    from unknot.services.trial.day import checkin_trial_day

    found = checkin_trial_day(actor, day)
    if found is not None:
        console().print(found.message, markup=False)


def offer_spadi(ctx: typer.Context, actor: Actor, ask: bool) -> None:
    from unknot.services.journal.read import spadi_due
    from unknot.services.journal.write import record_spadi

    if not spadi_due(actor):
        return
    question = _("Your weekly SPADI questionnaire is due (13 questions). Answer it now?")
    if not ask:
        console().print(_("Your weekly SPADI questionnaire is due: `unknot spadi`."), markup=False)
    elif confirm(question, default=False):
        render_spadi_saved(record_spadi(actor, ask_spadi(actor)))


def journal_status(actor: Actor) -> None:
    """Two lines for ``unknot`` without a command: today's check-in, and SPADI when due."""
    from unknot.services.journal.read import spadi_due, today_checkin

    if today_checkin(actor) is not None:
        console().print(_("Today's check-in: done."), markup=False)
    else:
        console().print(_("Today's check-in: not yet, `unknot checkin` (a minute)."), markup=False)
    if spadi_due(actor):
        console().print(_("Your weekly SPADI questionnaire is due: `unknot spadi`."), markup=False)


# --- SPADI ---------------------------------------------------------------------------------


def parse_answers(text: str) -> list[int | None]:
    """ "5,4,-,…": one value per item; '-' (or nothing) for an item left unanswered."""
    parts = [p.strip() for p in text.split(",")]
    answers: list[int | None] = []
    problems: list[Problem] = []
    for index, part in enumerate(parts):
        if part in ("", "-"):
            answers.append(None)
            continue
        try:
            answers.append(int(part))
        except ValueError:
            answers.append(None)
            name = ITEMS[index] if index < len(ITEMS) else "answers"
            problems.append(
                Problem(
                    _("{value!r} is not a whole number from 0 to 10").format(value=part), field=name
                )
            )
    if problems:
        raise ValidationError(
            _("Some SPADI answers are not numbers."),
            hint=_("Give 13 values from 0 to 10 separated by commas, '-' for one skipped."),
            problems=problems,
        )
    return answers


def ask_spadi(actor: Actor) -> list[int | None]:
    from unknot.services.journal.read import latest_spadi
    from unknot.services.journal.spadi_form import spadi_form

    form, out = spadi_form(), console()
    out.print(form.name, style="bold", markup=False)
    out.print(form.attribution, style="dim", markup=False)
    latest = latest_spadi(actor)
    if latest is not None:
        out.print(
            _("Last answered on {day}; it is meant weekly.").format(day=local_time(latest)[:10]),
            markup=False,
        )
    out.print(form.recall, markup=False)
    answers: list[int | None] = []
    for scale in form.scales:
        out.print(f"\n{scale.question} {scale.instruction}", style="bold", markup=False)
        out.print(f"{scale.low} … {scale.high}", markup=False)
        for number, (_item, text) in enumerate(scale.items, start=1):
            answers.append(_ask_item(f"{number}. {text}"))
    return answers


def _ask_item(question: str) -> int | None:
    while True:
        answer: str = ask(_("{question} (0-10, '-' to skip)").format(question=question))
        text = answer.strip()
        if text == "-":
            return None
        if text.isdigit() and 0 <= int(text) <= 10:
            return int(text)
        console().print(_("Please type a whole number from 0 to 10."), style="yellow")


def render_spadi_saved(record: SpadiEntry) -> None:
    result, out = score(record.answers), console()
    out.print(
        _("SPADI saved ({answered} of 13 answered): {scores}, out of 100; higher is worse.").format(
            answered=result.answered, scores=spadi_scores(record)
        ),
        markup=False,
    )
    out.print(
        _(
            "Formula: sum of the answered items / (10 × items answered) × 100, for each part and "
            "for the total; a part with more than 2 items skipped has no score, and then there "
            "is no total. A change of {mdc} points or more in the total is larger than typical "
            "measurement error (about {mdc} points; some studies say {high}); a change between "
            "{mdc} and {high} is uncertain."
        ).format(mdc=MDC, high=MDC_HIGH),
        style="dim",
        markup=False,
    )
