"""``unknot serve``: the web app, on this machine or (with --lan) for the phone beside the mat.

This parses the options and prints; :mod:`unknot.web.serve` composes and runs the server.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from unknot.cli.context import state
from unknot.cli.inputs import whole_number
from unknot.i18n import N_, _

if TYPE_CHECKING:
    from unknot.web.serve import PairingLinks


def serve(
    ctx: typer.Context,
    host: Annotated[
        str | None, typer.Option(help=N_("Address to listen on (default 127.0.0.1)."))
    ] = None,
    port: Annotated[
        int,
        typer.Option(parser=whole_number(1, 65535, N_("the port")), help=N_("Port to listen on.")),
    ] = 8000,
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
    workers: Annotated[
        int,
        typer.Option(
            parser=whole_number(1, 64, N_("the number of workers")),
            help=N_("Worker processes sharing the port (more than one needs PostgreSQL)."),
        ),
    ] = 1,
) -> None:
    """Serve the web app. On 127.0.0.1 unless told otherwise; elsewhere only with a web token."""
    from unknot.web import serve as web

    app_state = state(ctx)
    served = web.plan(app_state.settings, host, port, lan, workers)
    if served.ca_replaced:
        _say_ca_replaced()
    unknot_app = app_state.app  # the database is checked once, before any worker starts
    links = web.pairing_links(app_state.actor, served) if lan else None
    app = web.build(unknot_app, served) if workers == 1 else None
    if app is None:
        unknot_app.close()  # each worker opens its own
    if served.token_made:
        _say_token_made(app_state.settings.config_dir)
    _announce(served.url, links)
    if open_browser:
        import webbrowser

        webbrowser.open(served.url)
    web.run(app, served, app_state.flags)


def _say_ca_replaced() -> None:
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


def _say_token_made(config_dir: Path) -> None:
    from unknot.cli.render import console
    from unknot.config import TOKEN_FILE

    console().print(
        _(
            "unknot made a web token for this server and keeps it in {file} (only you can read "
            "it). Your phone does not need it: the code below logs it in."
        ).format(file=config_dir / TOKEN_FILE),
        markup=False,
    )


def _announce(url: str, links: PairingLinks | None) -> None:
    from unknot.cli.render import console

    out = console()
    out.print(
        _("unknot is at {url}  (Ctrl-C stops it)").format(url=url), style="bold", markup=False
    )
    if links is None:
        return
    import segno

    out.print(
        _("On this computer, log in with {link} (once, until {time}).").format(
            link=links.computer, time=links.until
        ),
        markup=False,
    )
    out.print(
        _(
            "Settings → Pair a phone, on this computer, makes a new code. The first time, the "
            "phone warns that the connection is not private: go on, and the page that opens "
            "shows how to install unknot's certificate."
        ),
        markup=False,
    )
    out.print(  # the code comes last, so that a 24-line terminal shows it whole
        _("Scan this with your phone's camera; it logs the phone in once, until {time}:").format(
            time=links.until
        ),
        style="bold",
        markup=False,
    )
    segno.make(links.phone, error="m").terminal(compact=True, border=2)


def register(app: typer.Typer) -> None:
    app.command()(serve)
