"""The HTTP protocol uvicorn runs, with Nagle's algorithm off on every accepted connection.

asyncio turns on ``TCP_NODELAY`` only for sockets made with ``proto=IPPROTO_TCP``. With
several workers uvicorn binds the listening socket itself with ``proto=0``, so the accepted
connections kept Nagle's algorithm: a small response waited for the client's delayed ACK,
and a single request took about 44 ms instead of 2. This sets the option on each connection
(whatever the worker count); uvicorn is told to use it by its import string.
"""

from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol

PROTOCOL = "unknot.web.nodelay:NoDelayH11"


def set_nodelay(transport: asyncio.BaseTransport) -> bool:
    """Send small writes at once on this connection's TCP socket; whether it was set."""
    sock = transport.get_extra_info("socket")
    if sock is None or sock.family not in (socket.AF_INET, socket.AF_INET6):
        return False
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:  # the connection closed already
        return False
    return True


class NoDelayH11(H11Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        set_nodelay(transport)
        super().connection_made(transport)
