"""The ``unknot`` command. Keep imports here light: ``unknot --help`` must stay fast."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer import _click

from unknot import __version__, i18n
from unknot.cli import language as speech
from unknot.cli.context import AppState, state
from unknot.cli.groups import Group
from unknot.cli.inputs import name_the_values
from unknot.errors import UnknotError
from unknot.i18n import N_


class _Group(Group):
    """The root command group: an UnknotError is printed once and exits with status 1.

    Each run speaks its own language and leaves the caller's as it found it.
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:
        # Each run measures its own terminal: consoles kept from an earlier run in this
        # process (the tests, one after another) would keep that run's width.
        rendered = sys.modules.get("unknot.cli.render")
        if rendered is not None:
            rendered.forget_consoles()
        with i18n.using(speech.env_language()):
            return super().main(*args, **kwargs)

    def parse_args(self, ctx: _click.Context, args: list[str]) -> list[str]:
        name_the_values(self)
        speech.speak_for_help(self, ctx, args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: _click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UnknotError as error:
            from unknot.cli.render import print_error

            debug = isinstance(ctx.obj, AppState) and bool(ctx.obj.flags.get("debug"))
            print_error(error, debug=debug)
            ctx.exit(1)


app = typer.Typer(
    name="unknot",
    cls=_Group,
    help=N_(
        "Guided self-care for shoulder pain: hip self-massage and stretching with safety "
        "screening, adapted to you, and an honest way to see whether it helps you. "
        "Self-care guidance and self-tracking, not a diagnosis or a treatment."
    ),
    no_args_is_help=False,
    invoke_without_command=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"unknot {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None, typer.Option(help=N_("Folder for your data (or set UNKNOT_DATA_DIR)."))
    ] = None,
    config_dir: Annotated[
        Path | None, typer.Option(help=N_("Folder for your settings (or set UNKNOT_CONFIG_DIR)."))
    ] = None,
    database_url: Annotated[
        str | None,
        typer.Option(help=N_("Database URL (or set UNKNOT_DATABASE_URL); default SQLite.")),
    ] = None,
    language: Annotated[
        str | None,
        typer.Option(help=N_("Language for this run: en or ko (or set UNKNOT_LANGUAGE).")),
    ] = None,
    debug: Annotated[bool, typer.Option(help=N_("Show tracebacks on errors."))] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help=N_("Show the version and exit.")
        ),
    ] = False,
) -> None:
    """Without a command: today's status and the next thing to do."""
    ctx.obj = AppState(
        flags={
            "data_dir": data_dir,
            "config_dir": config_dir,
            "database_url": database_url,
            "language": language,
            "debug": debug or None,
        }
    )
    if ctx.invoked_subcommand is None:
        from unknot.cli.status import show_status

        show_status(state(ctx))


def _register() -> None:
    from unknot.cli import commands

    commands.register(app)


def main() -> None:
    _register()
    app()
