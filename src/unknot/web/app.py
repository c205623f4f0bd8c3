"""The app factory: one FastAPI app over the same App (and services) as the CLI."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from unknot import __version__
from unknot.i18n import _, current_language
from unknot.services.app import App
from unknot.web import errors
from unknot.web.head import HeadAsGet
from unknot.web.language import ProfileLanguage
from unknot.web.logins import Logins
from unknot.web.security import Guard, GuardConfig, Throttle

HERE = Path(__file__).parent
ILLUSTRATIONS = HERE.parent / "content" / "illustrations"


def templates() -> Jinja2Templates:
    engine = Jinja2Templates(directory=HERE / "templates")
    from unknot.core import trial_text as words
    from unknot.web.api_login import devices_of, login_of
    from unknot.web.drawings import drawing

    engine.env.globals.update(_=_, version=__version__, lang=current_language, drawing=drawing)
    engine.env.globals.update(login_of=login_of, devices_of=devices_of)
    engine.env.globals.update(
        state_word=words.state_word,
        event_word=words.event_word,
        segment_word=words.segment_word,
        chance=words.chance,
        p_value=words.p_value,
        bins_line=words.bins_line,
    )
    engine.env.autoescape = True
    return engine


def create_app(unknot_app: App, guard: GuardConfig) -> FastAPI:
    """Build the web app around an open App; the caller owns its lifetime.

    A guard without a cookie key gets the one the settings name (or the kept one), so that
    every worker and every restart accepts the same cookies.
    """
    if not guard.secret:
        from dataclasses import replace

        from unknot.web.keys import web_secret

        guard = replace(guard, secret=web_secret(unknot_app.settings))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield

    app = FastAPI(
        title="unknot API",
        version=__version__,
        description=_(
            "Everything the unknot pages do, as JSON. Writes need JSON bodies and the CSRF "
            "token from GET /api/v1/csrf in X-CSRF-Token (or the web token as a Bearer token)."
        ),
        docs_url=None,  # the bundled Swagger page loads scripts from a CDN: not here
        redoc_url=None,
        lifespan=lifespan,
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.app = unknot_app
    app.state.guard = guard
    app.state.throttle = Throttle()
    app.state.logins = Logins(unknot_app, guard)
    app.state.templates = templates()
    errors.install(app)
    from unknot.web import (
        api,
        api_data,
        api_journal,
        api_login,
        api_trial,
        pages,
        pages_trial,
        pairing,
        player,
    )

    app.include_router(api_login.router)
    app.include_router(api.router)
    app.include_router(api_journal.router)
    app.include_router(api_data.router)
    app.include_router(api_trial.router)
    app.include_router(player.router)
    app.include_router(pages.router)
    app.include_router(pages_trial.router)
    app.include_router(pairing.router)
    app.mount("/static/illustrations", StaticFiles(directory=ILLUSTRATIONS), name="drawings")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(ProfileLanguage, unknot_app=unknot_app)  # inside the guard: after login
    app.add_middleware(Guard, config=guard, throttle=app.state.throttle, logins=app.state.logins)
    app.add_middleware(HeadAsGet)  # outermost: everything inside sees the GET it answers
    return app
