"""What every command shares: the settings (read once) and the services (opened on demand)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from unknot.config import Settings
    from unknot.services.app import Services


@dataclass
class AppState:
    flags: dict[str, Any] = field(default_factory=dict)
    _settings: Settings | None = None
    _services: Services | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from unknot import i18n
            from unknot.config import load_settings

            self._settings = load_settings(self.flags)
            i18n.activate(i18n.choose_language(self._settings.language))
        return self._settings

    @property
    def services(self) -> Services:
        if self._services is None:
            from unknot.services.app import Services

            self._services = Services.open(self.settings)
            # The profile's language applies from here on (see unknot.cli.language).
            from unknot.cli.language import apply_profile_language

            apply_profile_language(self._services, self.flags.get("language"))
        return self._services


def state(ctx: typer.Context) -> AppState:
    root = ctx.find_root()
    if not isinstance(root.obj, AppState):
        root.obj = AppState()
    return root.obj
