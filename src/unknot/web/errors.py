"""One error shape for every failure, and one HTML page for browsers.

JSON: ``{"status": 422, "code": "validation_error", "message": "…", "hint": "…",
"field_errors": [{"field": "value", "message": "…", "location": "…"}]}``.

The ``hint`` of a service error is its ``web_hint`` (the page or control to use) when it has
one, else its ``hint``: the terminal's hints name commands and flags a browser does not have.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from unknot.core.player_events import PlayerError
from unknot.errors import (
    ConfigError,
    ContentError,
    DamagedStoreError,
    DiskFullError,
    NotFoundError,
    SafetyError,
    StoreError,
    UnknotError,
    ValidationError,
)
from unknot.i18n import _

STATUS: list[tuple[type[UnknotError], int, str]] = [
    (ValidationError, 422, "validation_error"),
    (ContentError, 422, "content_error"),
    (NotFoundError, 404, "not_found"),
    (SafetyError, 409, "safety_block"),
    (PlayerError, 409, "player_state"),
    (DiskFullError, 507, "disk_full"),
    (DamagedStoreError, 503, "database_damaged"),
    (StoreError, 503, "store_unavailable"),
    (ConfigError, 500, "config_error"),
]
HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "validation_error",
}


def error_body(
    status: int, code: str, message: str, hint: str = "", fields: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    return {
        "status": status,
        "code": code,
        "message": message,
        "hint": hint,
        "field_errors": fields or [],
    }


def wants_html(request: Request) -> bool:
    if request.url.path.startswith("/api/"):
        return False
    return "text/html" in request.headers.get("accept", "")


def respond(
    request: Request, body: dict[str, Any], headers: dict[str, str] | None = None
) -> Response:
    if wants_html(request):
        templates = request.app.state.templates
        return templates.TemplateResponse(  # type: ignore[no-any-return]
            request, "error.html", {"error": body}, status_code=body["status"], headers=headers
        )
    return JSONResponse(body, status_code=body["status"], headers=headers)


def classify(error: UnknotError) -> tuple[int, str]:
    for kind, status, code in STATUS:
        if isinstance(error, kind):
            return status, code
    return 400, "bad_request"


async def on_unknot_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, UnknotError)
    status, code = classify(error)
    fields = [
        {"field": p.field, "message": p.message, "location": p.location} for p in error.problems
    ]
    return respond(request, error_body(status, code, error.message, web_hint(error), fields))


def web_hint(error: UnknotError) -> str:
    """The hint for a person in a browser: the web's own wording when the error has one."""
    return error.web_hint or error.hint


async def on_request_validation(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    broken = next((item for item in error.errors() if item.get("type") == "json_invalid"), None)
    if broken is not None:
        # Not a value to correct but a body that cannot be read: 400, as the OpenAPI says.
        where = [part for part in broken.get("loc", ()) if isinstance(part, int)]
        detail = str((broken.get("ctx") or {}).get("error", "")).rstrip(".")
        message = _("The request body is not valid JSON ({detail}, at character {at}).").format(
            detail=detail or _("cannot be read"), at=where[0] if where else 0
        )
        return _unreadable_body(request, "malformed_json", message)
    if any(item.get("type") == "missing" and tuple(item.get("loc", ())) == ("body",)
           for item in error.errors()):  # fmt: skip
        message = _("The request has no body; it needs one JSON object.")
        return _unreadable_body(request, "missing_body", message)
    fields = [
        {
            "field": ".".join(str(part) for part in item.get("loc", ()) if part != "body"),
            "message": _message_of(item),
            "location": str(item.get("loc", ("",))[0]),
        }
        for item in error.errors()
    ]
    message = _("The request has {n} problem(s); nothing was changed.").format(n=len(fields))
    body = error_body(422, "validation_error", message, _("Fix the fields listed."), fields)
    return respond(request, body)


def _unreadable_body(request: Request, code: str, message: str) -> Response:
    """A 400: no values to correct, a body to send again."""
    hint = _("Send one JSON object, such as {example}; nothing was changed.").format(
        example='{"value": 3}'
    )
    return respond(request, error_body(400, code, message, hint))


def _message_of(item: dict[str, Any]) -> str:
    """pydantic's message, without the "Value error, " it puts before our own words."""
    raised = (item.get("ctx") or {}).get("error")
    if item.get("type") == "value_error" and isinstance(raised, ValueError):
        return str(raised)
    if item.get("type") == "extra_forbidden":
        return _("this request has no such field; leave it out")
    return str(item.get("msg", ""))


async def on_http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    code = HTTP_CODES.get(error.status_code, "http_error")
    message = str(error.detail) if error.detail else code.replace("_", " ")
    if error.status_code == 404:
        message = _("There is nothing at {path}.").format(path=request.url.path)
    headers = dict(error.headers) if error.headers else None
    if error.status_code == 405:
        headers = {"Allow": ", ".join(allowed_methods(request))}
    return respond(request, error_body(error.status_code, code, message), headers)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route answers for this path. Each method is tried on the routes (an
    included router answers for its routes as a whole and lists no methods of its own)."""
    from starlette.routing import Match

    found = [
        method
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE")
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL
            for route in request.app.routes
        )
    ]
    if "GET" in found:
        found.append("HEAD")  # web/head.py
    return sorted(found)


async def on_unexpected(request: Request, error: Exception) -> Response:
    """A 500, unless the error is the database's (a full disk, a damaged file, a server that
    went away: it says so) or one of ours raised outside the routes (in a middleware)."""
    if isinstance(error, UnknotError):
        return await on_unknot_error(request, error)
    found = database_error(request, error)
    if found is not None:
        return await on_unknot_error(request, found)
    body = error_body(
        500,
        "internal_error",
        _("Something went wrong on our side; nothing was saved by this request."),
        _("Try again; if it keeps happening, run with --debug and report it."),
    )
    return respond(request, body)


def database_error(request: Request, error: Exception) -> UnknotError | None:
    """A database error that escaped the App's units of work, in words (or None)."""
    from sqlalchemy.exc import DBAPIError

    if not isinstance(error, DBAPIError):
        return None
    from unknot.store.failures import explain

    return explain(error, request.app.state.app.engine.url)


def install(app: FastAPI) -> None:
    app.add_exception_handler(UnknotError, on_unknot_error)
    app.add_exception_handler(RequestValidationError, on_request_validation)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected)
