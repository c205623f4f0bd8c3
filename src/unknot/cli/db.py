"""``unknot db upgrade`` and ``unknot restore``: the database's schema, and its copies put back.

Neither opens the App: they must work on a database the App refuses (a PostgreSQL schema to
upgrade, a damaged SQLite file to replace). Heavy imports stay inside the commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from unknot.cli.context import state
from unknot.cli.groups import Group
from unknot.i18n import N_, _

if TYPE_CHECKING:
    from unknot.store.copies import Copy


def _say(text: str) -> None:
    from unknot.cli.render import console

    console().print(text, markup=False, highlight=False, soft_wrap=True)  # paths stay whole


def upgrade(ctx: typer.Context) -> None:
    """Bring the database to this unknot's schema; a SQLite file is backed up first."""
    from unknot.services.database import upgrade as run_upgrade

    done = run_upgrade(state(ctx).settings)
    if not done.ran:
        _say(
            _("The database at {where} is up to date (schema {head}).").format(
                where=done.where, head=done.after
            )
        )
        return
    if done.before is None:
        _say(
            _("Made unknot's tables in {where} (schema {head}).").format(
                where=done.where, head=done.after
            )
        )
    else:
        _say(
            _("Upgraded the database at {where} from schema {before} to {head}.").format(
                where=done.where, before=done.before, head=done.after
            )
        )
    if done.backup is not None:
        _say(_("The database as it was is kept at {path}.").format(path=done.backup))


def size_in_words(n: int) -> str:
    if n < 1024:
        return _("{n} bytes").format(n=n)
    if n < 1024 * 1024:
        return _("{n:.0f} KB").format(n=n / 1024)
    return _("{n:.1f} MB").format(n=n / (1024 * 1024))


def restore(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(help=N_("The copy to restore: a name from the list, or a file's path.")),
    ] = None,
    newest: Annotated[bool, typer.Option("--newest", help=N_("Restore the newest copy."))] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help=N_("Do not ask before replacing the database."))
    ] = False,
) -> None:
    """List the copies of the SQLite database unknot keeps, or put one back in its place.

    Without a name: the copies, newest first. The database being replaced is kept as a copy
    first (unknot-before-restore-…), so a restore can be undone the same way.
    """
    from unknot.cli.render import confirm
    from unknot.services import database

    settings = state(ctx).settings
    if name is None and not newest:
        _list(database.list_copies(settings), database.sqlite_file(settings))
        return
    copy, revision = database.chosen_copy(settings, name)
    target = database.sqlite_file(settings)
    question = _(
        "Replace the database {target} with the copy {copy} (schema {revision})? The database "
        "as it is now is kept as a copy first."
    ).format(target=target, copy=copy.name, revision=revision)
    if not yes and not confirm(question, default=False):
        _say(_("Nothing was changed."))
        raise typer.Exit(1)
    done = database.restore(settings, copy)
    _say(_("Restored {copy} into {target}.").format(copy=copy.name, target=target))
    if done.kept is not None:
        _say(_("The database as it was is kept at {path}.").format(path=done.kept))


def _list(found: list[Copy], database: Path) -> None:
    from unknot.cli.render import console

    if not found:
        _say(
            _("There are no copies beside {path} yet; `unknot backup` makes one.").format(
                path=database
            )
        )
        return
    _say(_("Copies of {path}, newest first:").format(path=database))
    out = console()
    for each in found:
        made = each.made.strftime("%Y-%m-%d %H:%M UTC")
        out.print(
            f"  {each.name}  {made}  {size_in_words(each.size)}", markup=False, soft_wrap=True
        )
    _say(_("Restore one with: unknot restore NAME (or unknot restore --newest)."))


def register(app: typer.Typer) -> None:
    """Attach ``db upgrade`` and ``restore``."""
    group = typer.Typer(
        help=N_("The database: bring its schema up to date."),
        no_args_is_help=True,
        rich_markup_mode=None,
        cls=Group,
    )
    group.command("upgrade")(upgrade)
    app.add_typer(group, name="db")
    app.command()(restore)
