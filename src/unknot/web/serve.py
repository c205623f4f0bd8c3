"""How the web app is put together to serve: the checks, the guard, the certificates.

The CLI (``unknot serve``) parses its options, calls :func:`plan` and prints what it returns;
everything about composing the web app lives here, in the web package.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unknot.config import Settings
from unknot.errors import ConfigError
from unknot.i18n import _
from unknot.web.security import GuardConfig, is_loopback

if TYPE_CHECKING:
    from fastapi import FastAPI

    from unknot.services.app import Actor, App

WORKER_ENV = "UNKNOT_SERVE_WORKER"  # what the workers build: set by run(), read by worker_app()
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
    workers: int = 1
    token_made: bool = False  # --lan made the web token (kept in the config folder)

    @property
    def url(self) -> str:
        return f"{'https' if self.lan else 'http'}://{self.host}:{self.port}/"


@dataclass(frozen=True)
class PairingLinks:
    """The pairing links ``unknot serve --lan`` prints: one for the phone (as a QR code), one
    for this computer's browser; each works once, until ``until`` (a time of day)."""

    phone: str
    computer: str
    until: str


def pairing_links(actor: Actor, served: Plan) -> PairingLinks:
    """Two new pairing links for ``actor``'s person, their expiry in the person's zone."""
    from unknot.services.journal.times import person_zone
    from unknot.web.logins import Logins
    from unknot.web.pairing import pairing_link

    logins, zone = Logins(actor.app, served.guard), person_zone(actor).tz
    phone, until = pairing_link(logins, served.url, actor.person_id, zone)
    computer, _until = pairing_link(logins, served.url, actor.person_id, zone)
    return PairingLinks(phone, computer, until)


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


def plan(settings: Settings, host: str | None, port: int, lan: bool, workers: int = 1) -> Plan:
    """Check the settings for serving on ``host:port`` and compose the guard (and, with
    ``lan``, the certificates); a setting that would expose the data is refused, and so is
    more than one worker on SQLite."""
    import socket

    from unknot.web.keys import web_secret
    from unknot.web.security import allowed_for

    hostname = socket.gethostname().lower()
    if host is None:
        host = _lan_host() if lan else "127.0.0.1"
    token_made = False
    if lan and not settings.web_token:  # the phone logs in by a pairing link, not by typing it
        from unknot.web.keys import kept_token

        token, token_made = kept_token(settings.config_dir)
        settings = replace(settings, web_token=token)
    if not is_loopback(host) and not settings.web_token:
        raise ConfigError(
            _("Refusing to listen on {host} without authentication.").format(host=host),
            hint=_(
                "Set web_token in {file} (or UNKNOT_WEB_TOKEN) to a long random secret, then "
                "try again; or serve on 127.0.0.1. {how}"
            ).format(file=settings.config_file, how=make_token_hint()),
        )
    refuse_weak_token(settings.web_token, settings.config_file)
    if workers > 1:
        refuse_workers_on_sqlite(settings, workers)
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
        return Plan(host, port, lan, guard, workers=workers)
    from unknot.web.tls import ensure_certificates

    files = ensure_certificates(settings.config_dir / "tls", host, hostname)
    ssl = {"ssl_certfile": str(files.cert), "ssl_keyfile": str(files.key)}
    return Plan(host, port, lan, guard, ssl, files.ca_replaced, workers, token_made)


def refuse_workers_on_sqlite(settings: Settings, workers: int) -> None:
    if settings.effective_database_url.startswith("sqlite"):
        raise ConfigError(
            _(
                "{n} workers need PostgreSQL: with SQLite only one process may write at a time, "
                "so the workers would wait for each other."
            ).format(n=workers),
            hint=_(
                "Serve with one worker (leave out --workers), or set database_url in {file} "
                "(or UNKNOT_DATABASE_URL) to a PostgreSQL database, such as "
                "postgresql+psycopg://unknot@localhost/unknot."
            ).format(file=settings.config_file),
        )


def build(unknot_app: App, served: Plan) -> FastAPI:
    """The web app for ``served``, over an open App."""
    from unknot.web.app import create_app

    return create_app(unknot_app, served.guard)


def run(app: Any, served: Plan, flags: Mapping[str, Any] | None = None) -> None:
    """Serve until stopped (Ctrl-C): ``app`` in this process, or with several workers each
    building its own from :func:`worker_app`, the settings coming from ``flags`` (the
    command line's) and the environment as they did here."""
    import uvicorn

    from unknot.web.nodelay import PROTOCOL

    options: dict[str, Any] = {
        "host": served.host,
        "port": served.port,
        "log_level": "warning",
        "http": PROTOCOL,
        **served.ssl,
    }
    if served.workers == 1:
        uvicorn.run(app, **options)
        return
    os.environ[WORKER_ENV] = json.dumps(
        {
            "flags": {k: None if v is None else str(v) for k, v in (flags or {}).items()},
            "hosts": sorted(served.guard.hosts),
            "origins": sorted(served.guard.origins),
            "https": served.guard.https,
        }
    )
    from unknot.web.workers import run_workers

    run_workers(f"{__name__}:worker_app", served.workers, **options)


def worker_app() -> FastAPI:
    """The app factory each worker calls: its own App and web app, from the same settings."""
    from unknot import i18n
    from unknot.config import load_settings
    from unknot.services.app import App
    from unknot.web.keys import web_secret

    spec = json.loads(os.environ[WORKER_ENV])
    flags = {k: v for k, v in spec["flags"].items() if v is not None}
    if "debug" in flags:
        flags["debug"] = flags["debug"] == "True"
    settings = load_settings(flags)
    i18n.activate(i18n.choose_language(settings.language))
    guard = GuardConfig(
        hosts=frozenset(spec["hosts"]),
        origins=frozenset(spec["origins"]),
        token=settings.web_token,
        secret=web_secret(settings),
        https=bool(spec["https"]),
    )
    return build(App.open(settings), Plan("", 0, guard.https, guard))


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
