"""The language a command speaks: ``--language``, then the profile, then ``UNKNOT_LANGUAGE``.

``--help`` never opens the database, so help speaks ``--language``, ``UNKNOT_LANGUAGE`` or
English. Help texts are written as English message ids (marked with :func:`unknot.i18n.N_`)
and click copies them when the command tree is built, so :func:`localise_help` translates the
tree of each run before anything is shown, keeping the English ids to translate from again.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from typer import _click
from typer._click.exceptions import UsageError

from unknot import i18n

if TYPE_CHECKING:
    from unknot.services.app import Actor

ENV_LANGUAGE = "UNKNOT_LANGUAGE"
_HELP_FIELDS = ("help", "short_help", "metavar")


def env_language() -> str:
    """What the run speaks before the flags are read: ``UNKNOT_LANGUAGE`` or English."""
    return i18n.choose_language(os.environ.get(ENV_LANGUAGE))


def language_flag(group: _click.Command, ctx: _click.Context, args: list[str]) -> str | None:
    """The root's ``--language`` value, read before click runs any option (``--help`` too)."""
    try:
        opts, _rest, _order = group.make_parser(ctx).parse_args(args=list(args))
    except UsageError:
        return None  # the real parse reports it
    value = opts.get("language")
    return value if isinstance(value, str) else None


def speak_for_help(group: _click.Command, ctx: _click.Context, args: list[str]) -> None:
    """Speak the help language (``--language``, else ``UNKNOT_LANGUAGE``) and translate help."""
    flag = language_flag(group, ctx, args)
    if flag:
        i18n.activate(i18n.choose_language(flag, os.environ.get(ENV_LANGUAGE)))
    localise_help(group)


def localise_help(command: _click.Command) -> None:
    """Translate every help text of ``command`` and its subcommands into the active language."""
    for item in (command, *command.params):
        for name in _HELP_FIELDS:
            _translate_field(item, name)
    for sub in getattr(command, "commands", {}).values():
        localise_help(sub)


def _translate_field(item: object, name: str) -> None:
    source_name = "_unknot_source_" + name
    source = getattr(item, source_name, None)
    if source is None:
        source = getattr(item, name, None)
        if not isinstance(source, str):
            return
        setattr(item, source_name, source)
    setattr(item, name, i18n._(source))


def apply_profile_language(actor: Actor, flag: str | None) -> None:
    """Once the database is open: ``--language``, then the profile, then the settings."""
    profile = actor.profile
    chosen = i18n.choose_language(flag, profile.language, actor.settings.language)
    i18n.activate(chosen, profile.country)
