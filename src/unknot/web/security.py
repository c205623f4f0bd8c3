"""Guards around every request, even on loopback (F14, product.md "health data stays local").

- Host allowlist: a request whose Host is not one of ours is refused (DNS rebinding).
- Writes (POST, PUT, PATCH, DELETE): the Origin, when sent, must be ours; an API write with a
  body must send JSON; and a CSRF token must come back in ``X-CSRF-Token`` matching the
  ``unknot_csrf`` cookie — unless the request carries the API token itself (``Authorization:
  Bearer``).
- Authentication, when a web token is configured: a signed session cookie (set by logging in)
  or the bearer token, on every page and API call except the login page and static files.
- Security headers on every response: a strict Content-Security-Policy (no inline script),
  no sniffing, no referrer, no framing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from unknot.i18n import _

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
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    https: bool = False


def allowed_for(host: str, port: int, https: bool, extra_hosts: Iterable[str] = ()) -> GuardConfig:
    """Hosts and origins a server on ``host:port`` answers to."""
    names = {"127.0.0.1", "localhost", "::1", host, *extra_hosts}
    scheme = "https" if https else "http"
    origins = {f"{scheme}://{_bracket(name)}:{port}" for name in names}
    return GuardConfig(hosts=frozenset(names), origins=frozenset(origins), https=https)


def _bracket(name: str) -> str:
    return f"[{name}]" if ":" in name else name


def host_name(value: str) -> str:
    """The host part of a Host header (``[::1]:8000`` gives ``::1``)."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def sign(secret: bytes, payload: str) -> str:
    mac = hmac.new(secret, payload.encode(), hashlib.sha256).digest()
    return (
        base64.urlsafe_b64encode(payload.encode()).decode()
        + "."
        + base64.urlsafe_b64encode(mac).decode().rstrip("=")
    )


def verify(secret: bytes, value: str, now: float) -> bool:
    try:
        encoded, mac = value.split(".", 1)
        payload = base64.urlsafe_b64decode(encoded.encode()).decode()
    except (ValueError, UnicodeDecodeError):
        return False
    if not hmac.compare_digest(sign(secret, payload).split(".", 1)[1], mac):
        return False
    try:
        issued = float(payload)
    except ValueError:
        return False
    return -60 <= now - issued <= SESSION_MAX_AGE_S  # a minute of clock skew


def session_cookie(config: GuardConfig, now: float) -> str:
    value = sign(config.secret, str(int(now)))
    secure = "; Secure" if config.https else ""
    return (
        f"{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict; "
        f"Max-Age={SESSION_MAX_AGE_S}{secure}"
    )


def token_matches(config: GuardConfig, offered: str) -> bool:
    return bool(config.token) and hmac.compare_digest(offered.encode(), config.token.encode())


class Guard:
    """Pure ASGI middleware applying the rules above."""

    def __init__(self, app: ASGIApp, config: GuardConfig) -> None:
        self.app = app
        self.config = config

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        cookies = _cookies(headers)
        problem = self._check(scope, headers, cookies)
        if problem is not None:
            await _reject(scope, send, *problem)
            return
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
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _check(
        self, scope: Scope, headers: Headers, cookies: dict[str, str]
    ) -> tuple[int, str, str] | None:
        path: str = scope["path"]
        if host_name(headers.get("host", "")) not in self.config.hosts:
            return 400, "host_not_allowed", _("This server does not answer to that host name.")
        bearer = headers.get("authorization", "")
        has_token = bearer.lower().startswith("bearer ") and token_matches(
            self.config, bearer[7:].strip()
        )
        if self.config.token and not path.startswith(OPEN_PATHS) and not has_token:
            session = cookies.get(SESSION_COOKIE, "")
            if not verify(self.config.secret, session, time.time()):
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


async def _reject(scope: Scope, send: Send, status: int, code: str, message: str) -> None:
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
            "hint": "",
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
