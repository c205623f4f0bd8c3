"""The journal commands (F7): ``log pain``, ``log note``, ``checkin``, ``spadi``, ``journal``.

Heavy imports stay inside the functions: ``unknot --help`` must not load the database.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from unknot.cli.context import state
from unknot.cli.groups import Group
from unknot.cli.inputs import pain_number
from unknot.i18n import N_, _

if TYPE_CHECKING:
    from datetime import datetime

WHERE_HELP = N_("Where it hurts: left, right or both, then front, top or back (right-front).")
AT_HELP = N_('When, if not now: "2026-03-02 18:30" in your time zone, or with an offset.')


def _at(text: str | None) -> datetime | None:
    from unknot.services.journal.times import parse_time

    return None if text is None else parse_time(text)


def log_pain(
    ctx: typer.Context,
    value: Annotated[
        int,
        typer.Argument(
            parser=pain_number,
            metavar=N_("PAIN"),
            help=N_("Shoulder pain, 0 (none) to 10 (worst)."),
        ),
    ],
    where: Annotated[str, typer.Option(help=WHERE_HELP)] = "",
    note: Annotated[str, typer.Option(help=N_("A few words about it."))] = "",
    at: Annotated[str | None, typer.Option(help=AT_HELP)] = None,
) -> None:
    """Log a shoulder pain rating, 0-10, now or at a time you give."""
    from unknot.cli.journal_view import saved_line
    from unknot.services.journal.write import log_pain as save

    entry = save(state(ctx).actor, value, location=where, note=note, at=_at(at))
    saved_line(_("Logged pain {value}/10").format(value=entry.value), entry)


def log_note(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help=N_("The note."))],
    at: Annotated[str | None, typer.Option(help=AT_HELP)] = None,
) -> None:
    """Write a free note in your journal."""
    from unknot.cli.journal_view import saved_line
    from unknot.services.journal.write import add_note

    saved_line(_("Noted"), add_note(state(ctx).actor, text, at=_at(at)))


def checkin(
    ctx: typer.Context,
    average: Annotated[
        int | None,
        typer.Option(
            parser=pain_number,
            metavar="0-10",
            help=N_("Average shoulder pain in the last 24 hours, 0-10."),
        ),
    ] = None,
    worst: Annotated[
        int | None,
        typer.Option(
            parser=pain_number,
            metavar="0-10",
            help=N_("Worst shoulder pain in the last 24 hours, 0-10."),
        ),
    ] = None,
    where: Annotated[
        list[str] | None,
        typer.Option(
            help=N_(
                "Where it hurts: left, right or both, then front, top or back (right-front). "
                "Repeat or separate by commas."
            )
        ),
    ] = None,
    sleep: Annotated[
        bool | None, typer.Option("--sleep/--no-sleep", help=N_("Pain disturbed your sleep."))
    ] = None,
    painkillers: Annotated[
        bool | None,
        typer.Option("--painkillers/--no-painkillers", help=N_("You took painkillers.")),
    ] = None,
    treatment: Annotated[
        str | None, typer.Option(help=N_("Any other treatment, such as ice or physiotherapy."))
    ] = None,
    posture_breaks: Annotated[
        bool | None,
        typer.Option("--posture-breaks/--no-posture-breaks", help=N_("You took posture breaks.")),
    ] = None,
    activity: Annotated[
        bool | None, typer.Option("--activity/--no-activity", help=N_("You were active."))
    ] = None,
    water: Annotated[
        bool | None, typer.Option("--water/--no-water", help=N_("You drank enough water."))
    ] = None,
    stretching: Annotated[
        bool | None, typer.Option("--stretching/--no-stretching", help=N_("You stretched."))
    ] = None,
    note: Annotated[str | None, typer.Option(help=N_("A few words about the day."))] = None,
    day: Annotated[
        str | None, typer.Option(help=N_("The day it is about (2026-03-02), if not today."))
    ] = None,
) -> None:
    """Today's check-in. Asks each question, or give --average and --worst (and any other
    flags) to save it without questions. A second check-in for a day corrects the first."""
    from unknot.cli.journal_view import (
        ask_checkin,
        offer_spadi,
        render_checkin_saved,
        render_checkin_trial_day,
    )
    from unknot.cli.render import kept_on_interrupt
    from unknot.services.journal.read import today_checkin
    from unknot.services.journal.times import parse_day
    from unknot.services.journal.write import check_in

    actor = state(ctx).actor
    the_day = parse_day(day) if day else None
    values: dict[str, Any] = {
        "average_pain": average,
        "worst_pain": worst,
        "locations": _places(where),
        "sleep_disturbed": sleep,
        "painkillers": painkillers,
        "other_treatment": treatment,
        "posture_breaks": posture_breaks,
        "activity": activity,
        "water": water,
        "stretching": stretching,
        "note": note,
    }
    scripted = average is not None and worst is not None
    if not scripted:
        before = today_checkin(actor, the_day)
        kept = (
            _("This check-in was not saved; the one given earlier for that day is kept.")
            if before is not None
            else _("This check-in was not saved.")
        )
        with kept_on_interrupt(kept):
            values = ask_checkin(values, before)
    saved = check_in(actor, values, day=the_day)
    render_checkin_saved(saved)
    render_checkin_trial_day(actor, saved.record.day)
    with kept_on_interrupt(_("Your check-in is saved; the SPADI questionnaire was not.")):
        offer_spadi(ctx, actor, ask=not scripted)


def _places(where: list[str] | None) -> list[str] | None:
    if where is None:
        return None
    return [p.strip() for item in where for p in item.split(",") if p.strip()]


def spadi(
    ctx: typer.Context,
    answers: Annotated[
        str | None,
        typer.Option(help=N_("All 13 answers, 0-10, separated by commas; '-' for one skipped.")),
    ] = None,
    note: Annotated[str, typer.Option(help=N_("A few words about it."))] = "",
) -> None:
    """The SPADI questionnaire (shoulder pain and disability, weekly): ask or take --answers."""
    from unknot.cli.journal_view import ask_spadi, parse_answers, render_spadi_saved
    from unknot.cli.render import kept_on_interrupt
    from unknot.services.journal.write import record_spadi

    actor = state(ctx).actor
    if answers is not None:
        given = parse_answers(answers)
    else:
        with kept_on_interrupt(_("This SPADI questionnaire was not saved.")):
            given = ask_spadi(actor)
        if all(answer is None for answer in given):
            from unknot.errors import ValidationError

            raise ValidationError(
                _("Every question was skipped, so nothing was saved."),
                hint=_("Answer at least one question to save a SPADI questionnaire."),
            )
    render_spadi_saved(record_spadi(actor, given, note=note))


def journal(
    ctx: typer.Context,
    since: Annotated[
        str | None, typer.Option(help=N_("Only from this day on (2026-03-01)."))
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print the entries as JSON."))] = False,
    show_all: Annotated[
        bool, typer.Option("--all", help=N_("Also show corrected and deleted entries."))
    ] = False,
) -> None:
    """Your journal, newest first: pain ratings, check-ins, SPADI and notes."""
    if ctx.invoked_subcommand is not None:
        return
    from unknot.cli.journal_view import render_entries
    from unknot.services.journal.read import entries
    from unknot.services.journal.times import parse_day

    found = entries(
        state(ctx).actor, parse_day(since, "since") if since else None, include_history=show_all
    )
    if as_json:
        typer.echo(json.dumps([e.to_json() for e in found], ensure_ascii=False, indent=2))
        return
    render_entries(found, show_all)


def edit(
    ctx: typer.Context,
    entry_id: Annotated[str, typer.Argument(metavar="ID", help=N_("The entry's id (a prefix)."))],
    value: Annotated[
        int | None,
        typer.Option(parser=pain_number, metavar="0-10", help=N_("A pain rating's new value.")),
    ] = None,
    where: Annotated[str | None, typer.Option(help=WHERE_HELP)] = None,
    note: Annotated[str | None, typer.Option(help=N_("A new note."))] = None,
    at: Annotated[str | None, typer.Option(help=AT_HELP)] = None,
    text: Annotated[str | None, typer.Option(help=N_("A journal note's new text."))] = None,
    average: Annotated[
        int | None,
        typer.Option(parser=pain_number, metavar="0-10", help=N_("A check-in's average pain.")),
    ] = None,
    worst: Annotated[
        int | None,
        typer.Option(parser=pain_number, metavar="0-10", help=N_("A check-in's worst pain.")),
    ] = None,
    answers: Annotated[str | None, typer.Option(help=N_("A SPADI's 13 answers."))] = None,
) -> None:
    """Correct an entry. The old version stays in the history, marked as corrected."""
    from unknot.cli.journal_view import parse_answers, render_edit
    from unknot.services.journal.read import find
    from unknot.services.journal.write import edit as save

    actor = state(ctx).actor
    kind = find(actor, entry_id).kind
    changes: dict[str, Any] = {
        "value": value,
        "note": note,
        "taken_at": _at(at),
        "text": text,
        "average_pain": average,
        "worst_pain": worst,
        "answers": parse_answers(answers) if answers is not None else None,
    }
    if kind == "checkin":
        changes["locations"] = _places([where] if where is not None else None)
    else:
        changes["location"] = where
    render_edit(save(actor, entry_id, changes))


def delete(
    ctx: typer.Context,
    entry_id: Annotated[str, typer.Argument(metavar="ID", help=N_("The entry's id (a prefix)."))],
) -> None:
    """Delete an entry. It stays in the history, marked as deleted."""
    from unknot.cli.journal_view import render_deleted
    from unknot.services.journal.write import delete as remove

    render_deleted(remove(state(ctx).actor, entry_id))


def register(app: typer.Typer) -> None:
    """Attach ``log``, ``checkin``, ``spadi`` and ``journal``."""
    log = typer.Typer(
        help=N_("Log a pain rating or a note."),
        no_args_is_help=True,
        rich_markup_mode=None,
        cls=Group,
    )
    # "-1" reaches the pain parser, which names the range, instead of "No such option".
    log.command("pain", context_settings={"ignore_unknown_options": True})(log_pain)
    log.command("note")(log_note)
    app.add_typer(log, name="log")
    app.command()(checkin)
    app.command()(spadi)
    group = typer.Typer(
        help=N_("Your journal: list, correct or delete entries."),
        invoke_without_command=True,
        rich_markup_mode=None,
        cls=Group,
    )
    group.callback(invoke_without_command=True)(journal)
    group.command("edit")(edit)
    group.command("delete")(delete)
    app.add_typer(group, name="journal")
