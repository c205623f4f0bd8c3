"""Guards around every request, even on loopback (F14, product.md "health data stays local").

- Host allowlist: a request whose Host is not one of ours is refused (DNS rebinding).
- Writes (POST, PUT, PATCH, DELETE): the Origin, when sent, must be ours; an API write with a
  body must send JSON; and a CSRF token must come back in ``X-CSRF-Token`` matching the
  ``unknot_csrf`` cookie — unless the request carries the API token itself (``Authorization:
  Bearer``).
- Authentication, when a web token is configured: a session cookie naming an open session
  kept on the server (:mod:`unknot.web.logins`; set by logging in) or the bearer token, on
  every page and API call except the login page and static files.
  A wrong token (at login or as a bearer) slows that client down: each attempt after a
  failure waits twice as long as the one before (up to a cap), one attempt at a time, with
  ``await asyncio.sleep`` so the server keeps serving everyone else.
- Security headers on every response: a strict Content-Security-Policy (no inline script),
  no sniffing, no referrer, no framing.
"""

from __future__ import annotations

import asyncio
import hmac
import html
import ipaddress
import json
import secrets
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, replace
from http.cookies import SimpleCookie
from typing import Any, Protocol
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from unknot.i18n import _
from unknot.web import bodies

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
CSRF_COOKIE = "unknot_csrf"
SESSION_COOKIE = "unknot_session"
SESSION_MAX_AGE_S = 30 * 24 * 3600
OPEN_PATHS = (
    "/static/",
    "/login",
    "/api/v1/login",
    "/api/v1/csrf",
    "/manifest.webmanifest",
    "/favicon.ico",
    "/trust",
    "/pair/",  # a pairing link logs the phone in (GET /pair itself needs a login)
)
CSV_WRITES = ("/api/v1/import",)

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "media-src 'self' data: blob:",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


@dataclass(frozen=True)
class GuardConfig:
    hosts: frozenset[str]
    origins: frozenset[str]
    token: str = ""
    secret: bytes = b""  # set by create_app from the settings (see unknot.web.keys)
    https: bool = False


def allowed_for(host: str, port: int, https: bool, extra_hosts: Iterable[str] = ()) -> GuardConfig:
    """Hosts and origins a server on ``host:port`` answers to."""
    names = {"127.0.0.1", "localhost", "::1", host, *extra_hosts}
    scheme = "https" if https else "http"
    origins = {f"{scheme}://{_bracket(name)}:{port}" for name in names}
    return GuardConfig(hosts=frozenset(names), origins=frozenset(origins), https=https)


def behind_proxy(config: GuardConfig, proxy_url: str) -> GuardConfig:
    """The same guard, also answering to the HTTPS address of the proxy in front of it.

    Browsers reach unknot at the proxy's address, so its host name and origin are ours too;
    cookies are then marked Secure, as the browser only ever sees HTTPS.
    """
    parts = urlsplit(proxy_url.strip())
    try:
        port = parts.port
    except ValueError:
        raise ValueError(proxy_url) from None
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() != "https" or not host or parts.path.strip("/") or parts.query:
        raise ValueError(proxy_url)
    origin = f"https://{_bracket(host)}" + (f":{port}" if port not in (None, 443) else "")
    return replace(
        config,
        hosts=config.hosts | {host},
        origins=config.origins | {origin},
        https=True,
    )


def _bracket(name: str) -> str:
    return f"[{name}]" if ":" in name else name


def host_name(value: str) -> str:
    """The host part of a Host header (``[::1]:8000`` gives ``::1``)."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class SessionCheck(Protocol):
    """What the guard asks of the server-side sessions (see :mod:`unknot.web.logins`)."""

    def check(self, value: str) -> Any: ...  # the Login, or None

    def cookie(self, value: str) -> str: ...


def token_matches(config: GuardConfig, offered: str) -> bool:
    return bool(config.token) and hmac.compare_digest(offered.encode(), config.token.encode())


class Throttle:
    """Exponential backoff per client on wrong tokens; a right one clears the client's count.

    A client's attempts are checked one at a time (a lock per client), so opening many
    connections does not multiply the guesses: after ``n`` failures each attempt first waits
    ``base * 2 ** (n - 1)`` seconds, at most ``cap``.
    """

    def __init__(
        self,
        base: float = 0.25,
        cap: float = 30.0,
        clients: int = 4096,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.base, self.cap, self.clients = base, cap, clients
        self.sleep = sleep
        self.failures: dict[str, int] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    def delay(self, failures: int) -> float:
        return 0.0 if failures <= 0 else min(self.cap, self.base * 2 ** (failures - 1))

    async def check(self, client: str, config: GuardConfig, offered: str) -> bool:
        if not config.token:
            return False  # no token is set, so there is nothing to guess: no one waits
        if len(self._locks) >= self.clients and client not in self._locks:
            self._forget_idle()
        lock = self._locks.setdefault(client, asyncio.Lock())
        async with lock:
            wait = self.delay(self.failures.get(client, 0))
            if wait:
                await self.sleep(wait)
            ok = token_matches(config, offered)
            if ok:
                self.failures.pop(client, None)
            else:
                self.failures[client] = self.failures.get(client, 0) + 1
            return ok

    def _forget_idle(self) -> None:
        """Keep memory bounded: drop clients with no attempt in progress."""
        for name in [n for n, lock in self._locks.items() if not lock.locked()]:
            del self._locks[name]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def client_of(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else ""


class Guard:
    """Pure ASGI middleware applying the rules above."""

    def __init__(
        self,
        app: ASGIApp,
        config: GuardConfig,
        throttle: Throttle | None = None,
        logins: SessionCheck | None = None,
    ) -> None:
        self.app = app
        self.config = config
        self.throttle = throttle or Throttle()
        self.logins = logins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        cookies = _cookies(headers)
        bearer = headers.get("authorization", "")
        has_token = bearer.lower().startswith("bearer ") and await self.throttle.check(
            client_of(scope), self.config, bearer[7:].strip()
        )
        session = cookies.get(SESSION_COOKIE, "")
        login = None
        checks = self.config.token and session and not has_token and self.logins is not None
        if checks and not scope["path"].startswith(OPEN_PATHS):
            assert self.logins is not None
            login = await run_in_threadpool(self.logins.check, session)
        scope.setdefault("state", {})["login"] = login
        problem = self._check(scope, headers, cookies, has_token, login is not None)
        if problem is not None:
            await _reject(scope, send, *problem)
            return
        try:
            checked = await _checked_body(scope, headers, receive)
        except bodies.BodyProblem as refused:
            await _reject(scope, send, refused.status, refused.code, refused.message, refused.hint)
            return
        if checked is None:
            return  # the client went away while sending
        receive = checked
        csrf = cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
        scope.setdefault("state", {})["csrf"] = csrf
        new_cookie = CSRF_COOKIE not in cookies
        secure = "; Secure" if self.config.https else ""

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    out.setdefault(name, value)
                if self.config.https:
                    out.setdefault("strict-transport-security", "max-age=31536000")
                if new_cookie:
                    out.append(
                        "set-cookie",
                        f"{CSRF_COOKIE}={csrf}; Path=/; HttpOnly; SameSite=Strict{secure}",
                    )
                if login is not None and login.refreshed and self.logins is not None:
                    setting = out.getlist("set-cookie")
                    if not any(v.startswith(SESSION_COOKIE + "=") for v in setting):
                        out.append("set-cookie", self.logins.cookie(session))
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _check(
        self,
        scope: Scope,
        headers: Headers,
        cookies: dict[str, str],
        has_token: bool,
        signed_in: bool,
    ) -> tuple[int, str, str] | None:
        path: str = scope["path"]
        if host_name(headers.get("host", "")) not in self.config.hosts:
            return 400, "host_not_allowed", _("This server does not answer to that host name.")
        if self.config.token and not path.startswith(OPEN_PATHS) and not (has_token or signed_in):
            return 401, "unauthorized", _("Please log in first.")
        if scope["method"] in SAFE_METHODS:
            return None
        origin = headers.get("origin")
        if origin is not None and origin not in self.config.origins:
            return 403, "origin_not_allowed", _("Writes from another site are refused.")
        has_body = headers.get("content-length", "0") not in ("", "0") or (
            "transfer-encoding" in headers
        )
        if (
            path.startswith("/api/")
            and has_body
            and not _json_or_csv(path, headers.get("content-type", ""))
        ):
            return 415, "unsupported_media_type", _("Send the request body as JSON.")
        if has_token:
            return None
        offered = headers.get("x-csrf-token", "")
        expected = cookies.get(CSRF_COOKIE, "")
        if not expected or not hmac.compare_digest(offered.encode(), expected.encode()):
            return (
                403,
                "csrf_failed",
                _("The request is missing its CSRF token; reload the page and try again."),
            )
        return None


async def _checked_body(scope: Scope, headers: Headers, receive: Receive) -> Receive | None:
    """The body within its cap and, for a JSON write, well formed (see :mod:`bodies`)."""
    path: str = scope["path"]
    limit = bodies.limit_for(path)
    if bodies.declared_too_large(headers.get("content-length", "0"), limit):
        raise bodies.too_large(limit)
    if scope["method"] in SAFE_METHODS or path.startswith(bodies.UPLOAD_PATHS):
        return receive  # the upload route counts its own stream against its cap
    body = await bodies.read_capped(receive, limit)
    if body is None:
        return None
    if headers.get("content-type", "").split(";")[0].strip().lower() == "application/json":
        bodies.check_json(body)
    return bodies.replay(body, receive)


def _json_or_csv(path: str, content_type: str) -> bool:
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json":
        return True
    return path.startswith(CSV_WRITES) and kind in ("text/csv", "application/octet-stream")


def _cookies(headers: Headers) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:  # a malformed cookie header counts as no cookies
        return {}
    return {key: morsel.value for key, morsel in jar.items()}


async def _reject(
    scope: Scope, send: Send, status: int, code: str, message: str, hint: str = ""
) -> None:
    path: str = scope["path"]
    accept = Headers(scope=scope).get("accept", "")
    extra: list[tuple[bytes, bytes]] = []
    if status == 401 and not path.startswith("/api/") and "text/html" in accept:
        status, body, kind = 303, b"", b"text/plain"
        extra.append((b"location", b"/login"))
    elif path.startswith("/api/") or "text/html" not in accept:
        payload: dict[str, Any] = {
            "status": status,
            "code": code,
            "message": message,
            "hint": hint,
            "field_errors": [],
        }
        body, kind = json.dumps(payload).encode(), b"application/json"
    else:
        text = (
            f"<!doctype html><meta charset=utf-8><title>{status}</title><p>{html.escape(message)}"
        )
        body, kind = text.encode(), b"text/html; charset=utf-8"
    headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode()), *extra]
    headers += [(name.encode(), value.encode()) for name, value in HEADERS.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
