"""Each request speaks the profile's language: a choice saved on the Profile page applies to
the next page. Without one, the settings' language (``UNKNOT_LANGUAGE``), else English."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from unknot import i18n
from unknot.services.app import Services

STATIC = "/static/"


def profile_locale(services: Services) -> tuple[str, str]:
    """The language and the country the person's pages are shown in."""
    from unknot.services.profile import get_profile

    profile = get_profile(services)
    language = i18n.choose_language(profile.language, services.settings.language)
    return language, profile.country


class ProfileLanguage:
    """Pure ASGI middleware: the language is set in the request's own context only."""

    def __init__(self, app: ASGIApp, services: Services) -> None:
        self.app = app
        self.services = services

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(STATIC):
            await self.app(scope, receive, send)
            return
        language, country = await run_in_threadpool(profile_locale, self.services)
        with i18n.using(language, country):
            await self.app(scope, receive, send)
