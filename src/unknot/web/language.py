"""Each request speaks the profile's language: a choice saved on the Profile page applies to
the next page. Without one, the settings' language (``UNKNOT_LANGUAGE``), else English."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from unknot import i18n
from unknot.services.acting import for_request
from unknot.services.app import Actor, App

STATIC = "/static/"


def profile_locale(actor: Actor) -> tuple[str, str]:
    """The language and the country the person's pages are shown in."""
    profile = actor.profile
    language = i18n.choose_language(profile.language, actor.settings.language)
    return language, profile.country


class ProfileLanguage:
    """Pure ASGI middleware: the language is set in the request's own context only."""

    def __init__(self, app: ASGIApp, unknot_app: App) -> None:
        self.app = app
        self.unknot_app = unknot_app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(STATIC):
            await self.app(scope, receive, send)
            return
        # The request's Actor, made here once: the routes find it in the request's state.
        actor = for_request(self.unknot_app)
        scope.setdefault("state", {})["actor"] = actor
        language, country = await run_in_threadpool(profile_locale, actor)
        with i18n.using(language, country):
            await self.app(scope, receive, send)
