"""``unknot serve``: the web app, on this machine or (with --lan) for the phone beside the mat."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from unknot.cli.context import state
from unknot.i18n import N_, _

if TYPE_CHECKING:
    from unknot.web.security import GuardConfig

MIN_TOKEN_CHARS = 22  # 22 URL-safe characters carry 128 bits (6 bits each)


def make_token_hint() -> str:
    return _('Make one with: python3 -c "import secrets; print(secrets.token_urlsafe(32))"')


def refuse_weak_token(token: str, config_file: Path) -> None:
    """A web token that can be guessed is refused: under 128 bits, or one character repeated."""
    from unknot.errors import ConfigError

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


def serve(
    ctx: typer.Context,
    host: Annotated[
        str | None, typer.Option(help=N_("Address to listen on (default 127.0.0.1)."))
    ] = None,
    port: Annotated[int, typer.Option(min=1, max=65535, help=N_("Port to listen on."))] = 8000,
    open_browser: Annotated[
        bool, typer.Option("--open", help=N_("Open the page in your browser."))
    ] = False,
    lan: Annotated[
        bool,
        typer.Option(
            "--lan",
            help=N_(
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
    from dataclasses import replace

    guard = replace(guard, token=settings.web_token)
    app = create_app(app_state.app, guard)
    ssl: dict[str, str] = {}
    if lan:
        ssl = _certificates(settings.config_dir, host, hostname)
    url = f"{'https' if lan else 'http'}://{host}:{port}/"
    _announce(url, lan)
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    uvicorn.run(app, host=host, port=port, log_level="warning", **ssl)  # type: ignore[arg-type]


def _behind_proxy(guard: GuardConfig, proxy: str, config_file: Path) -> GuardConfig:
    from unknot.errors import ConfigError
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
    from unknot.errors import ConfigError
    from unknot.web.tls import lan_address

    address = lan_address()
    if address is None:
        raise ConfigError(
            _("Could not find this machine's address on your home network."),
            hint=_("Pass it yourself: unknot serve --lan --host 192.168.1.20"),
        )
    return address


def _certificates(folder: Path, host: str, hostname: str) -> dict[str, str]:
    from unknot.web.tls import ensure_certificates

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
