"""Pairing a phone (issue 15): a QR code of a link that logs the phone in, once.

``GET /pair`` — on the computer unknot runs on only, and logged in — makes a link valid for
10 minutes and shows it as a QR code to scan; ``unknot serve --lan`` prints one in the terminal.
``GET /pair/{code}`` (open, like the login page) redeems it: a session of the ``web_sessions``
table for the person who made it, then the trust page, where the phone installs unknot's
certificate if it has not yet.
"""

from __future__ import annotations

import uuid
from datetime import tzinfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from unknot.i18n import _, time_of_day
from unknot.web.api import actor_of
from unknot.web.layout import page
from unknot.web.logins import Logins
from unknot.web.security import is_loopback

router = APIRouter(include_in_schema=False)


def from_this_computer(request: Request) -> bool:
    """The request comes from the machine the server runs on: loopback, or the very address
    the server listens on (``--lan`` listens on the home-network address only)."""
    client = request.client.host if request.client else ""
    server = request.scope.get("server") or ("", 0)
    return bool(client) and (is_loopback(client) or client == server[0])


def qr_svg(link: str) -> Markup:
    """The link as an SVG QR code: black on white in both themes (scanners need the contrast
    and the light border)."""
    import io

    import segno

    out = io.BytesIO()
    segno.make(link, error="m").save(
        out, kind="svg", scale=6, border=4, xmldecl=False, svgns=True, dark="#000", light="#fff",
        title=_("Pairing code"), svgclass="qr", lineclass=None,
    )  # fmt: skip
    return Markup(out.getvalue().decode())  # segno's own markup: the link is its only input


def pairing_link(
    logins: Logins, base_url: str, person_id: uuid.UUID, tz: tzinfo | None = None
) -> tuple[str, str]:
    """A new pairing link on ``base_url``, and its expiry as a time of day in ``tz``."""
    code, expires = logins.pairing(person_id)
    return f"{base_url.rstrip('/')}/pair/{code}", time_of_day(expires.astimezone(tz))


@router.get("/pair", response_class=HTMLResponse)
def pair_page(request: Request) -> Response:
    actor = actor_of(request)
    if not request.app.state.guard.token:
        return page(request, "pair.html", "settings", _("Pair a phone"), state="open")
    if not from_this_computer(request):
        return page(request, "pair.html", "settings", _("Pair a phone"), state="elsewhere")
    from unknot.services.journal.times import person_zone

    zone = person_zone(actor).tz
    link, until = pairing_link(
        request.app.state.logins, str(request.base_url), actor.person_id, zone
    )
    return page(
        request, "pair.html", "settings", _("Pair a phone"),
        state="code", link=link, until=until, qr=qr_svg(link),
    )  # fmt: skip


@router.get("/pair/{code}", response_class=HTMLResponse)
def redeem(request: Request, code: str) -> Response:
    logins: Logins = request.app.state.logins
    value = logins.pair(code, request.headers.get("user-agent", ""))
    if value is None:
        answer = page(request, "pair.html", "", _("Pair a phone"), state="spent")
        answer.status_code = 410
        return answer
    answer = RedirectResponse("/trust?paired=1", status_code=303)
    answer.headers.append("set-cookie", logins.cookie(value))
    return answer
