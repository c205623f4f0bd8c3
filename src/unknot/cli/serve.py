"""``unknot serve``: the web app, on this machine or (with --lan) for the phone beside the mat.

This parses the options and prints; :mod:`unknot.web.serve` composes and runs the server.
"""

from __future__ import annotations

from typing import Annotated

import typer

from unknot.cli.context import state
from unknot.cli.inputs import whole_number
from unknot.i18n import N_, _


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
    app = web.build(unknot_app, served) if workers == 1 else None
    if app is None:
        unknot_app.close()  # each worker opens its own
    _announce(served.url, lan)
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
