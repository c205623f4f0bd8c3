"""The frame every HTML page shares: the navigation, the CSRF token and the template call."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from unknot.i18n import _


def nav() -> tuple[tuple[str, str, str], ...]:
    return (
        ("today", "/", _("Today")),
        ("journal", "/journal", _("Journal")),
        ("insights", "/insights", _("Insights")),
        ("trial", "/trial", _("Trial")),
        ("library", "/library", _("Library")),
        ("profile", "/profile", _("Profile")),
        ("screening", "/screening", _("Safety")),
        ("settings", "/settings", _("Settings")),
    )


def page(request: Request, name: str, active: str, title: str, **context: Any) -> Response:
    templates = request.app.state.templates
    return templates.TemplateResponse(  # type: ignore[no-any-return]
        request,
        name,
        {"nav": nav(), "active": active, "title": title, "csrf": request.state.csrf, **context},
    )
