"""Data that travels: ``export``, ``import``, ``backup``, ``calendar`` and ``demo``.

Heavy imports stay inside the commands, so ``unknot --help`` stays light.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from unknot.cli.context import state
from unknot.cli.inputs import whole_number
from unknot.i18n import N_, _

if TYPE_CHECKING:
    from unknot.services.app import Actor


def calendar_note() -> str:
    return _(
        "Note: some calendar apps (and some phones' calendar sync) drop the alarms of imported "
        "events. If no reminder pops up, turn on a notification for these events in your app."
    )


@contextmanager
def _opened(ctx: typer.Context) -> Iterator[Actor]:
    """The Actor of one command, its App closed after it (no connection is left to the GC)."""
    actor = state(ctx).actor
    try:
        yield actor
    finally:
        actor.app.close()


def _say(text: str) -> None:
    from unknot.cli.render import console

    console().print(text, markup=False, highlight=False)


def _counts(found: dict[str, int]) -> str:
    """The store's own wording of counts, imported here so that `--help` stays light."""
    from unknot.services.exchange.bulk import counts_in_words

    return counts_in_words(found)


def export(
    ctx: typer.Context,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=N_("json (a full backup), csv or fhir."))
    ] = "json",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help=N_("File to write (for csv: a folder, or a file ending .zip).")
        ),
    ] = None,
) -> None:
    """Export everything you have recorded, as a JSON backup, CSV files or a FHIR R4 Bundle."""
    from unknot.services.exchange.transfer import export as run_export

    with _opened(ctx) as actor:
        result = run_export(actor, fmt.lower(), output)
    _say(_("Wrote {path} ({what}).").format(path=result.path, what=_counts(result.counts)))
    if result.format == "json":
        _say(_("Bring it back with: unknot import {path}").format(path=result.path))


def import_command(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help=N_("A JSON backup, or a CSV of pain ratings."))],
) -> None:
    """Import a JSON backup, or pain ratings from a CSV (time,value,location,note); all or none."""
    from unknot.services.exchange.transfer import import_file

    with _opened(ctx) as actor:
        result = import_file(actor, path)
    if result.adopted is not None:
        _say(_("This store now holds the backup's person ({id}).").format(id=result.adopted))
    _say(_("Imported {path}: added {what}.").format(path=path, what=_counts(result.added)))
    if result.already:
        _say(
            _("{n} record(s) were already here and were left as they are.").format(n=result.already)
        )


def backup(
    ctx: typer.Context,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help=N_("File or folder for the copy."))
    ] = None,
) -> None:
    """Copy the SQLite database consistently, even while unknot is in use."""
    from unknot.services.exchange.transfer import backup as run_backup

    with _opened(ctx) as actor:
        made = run_backup(actor, output)
    _say(_("Backed up the database to {path}.").format(path=made))


def calendar(
    ctx: typer.Context,
    output: Annotated[
        Path, typer.Option("--output", "-o", help=N_("The .ics file to write."))
    ] = Path("unknot-reminders.ics"),
    at: Annotated[
        str, typer.Option("--time", metavar="HH:MM", help=N_("Daily session time, HH:MM."))
    ] = "19:30",
    checkin: Annotated[str, typer.Option(help=N_("Daily check-in time, HH:MM."))] = "21:00",
    posture_every: Annotated[
        int,
        typer.Option(
            parser=whole_number(0, None, N_("the minutes between breaks")),
            metavar=N_("MINUTES"),
            help=N_("Minutes between posture breaks (0: none)."),
        ),
    ] = 0,
    water_every: Annotated[
        int,
        typer.Option(
            parser=whole_number(0, None, N_("the minutes between reminders")),
            metavar=N_("MINUTES"),
            help=N_("Minutes between water reminders (0: none)."),
        ),
    ] = 0,
    day_starts: Annotated[str, typer.Option(help=N_("First break or water reminder."))] = "09:00",
    day_ends: Annotated[str, typer.Option(help=N_("Last break or water reminder."))] = "17:00",
    timezone: Annotated[
        str | None, typer.Option(help=N_("Time zone (default: your profile's)."))
    ] = None,
) -> None:
    """Write an .ics calendar with your daily session, check-in and break reminders."""
    from unknot.services.calendar import Schedule, parse_clock, write_calendar

    schedule = Schedule(
        session=parse_clock(at, "--time"),
        checkin=parse_clock(checkin, "--checkin"),
        posture_every=posture_every,
        water_every=water_every,
        day_starts=parse_clock(day_starts, "--day-starts"),
        day_ends=parse_clock(day_ends, "--day-ends"),
    )
    with _opened(ctx) as actor:
        made = write_calendar(actor, output, schedule, timezone)
    _say(
        _("Wrote {path}: {n} daily reminder(s) in {zone}.").format(
            path=made.path, n=len(made.reminders), zone=made.zone
        )
    )
    _say(calendar_note())


def demo(
    ctx: typer.Context,
    days: Annotated[
        int,
        typer.Option(
            parser=whole_number(None, None, N_("the days")),
            metavar=N_("DAYS"),
            help=N_("How many days of data, ending yesterday."),
        ),
    ] = 365,
    seed: Annotated[
        int,
        typer.Option(
            parser=whole_number(None, None, N_("the seed")),
            help=N_("The same seed gives the same data."),
        ),
    ] = 1,
    force: Annotated[bool, typer.Option(help=N_("Replace the data already in the store."))] = False,
) -> None:
    """Fill an empty data folder with realistic synthetic data, to try the reports."""
    from unknot.services.demo.folder import fill

    with _opened(ctx) as actor:
        result = fill(actor, days=days, seed=seed, force=force)
    if result.backup is not None:
        _say(_("Saved a copy of the old data to {path}.").format(path=result.backup))
    _say(
        _("Made {days} days of demo data: {what}.").format(
            days=result.days, what=_counts(result.counts)
        )
    )
    if result.trial is not None:
        _say(
            _(
                "It includes a finished personal trial, {a} (A) against {b} (B), "
                "from {start} to {end}."
            ).format(
                a=result.trial.design.arm_a,
                b=result.trial.design.arm_b,
                start=result.trial.start.isoformat(),
                end=result.trial.end.isoformat(),
            )
        )
        _say(_("Try: unknot report, or unknot trial report"))
    else:
        _say(_("Try: unknot report"))


def register(app: typer.Typer) -> None:
    app.command()(export)
    app.command("import")(import_command)
    app.command()(backup)
    app.command()(calendar)
    app.command()(demo)
