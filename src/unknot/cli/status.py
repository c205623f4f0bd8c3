"""``unknot`` with no command: today's status and the next thing to do."""

from __future__ import annotations

from unknot.cli.context import AppState
from unknot.cli.render import console
from unknot.i18n import _


def show_status(app_state: AppState) -> None:
    console().print(_("unknot: run `unknot --help` to see what it can do."))
