"""Logging in and out (issue 14): the session routes of /api/v1, and what the pages show."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from unknot.errors import ValidationError
from unknot.i18n import _
from unknot.web import schemas as s
from unknot.web.logins import Device, Login, Logins
from unknot.web.security import GuardConfig, Throttle, client_of

router = APIRouter(prefix="/api/v1", responses=s.ERRORS, tags=["session"])


class LoggedOutOut(BaseModel):
    ok: bool = True
    ended: int  # how many sessions ended


def _logins(request: Request) -> Logins:
    found: Logins = request.app.state.logins
    return found


def login_of(request: Request) -> Login | None:
    """The server-side session this request came with (None with a bearer token, or when no
    web token is set and nobody logs in)."""
    found: Login | None = request.scope.get("state", {}).get("login")
    return found


def devices_of(request: Request) -> list[Device]:
    """The open sessions of the person logged in on this request, for the Profile page."""
    login = login_of(request)
    return [] if login is None else _logins(request).devices(login)


@router.post("/login", response_model=s.OkOut)
async def login(body: s.LoginIn, request: Request, response: Response) -> s.OkOut:
    """Log in with the web token from the config; sets a session cookie.

    Each wrong token doubles the wait before the client's next try (up to a cap); the right
    one clears it."""
    config: GuardConfig = request.app.state.guard
    throttle: Throttle = request.app.state.throttle
    if not await throttle.check(client_of(request.scope), config, body.token):
        raise ValidationError(
            _("That token is not right."), problems=[], hint=_("Check web_token in config.toml.")
        )
    logins = _logins(request)
    person = request.app.state.app.local_person
    agent = request.headers.get("user-agent", "")
    value = await run_in_threadpool(logins.open, person, agent)
    response.headers.append("set-cookie", logins.cookie(value))
    return s.OkOut()


@router.post("/logout", response_model=LoggedOutOut)
async def logout(request: Request, response: Response) -> LoggedOutOut:
    """End this device's session (its cookie opens nothing any more)."""
    current = login_of(request)
    logins = _logins(request)
    if current is not None:
        await run_in_threadpool(logins.end, current.id_hash)
    response.headers.append("set-cookie", logins.cleared_cookie())
    return LoggedOutOut(ended=int(current is not None))


@router.post("/logout-all", response_model=LoggedOutOut)
async def logout_all(request: Request, response: Response) -> LoggedOutOut:
    """End every session of the person logged in, on every device (this one too)."""
    current = login_of(request)
    person: Any = current.person_id if current else request.app.state.app.local_person
    logins = _logins(request)
    ended = await run_in_threadpool(logins.end_all, person)
    response.headers.append("set-cookie", logins.cleared_cookie())
    return LoggedOutOut(ended=ended)
