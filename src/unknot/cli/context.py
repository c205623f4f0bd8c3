"""What every command shares: the settings (read once), the App and the command's Actor."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from unknot.config import Settings
    from unknot.services.app import Actor, App


@dataclass
class AppState:
    flags: dict[str, Any] = field(default_factory=dict)
    _settings: Settings | None = None
    _app: App | None = None
    _actor: Actor | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from unknot import i18n
            from unknot.config import load_settings

            self._settings = load_settings(self.flags)
            i18n.activate(i18n.choose_language(self._settings.language))
        return self._settings

    @property
    def app(self) -> App:
        """The App, opened on demand (the database is not touched before)."""
        if self._app is None:
            from unknot.services.app import App

            self._app = App.open(self.settings)
        return self._app

    @property
    def actor(self) -> Actor:
        """The command's Actor: the local person. Its profile's language applies from here on
        (see unknot.cli.language)."""
        if self._actor is None:
            from unknot.cli.language import apply_profile_language
            from unknot.services.acting import for_command

            self._actor = for_command(self.app)
            apply_profile_language(self._actor, self.flags.get("language"))
        return self._actor


def state(ctx: typer.Context) -> AppState:
    root = ctx.find_root()
    if not isinstance(root.obj, AppState):
        root.obj = AppState()
    return root.obj
