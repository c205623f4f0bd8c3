"""``unknot profile``: show or change what the plan adapts to."""

from __future__ import annotations

from typing import Annotated

import typer

from unknot.cli.context import state
from unknot.i18n import N_, _


def profile(
    ctx: typer.Context,
    shoulder: Annotated[
        str | None, typer.Option(help=N_("Painful shoulder: left, right or both."))
    ] = None,
    cause: Annotated[
        list[str] | None,
        typer.Option(
            help=N_("Likely cause, repeatable: strain, posture, rotator-cuff or tension (stress)."),
        ),
    ] = None,
    clear_causes: Annotated[bool, typer.Option(help=N_("Forget the likely causes."))] = False,
    minutes: Annotated[
        int | None, typer.Option(help=N_("Minutes you usually have for a session."))
    ] = None,
    pressure: Annotated[
        str | None, typer.Option(help=N_("Pressure you prefer: light, medium or firm."))
    ] = None,
    country: Annotated[
        str | None, typer.Option(help=N_("Two-letter country code for emergency numbers."))
    ] = None,
    timezone: Annotated[
        str | None, typer.Option(help=N_("Your time zone, e.g. Europe/London."))
    ] = None,
    language: Annotated[str | None, typer.Option(help=N_("Language: en or ko."))] = None,
    countries: Annotated[
        bool, typer.Option("--countries", help=N_("List every country code you can give."))
    ] = False,
) -> None:
    """Show your profile, or change it with the options."""
    from unknot.cli.views import render_profile
    from unknot.services.profile import change_profile, get_profile

    if countries:
        _list_countries()
        return
    actor = state(ctx).actor
    changes = {
        "painful_shoulder": shoulder,
        "causes": [] if clear_causes else cause,
        "minutes_available": minutes,
        "pressure": pressure,
        "country": country,
        "timezone": timezone,
        "language": language,
    }
    if any(value is not None for value in changes.values()):
        current = change_profile(actor, changes)
        if language is not None:  # the new language applies from this answer on
            from unknot.cli.language import apply_profile_language

            apply_profile_language(actor, state(ctx).flags.get("language"))
    else:
        current = get_profile(actor)
    render_profile(current)


def _list_countries() -> None:
    from rich.table import Table

    from unknot.cli.render import console
    from unknot.services.profile import country_kinds

    words = {"own": _("its own"), "eu": _("the EU's (112)"), "fallback": _("112")}
    table = Table(title=_("Country codes"), title_justify="left")
    table.add_column(_("Code"), style="bold")
    table.add_column(_("Country"))
    table.add_column(_("Numbers"))
    for code, name, kind in country_kinds():
        table.add_row(code, name, words[kind])
    console().print(table)
    console().print(
        _(
            "Countries without numbers of their own get the EU numbers (EU members) or 112 and "
            "the advice to call the local emergency number. UK is accepted for GB."
        ),
        markup=False,
    )


def register(app: typer.Typer) -> None:
    app.command()(profile)
