"""``unknot techniques``, ``unknot routines``, ``unknot routines check FILE``, ``unknot show``.

Heavy imports (the loader, YAML, Rich tables) happen inside the commands, so that
``unknot --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from unknot.cli.context import state
from unknot.cli.groups import Group
from unknot.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from rich.table import Table

    from unknot.config import Settings
    from unknot.core.content import Dose, Library, Range, Routine, Technique


def techniques(ctx: typer.Context) -> None:
    """List the techniques: position, sides and dose."""
    from rich.table import Table

    from unknot.cli.render import console
    from unknot.services.library import builtin_library

    _settings(ctx)  # reads the settings, which also sets the language
    table = Table(title=_("Techniques"), title_justify="left")
    table.add_column(_("Id"), no_wrap=True, min_width=24)
    for header in (_("Name"), _("Position"), _("Sides"), _("Dose")):
        table.add_column(header)
    for technique in builtin_library().techniques.values():
        table.add_row(
            technique.id,
            str(technique.name),
            position_label(technique.position),
            sides_label(technique),
            dose_label(technique.dose),
        )
    console().print(table, markup=False)
    console().print(_("Run `unknot show ID` for the steps, cautions and sources."))


def routines(ctx: typer.Context) -> None:
    """List the built-in routines and yours, with their estimated length."""
    if ctx.invoked_subcommand is not None:
        return
    from unknot.cli.render import console, err_console
    from unknot.services.library import builtin_library, read_user_routines
    from unknot.services.plan import lengths_today

    settings = state(ctx).settings
    base = builtin_library()
    user = read_user_routines(settings.routines_dir, base)
    lengths = lengths_today(state(ctx).actor)
    # names and paths come from the person's files: printed as they are, never as Rich markup
    console().print(
        routines_table((*base.routines.values(), *user.routines), lengths), markup=False
    )
    console().print(
        _(
            "Times are how long each routine takes for you today, as `unknot plan ROUTINE` "
            "shows it: doses start low and lengthen as you tolerate them. "
            "Your own routine files go in {dir}."
        ).format(dir=settings.routines_dir),
        markup=False,
    )
    for error in user.errors:
        err_console().print(
            _("Left out: {message} {hint}").format(message=error.message, hint=error.hint),
            markup=False,
        )


def check(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=N_("The routine file to check."))],
) -> None:
    """Check a routine file and report every problem with its line and field."""
    from unknot.cli.render import console
    from unknot.services.library import builtin_library, check_routine_file

    routine = check_routine_file(file, state(ctx).settings.routines_dir)
    console().print(
        ngettext(
            "{file} is a valid routine: {name} ({id}), {count} item, {time}.",
            "{file} is a valid routine: {name} ({id}), {count} items, {time}.",
            len(routine.items),
        ).format(
            file=file,
            name=routine.name,
            id=routine.id,
            count=len(routine.items),
            time=duration_label(routine, builtin_library()),
        ),
        markup=False,
    )


def show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=N_("A technique or routine id or name."))],
) -> None:
    """Show everything about one technique or routine."""
    from unknot.core.content import Technique
    from unknot.services.library import find, load_library

    library = load_library(state(ctx).settings.routines_dir, strict=False)
    thing = find(library, name)
    if isinstance(thing, Technique):
        show_technique(thing)
    else:
        from unknot.services.plan import lengths_today

        show_routine(thing, library, lengths_today(state(ctx).actor).get(thing.id))


def routines_table(routines: Iterable[Routine], lengths: Mapping[str, int]) -> Table:
    """The routines with their length today (``lengths``: seconds by routine id)."""
    from rich.table import Table

    table = Table(title=_("Routines"), title_justify="left")
    table.add_column(_("Id"), no_wrap=True)
    for header in (_("Name"), _("Items"), _("Time"), _("From")):
        table.add_column(header)
    for routine in routines:
        table.add_row(
            routine.id,
            str(routine.name),
            str(len(routine.items)),
            minutes(lengths[routine.id]) if routine.id in lengths else "–",
            _("built in") if routine.builtin else routine.path,
        )
    return table


def _settings(ctx: typer.Context) -> Settings:
    return state(ctx).settings


# --- rendering --------------------------------------------------------------------------


def show_technique(technique: Technique) -> None:
    from unknot.cli.render import console

    out = console()
    out.print(f"{technique.name}  ({technique.id})", style="bold", markup=False)
    out.print(str(technique.summary), markup=False)
    out.print()
    for label, value in (
        (_("Kind"), kind_label(technique.kind)),
        (_("Position"), position_label(technique.position)),
        (_("Equipment"), ", ".join(map(equipment_label, technique.equipment)) or _("none")),
        (_("Sides"), sides_label(technique)),
        (_("Dose"), dose_label(technique.dose)),
        (_("Pressure"), str(technique.pressure)),
    ):
        out.print(f"{label}: {value}", markup=False)
    _section(_("Steps"), [str(step) for step in technique.steps], numbered=True)
    _section(_("Cautions"), [str(caution) for caution in technique.cautions])
    for variant in technique.variants:
        title = _("Another way ({id}): {note}").format(id=variant.id, note=variant.note)
        _section(title, [str(step) for step in variant.steps], numbered=True)
    _section(_("Evidence"), [str(technique.evidence)], bullet="")
    _section(_("Sources"), [f"{s.label}: {s.ref}" for s in technique.sources])
    out.print()
    out.print(_("Tags: {tags}").format(tags=", ".join(sorted(technique.tags))), markup=False)
    if technique.illustration:
        out.print(_("Drawing: {file}").format(file=technique.illustration), markup=False)


def show_routine(routine: Routine, library: Library, today_s: int | None = None) -> None:
    from rich.table import Table

    from unknot.cli.render import console
    from unknot.core.content import item_dose, item_seconds

    out = console()
    out.print(f"{routine.name}  ({routine.id})", style="bold", markup=False)
    if routine.description.en:
        out.print(str(routine.description), markup=False)
    if today_s is not None:
        time = _("{today} for you today (doses start low and lengthen as you tolerate them)")
        time = time.format(today=minutes(today_s))
    else:
        time = duration_label(routine, library)
    out.print(_("Time: {time}.").format(time=time), markup=False)
    if routine.path:
        out.print(_("File: {path}").format(path=routine.path), markup=False)
    table = Table()
    for header in ("#", _("Technique"), _("Sides"), _("Dose"), _("Time")):
        table.add_column(header)
    for number, item in enumerate(routine.items, start=1):
        technique = library.technique(item.technique)
        table.add_row(
            str(number),
            f"{technique.name} ({technique.id})",
            sides_label(technique),
            dose_label(item_dose(item, technique)),
            minutes(item_seconds(item, technique)),
        )
    out.print(table, markup=False)
    out.print(_("Run `unknot show ID` on a technique for its steps and cautions."))


def _section(title: str, lines: list[str], numbered: bool = False, bullet: str = "-") -> None:
    """A bold title, then the lines with a hanging indent (numbered or bulleted)."""
    from rich.table import Table
    from rich.text import Text

    from unknot.cli.render import console

    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", min_width=3)
    grid.add_column()
    for number, line in enumerate(lines, start=1):
        grid.add_row(f"{number}." if numbered else bullet, Text(line))
    out = console()
    out.print()
    out.print(title, style="bold", markup=False)
    out.print(grid)


def duration_label(routine: Routine, library: Library) -> str:
    from unknot.core.content import estimate_seconds

    low, mid, high = (round(estimate_seconds(routine, library, at) / 60) for at in (0, 0.5, 1))
    return _("about {mid} min ({low}–{high})").format(mid=mid, low=low, high=high)


def minutes(seconds: int) -> str:
    if seconds < 90:
        return _("{n} s").format(n=seconds)
    return _("{n} min").format(n=round(seconds / 60))


def span_label(value: Range, unit: str) -> str:
    if value.low == value.high:
        return f"{value.low}{unit}"
    return f"{value.low}–{value.high}{unit}"


def dose_label(dose: Dose) -> str:
    hold = dose.hold_s
    if dose.reps.high == 1 and hold.low % 60 == 0 and hold.high % 60 == 0:
        low, high = hold.low // 60, hold.high // 60
        whole = f"{low}" if low == high else f"{low}–{high}"
        return _("{minutes} min").format(minutes=whole)
    if dose.reps.high == 1:
        return span_label(hold, " s")
    text = _("{reps} × {hold} hold").format(
        reps=span_label(dose.reps, ""), hold=span_label(hold, " s")
    )
    if dose.reps.high > 1 and dose.rest_s:
        text += _(", {rest} s rest").format(rest=dose.rest_s)
    return text


def sides_label(technique: Technique) -> str:
    word = _("arm") if technique.side_word == "arm" else _("hip")
    return {
        "none": _("both together"),
        "each_side": _("each {word} in turn").format(word=word),
        "affected_side": _("painful {word}").format(word=word),
    }[technique.laterality.value]


def kind_label(kind: str) -> str:
    return {"massage": _("massage"), "stretch": _("stretch"), "exercise": _("exercise")}.get(
        kind, kind
    )


def position_label(position: str) -> str:
    labels = {
        "supine_knees_bent": _("lying on your back, knees bent"),
        "side_lying": _("lying on your side"),
        "half_kneeling": _("kneeling on one knee"),
        "standing": _("standing"),
        "standing_bent_forward": _("standing, bent forward"),
        "seated": _("sitting"),
        "doorway": _("standing in a doorway"),
    }
    return labels.get(position, position.replace("_", " "))


def equipment_label(name: str) -> str:
    labels = {
        "mat": _("a mat or bed"),
        "pillow": _("a pillow"),
        "cushion": _("a cushion"),
        "massage_tool": _("a massage tool (optional)"),
        "table_or_chair": _("a table or sturdy chair"),
        "door_frame": _("a door frame"),
        "towel": _("a folded towel (optional)"),
    }
    return labels.get(name, name.replace("_", " "))


def register(app: typer.Typer) -> None:
    app.command("techniques", help=N_("List the techniques: position, sides and dose."))(techniques)
    group = typer.Typer(
        help=N_("List the routines, or check a routine file you wrote."),
        invoke_without_command=True,
        rich_markup_mode=None,
        cls=Group,
    )
    group.callback(invoke_without_command=True)(routines)
    group.command("check", help=N_("Check a routine file and list every problem."))(check)
    app.add_typer(group, name="routines")
    app.command("show", help=N_("Show everything about one technique or routine."))(show)
