"""Data that travels, over the API: export downloads and all-or-nothing import (F11)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

from unknot.errors import ValidationError
from unknot.i18n import _
from unknot.web.api import Svc
from unknot.web.bodies import MAX_UPLOAD
from unknot.web.schemas import ERRORS

router = APIRouter(prefix="/api/v1", responses=ERRORS, tags=["data"])

SUFFIX = {"json": ".json", "csv": ".zip", "fhir": ".json"}
MEDIA = {"json": "application/json", "csv": "application/zip", "fhir": "application/fhir+json"}


@router.get(
    "/export",
    response_class=FileResponse,
    responses={200: {"content": {m: {} for m in MEDIA.values()}, "description": "The file"}},
)
def export_file(
    svc: Svc, format: Annotated[str, Query(pattern="^(json|csv|fhir)$")] = "json"
) -> Response:
    """Download everything: ``json`` (a lossless backup), ``csv`` (a zip), ``fhir`` (R4 Bundle)."""
    from unknot.services.exchange.transfer import default_path, export

    folder = Path(tempfile.mkdtemp(prefix="unknot-export-"))
    name = default_path(format, svc.clock()).name
    target = folder / (name if name.endswith(SUFFIX[format]) else name + SUFFIX[format])
    export(svc, format, target)
    return FileResponse(
        target,
        media_type=MEDIA[format],
        filename=target.name,
        background=BackgroundTask(_remove, folder),
    )


def _remove(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


@router.post(
    "/import",
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {"schema": {"type": "object"}},
                "text/csv": {"schema": {"type": "string"}},
            },
            "required": True,
        }
    },
)
async def import_file(request: Request, svc: Svc) -> dict[str, Any]:
    """Import a JSON backup or a CSV of pain ratings: all or nothing, never twice."""
    from starlette.concurrency import run_in_threadpool

    from unknot.services.exchange.transfer import import_file as load

    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await _limited_body(request)
    suffix = ".csv" if kind == "text/csv" else ".json"
    with tempfile.TemporaryDirectory(prefix="unknot-import-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(body)
        result = await run_in_threadpool(load, svc, path, shown=_upload_name(request))
    return {
        "kind": result.kind,
        "added": result.added,
        "already": result.already,
        "adopted": str(result.adopted) if result.adopted else None,
    }


async def _limited_body(request: Request) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_UPLOAD:
            raise ValidationError(
                _("The upload is larger than {mb} MB.").format(mb=MAX_UPLOAD // (1024 * 1024)),
                hint=_("Import large backups with `unknot import FILE` on the computer."),
            )
        chunks.append(chunk)
    if not size:
        raise ValidationError(_("The upload is empty."), hint=_("Choose a backup or CSV file."))
    return b"".join(chunks)


@router.get(
    "/calendar.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}, "description": "The .ics file"}},
)
def calendar_file(
    svc: Svc,
    time: Annotated[str, Query(pattern=r"^\d{1,2}:\d{2}$", description="Session, HH:MM")] = "19:30",
    checkin: Annotated[str, Query(pattern=r"^\d{1,2}:\d{2}$", description="HH:MM")] = "21:00",
) -> Response:
    """Daily reminders (session and check-in) as a calendar file, in the profile's time zone:
    the same events as ``unknot calendar``, so importing a newer file updates them."""
    from unknot.services.calendar import Schedule, calendar_bytes, parse_clock

    schedule = Schedule(session=parse_clock(time, "time"), checkin=parse_clock(checkin, "checkin"))
    made, _zone, _items = calendar_bytes(svc, schedule, web=True)
    return Response(
        made,
        media_type="text/calendar",
        headers={"Content-Disposition": 'attachment; filename="unknot-reminders.ics"'},
    )


def _upload_name(request: Request) -> str:
    """The uploaded file's own name (the page sends it in X-File-Name), for the messages: never
    the server's temporary path. Without one: "The uploaded file"."""
    from urllib.parse import unquote

    sent = unquote(request.headers.get("x-file-name", "")).replace("\\", "/").split("/")[-1]
    cleaned = "".join(c for c in sent if c.isprintable()).strip()[:120]
    return cleaned or _("The uploaded file")
