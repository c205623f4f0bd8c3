"""``unknot serve``: the web app, on this machine or (with --lan) for the phone beside the mat."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated

import typer

from unknot.cli.context import state
from unknot.i18n import _


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(
    ctx: typer.Context,
    host: Annotated[
        str | None, typer.Option(help=_("Address to listen on (default 127.0.0.1)."))
    ] = None,
    port: Annotated[int, typer.Option(min=1, max=65535, help=_("Port to listen on."))] = 8000,
    open_browser: Annotated[
        bool, typer.Option("--open", help=_("Open the page in your browser."))
    ] = False,
    lan: Annotated[
        bool,
        typer.Option(
            "--lan",
            help=_(
                "Serve HTTPS on your home network for your phone (needs web_token); the "
                "address is found for you unless --host is given."
            ),
        ),
    ] = False,
) -> None:
    """Serve the web app. On 127.0.0.1 unless told otherwise; elsewhere only with a web token."""
    import socket

    import uvicorn

    from unknot.errors import ConfigError
    from unknot.web.app import create_app
    from unknot.web.security import allowed_for

    app_state = state(ctx)
    settings = app_state.settings
    hostname = socket.gethostname().lower()
    if host is None:
        host = _lan_host() if lan else "127.0.0.1"
    if not is_loopback(host) and not settings.web_token:
        raise ConfigError(
            _("Refusing to listen on {host} without authentication.").format(host=host),
            hint=_(
                'Set web_token = "a long secret" in {file} (or UNKNOT_WEB_TOKEN), then try '
                "again; or serve on 127.0.0.1."
            ).format(file=settings.config_file),
        )
    guard = allowed_for(host, port, https=lan, extra_hosts={hostname, f"{hostname}.local"})
    from dataclasses import replace

    guard = replace(guard, token=settings.web_token, secret=_secret(settings.config_dir))
    app = create_app(app_state.services, guard)
    ssl: dict[str, str] = {}
    if lan:
        ssl = _certificates(settings.config_dir, host, hostname)
    url = f"{'https' if lan else 'http'}://{host}:{port}/"
    _announce(url, lan)
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    uvicorn.run(app, host=host, port=port, log_level="warning", **ssl)  # type: ignore[arg-type]


def _lan_host() -> str:
    from unknot.errors import ConfigError
    from unknot.services.tls import lan_address

    address = lan_address()
    if address is None:
        raise ConfigError(
            _("Could not find this machine's address on your home network."),
            hint=_("Pass it yourself: unknot serve --lan --host 192.168.1.20"),
        )
    return address


def _secret(folder: Path) -> bytes:
    """The key that signs login cookies, kept so a restart does not log everyone out."""
    import os
    import secrets

    path = folder / "web-secret"
    if path.exists():
        return path.read_bytes()
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    value = secrets.token_bytes(32)
    with os.fdopen(fd, "wb") as handle:
        handle.write(value)
    return value


def _certificates(folder: Path, host: str, hostname: str) -> dict[str, str]:
    from unknot.services.tls import ensure_certificates

    files = ensure_certificates(folder / "tls", host, hostname)
    if files.ca_replaced:
        from unknot.cli.render import console

        console().print(
            _(
                "unknot made a new certificate for your phone: the old one could vouch for any "
                "website, or not for this computer's current name or address; the new one "
                "vouches only for your home network. Open the trust page below "
                "on your phone and install it again, then remove the older unknot local CA "
                "from the phone's certificate settings."
            ),
            style="bold yellow",
            markup=False,
        )
    return {"ssl_certfile": str(files.cert), "ssl_keyfile": str(files.key)}


def _announce(url: str, lan: bool) -> None:
    from unknot.cli.render import console

    out = console()
    out.print(
        _("unknot is at {url}  (Ctrl-C stops it)").format(url=url), style="bold", markup=False
    )
    if lan:
        import segno

        segno.make(url, error="m").terminal(compact=True)
        out.print(
            _("On your phone, first open {url}trust to install unknot's certificate once.").format(
                url=url
            ),
            markup=False,
        )


def register(app: typer.Typer) -> None:
    app.command()(serve)
