"""Request bodies, checked in the guard before any route reads them.

- Size: every request body is capped (``MAX_BODY``; the import upload has its own larger cap),
  so a huge body is refused with 413 before it is held in memory. A ``Content-Length`` over the
  cap is refused without reading a byte.
- JSON writes: a body nested deeper than ``strict_json.MAX_DEPTH`` (no unknot request comes
  close) or with a key given twice in one object (which value was meant?) is refused with 422,
  in the app's one error shape. A body that is not JSON at all is left to the route's own 400.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.types import Message, Receive

from unknot.core import strict_json
from unknot.i18n import _

MAX_BODY = 2 * 1024 * 1024  # the largest real write, a long session with its plan, is ~200 KB
MAX_UPLOAD = 64 * 1024 * 1024  # a web import; larger backups go through `unknot import`
UPLOAD_PATHS = ("/api/v1/import",)


@dataclass
class BodyProblem(Exception):
    status: int
    code: str
    message: str
    hint: str = ""


def limit_for(path: str) -> int:
    return MAX_UPLOAD if path.startswith(UPLOAD_PATHS) else MAX_BODY


def too_large(limit: int) -> BodyProblem:
    return BodyProblem(
        413,
        "too_large",
        _("The request body is larger than {kb} KB; nothing was changed.").format(kb=limit // 1024),
        _("Send less at once; import big backups on the computer instead."),
    )


def declared_too_large(content_length: str, limit: int) -> bool:
    try:
        return int(content_length) > limit
    except ValueError:
        return False


async def read_capped(receive: Receive, limit: int) -> bytes | None:
    """The whole body, or BodyProblem past ``limit``; None when the client went away."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def replay(body: bytes, receive: Receive) -> Receive:
    """A receive that gives the app the body already read, then the client's own messages."""
    sent = False

    async def inner() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return inner


def check_json(body: bytes) -> None:
    """Refuse a JSON body with duplicate keys or deep nesting (BodyProblem)."""
    if not body.strip():
        return
    try:
        strict_json.loads(body)
    except strict_json.JsonShapeError as error:
        raise BodyProblem(422, error.code, error.message, error.hint) from None
    except ValueError:
        return  # not JSON at all: the route answers 400 with where it went wrong
