"""How the web app is put together to serve: the checks, the guard, the certificates.

The CLI (``unknot serve``) parses its options, calls :func:`plan` and prints what it returns;
everything about composing the web app lives here, in the web package.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unknot.config import Settings
from unknot.errors import ConfigError
from unknot.i18n import _
from unknot.web.security import GuardConfig

if TYPE_CHECKING:
    from fastapi import FastAPI

    from unknot.services.app import App

MIN_TOKEN_CHARS = 22  # 22 URL-safe characters carry 128 bits (6 bits each)


@dataclass(frozen=True)
class Plan:
    """What a server will be: where it listens, its guard, and its certificate files."""

    host: str
    port: int
    lan: bool
    guard: GuardConfig
    ssl: dict[str, str] = field(default_factory=dict)
    ca_replaced: bool = False  # --lan made a new CA: the phone must install it again

    @property
    def url(self) -> str:
        return f"{'https' if self.lan else 'http'}://{self.host}:{self.port}/"


def make_token_hint() -> str:
    return _('Make one with: python3 -c "import secrets; print(secrets.token_urlsafe(32))"')


def refuse_weak_token(token: str, config_file: Path) -> None:
    """A web token that can be guessed is refused: under 128 bits, or one character repeated."""
    if not token or (len(token) >= MIN_TOKEN_CHARS and len(set(token)) >= 8):
        return
    raise ConfigError(
        _(
            "The web token is too easy to guess: it has {n} characters ({distinct} different); "
            "it needs at least {min} (128 bits), not one or two repeated."
        ).format(n=len(token), distinct=len(set(token)), min=MIN_TOKEN_CHARS),
        hint=_("{how}, and put it in {file} as web_token (or in UNKNOT_WEB_TOKEN).").format(
            how=make_token_hint(), file=config_file
        ),
    )


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def plan(settings: Settings, host: str | None, port: int, lan: bool) -> Plan:
    """Check the settings for serving on ``host:port`` and compose the guard (and, with
    ``lan``, the certificates); a setting that would expose the data is refused."""
    import socket

    from unknot.web.keys import web_secret
    from unknot.web.security import allowed_for

    hostname = socket.gethostname().lower()
    if host is None:
        host = _lan_host() if lan else "127.0.0.1"
    if not is_loopback(host) and not settings.web_token:
        raise ConfigError(
            _("Refusing to listen on {host} without authentication.").format(host=host),
            hint=_(
                "Set web_token in {file} (or UNKNOT_WEB_TOKEN) to a long random secret, then "
                "try again; or serve on 127.0.0.1. {how}"
            ).format(file=settings.config_file, how=make_token_hint()),
        )
    refuse_weak_token(settings.web_token, settings.config_file)
    if not is_loopback(host) and not lan and not settings.tls_proxy:
        raise ConfigError(
            _(
                "Refusing to listen on {host} over plain HTTP: the web token and your health "
                "data would cross the network unencrypted."
            ).format(host=host),
            hint=_(
                "Use unknot serve --lan (HTTPS with unknot's own certificate). If an HTTPS "
                "proxy in front of unknot encrypts the traffic, give its address in {file}: "
                'tls_proxy = "https://unknot.example".'
            ).format(file=settings.config_file),
        )
    guard = allowed_for(host, port, https=lan, extra_hosts={hostname, f"{hostname}.local"})
    if settings.tls_proxy:
        guard = _behind_proxy(guard, settings.tls_proxy, settings.config_file)
    guard = replace(guard, token=settings.web_token, secret=web_secret(settings))
    if not lan:
        return Plan(host, port, lan, guard)
    from unknot.web.tls import ensure_certificates

    files = ensure_certificates(settings.config_dir / "tls", host, hostname)
    ssl = {"ssl_certfile": str(files.cert), "ssl_keyfile": str(files.key)}
    return Plan(host, port, lan, guard, ssl, files.ca_replaced)


def build(unknot_app: App, served: Plan) -> FastAPI:
    """The web app for ``served``, over an open App."""
    from unknot.web.app import create_app

    return create_app(unknot_app, served.guard)


def run(app: Any, served: Plan) -> None:
    """Serve ``app`` until stopped (Ctrl-C)."""
    import uvicorn

    uvicorn.run(app, host=served.host, port=served.port, log_level="warning", **served.ssl)  # type: ignore[arg-type]


def _behind_proxy(guard: GuardConfig, proxy: str, config_file: Path) -> GuardConfig:
    from unknot.web.security import behind_proxy

    try:
        return behind_proxy(guard, proxy)
    except ValueError:
        raise ConfigError(
            _(
                "tls_proxy is {value!r}; it must be the https address people open, such as "
                "https://unknot.example or https://unknot.example:8443."
            ).format(value=proxy),
            hint=_("Fix tls_proxy in {file} (or UNKNOT_TLS_PROXY), then try again.").format(
                file=config_file
            ),
        ) from None


def _lan_host() -> str:
    from unknot.web.tls import lan_address

    address = lan_address()
    if address is None:
        raise ConfigError(
            _("Could not find this machine's address on your home network."),
            hint=_("Pass it yourself: unknot serve --lan --host 192.168.1.20"),
        )
    return address
