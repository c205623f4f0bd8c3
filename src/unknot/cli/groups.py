"""Command groups whose command list shows each command's whole first sentence.

Click cuts a command's summary to fit one line and ends it with "..."; at 80 columns that left
half of the list unfinished. Here the summary wraps onto the next line instead.
"""

from __future__ import annotations

from typer import _click
from typer.core import TyperGroup

from unknot.i18n import _

_NO_CUT = 10_000  # characters: longer than any summary, so click never shortens one


class Group(TyperGroup):
    def format_commands(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            rows.append((name, command.get_short_help_str(_NO_CUT)))
        if rows:
            with formatter.section(_("Commands")):
                formatter.write_dl(rows)
