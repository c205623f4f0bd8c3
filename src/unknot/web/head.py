"""HEAD answers wherever GET does: the same status and headers, without the body.

FastAPI's routes answer only the methods they list, so a HEAD to a page or to a GET endpoint
of the API got 405 (HTTP says a server answering GET should answer HEAD too, RFC 9110
§9.3.2). This runs the request as a GET inside and sends only its start: the status and the
headers, Content-Length included, as a GET would have them.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def start_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # a part of a streamed body: nothing of it is sent
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, start_only)
