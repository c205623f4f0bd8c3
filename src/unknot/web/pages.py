"""HTML pages: each handler asks a service and renders a template."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from unknot.i18n import _
from unknot.services import safety
from unknot.web.api import library_of, profile_out, safety_out, services, technique_out

router = APIRouter(include_in_schema=False)

NAV = (
    ("today", "/", _("Today")),
    ("library", "/library", _("Techniques")),
    ("profile", "/profile", _("Profile")),
    ("screening", "/screening", _("Safety")),
)


def page(request: Request, name: str, active: str, title: str, **context: Any) -> Response:
    templates = request.app.state.templates
    return templates.TemplateResponse(  # type: ignore[no-any-return]
        request,
        name,
        {"nav": NAV, "active": active, "title": title, "csrf": request.state.csrf, **context},
    )


@router.get("/", response_class=HTMLResponse)
def today(request: Request) -> Response:
    from unknot.services.plan import build_plan

    svc = services(request)
    todays = build_plan(svc)
    return page(
        request,
        "today.html",
        "today",
        _("Today"),
        plan=todays.plan,
        safety=safety_out(svc),
        profile=profile_out(svc),
    )


@router.get("/library", response_class=HTMLResponse)
def library(request: Request) -> Response:
    from unknot.core.content import estimate_seconds

    lib = library_of(services(request))
    routines = [(r, estimate_seconds(r, lib)) for r in lib.routines.values()]
    return page(
        request,
        "library.html",
        "library",
        _("Techniques and routines"),
        techniques=list(lib.techniques.values()),
        routines=routines,
    )


@router.get("/library/{technique_id}", response_class=HTMLResponse)
def technique(request: Request, technique_id: str) -> Response:
    from unknot.services.library import find_technique

    found = find_technique(library_of(services(request)), technique_id)
    return page(request, "technique.html", "library", str(found.name), t=technique_out(found))


@router.get("/profile", response_class=HTMLResponse)
def profile(request: Request) -> Response:
    from unknot.core.profile import CAUSES

    return page(
        request,
        "profile.html",
        "profile",
        _("Your profile"),
        profile=profile_out(services(request)),
        causes=CAUSES,
    )


@router.get("/screening", response_class=HTMLResponse)
def screening(request: Request) -> Response:
    from unknot.core.screening import GROUPS

    svc = services(request)
    groups = [(g, [q for q in safety.questions() if q.group == g]) for g in GROUPS]
    return page(
        request,
        "screening.html",
        "screening",
        _("Safety screening"),
        groups=groups,
        safety=safety_out(svc),
        profile=profile_out(svc),
    )


@router.get("/login", response_class=HTMLResponse)
def login(request: Request) -> Response:
    return page(request, "login.html", "", _("Log in"))


@router.get("/trust", response_class=HTMLResponse)
def trust(request: Request) -> Response:
    return page(request, "trust.html", "", _("Trust unknot on your phone"))


@router.get("/trust/ca.pem")
def trust_ca(request: Request) -> Response:
    """The local CA certificate (public), for phones to install."""
    from fastapi.responses import FileResponse

    from unknot.errors import NotFoundError

    path = services(request).settings.config_dir / "tls" / "ca.pem"
    if not path.exists():
        raise NotFoundError(
            _("There is no local certificate yet; start with `unknot serve --lan`.")
        )
    return FileResponse(path, media_type="application/x-x509-ca-cert", filename="unknot-ca.pem")
