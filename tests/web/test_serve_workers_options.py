"""`unknot serve --workers N`: a factory each worker calls, PostgreSQL required for more than
one, and TCP_NODELAY on every accepted connection (Nagle cost 44 ms a request with workers)."""

from __future__ import annotations

import os
import socket
import threading
from typing import Any

import httpx2 as httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from uvicorn.protocols.http.h11_impl import H11Protocol

from unknot.cli import app as cli_app
from unknot.errors import ConfigError
from unknot.store import db
from unknot.web import serve as web
from unknot.web import workers
from unknot.web.nodelay import PROTOCOL, NoDelayH11

runner = CliRunner()
STRONG = "Zx9_kP2mQ7vL4tR8wN1cB6hJ3dF5gS0y"


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    cli_app._register()


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    monkeypatch.setattr(
        workers,
        "run_workers",
        lambda app, n, **kw: calls.append({"app": app, "factory": True, "workers": n, **kw}),
    )
    monkeypatch.setenv(web.WORKER_ENV, "")  # recorded, so what serve sets is undone after
    monkeypatch.delenv(web.WORKER_ENV)
    return calls


def test_more_than_one_worker_on_sqlite_is_refused(started: list[dict[str, Any]]) -> None:
    result = runner.invoke(cli_app.app, ["serve", "--workers", "2"])
    out = " ".join(result.output.split())
    assert result.exit_code == 1 and not started
    assert "2 workers need PostgreSQL" in out and "UNKNOT_DATABASE_URL" in out


def test_one_worker_serves_the_app_object_with_nodelay(started: list[dict[str, Any]]) -> None:
    result = runner.invoke(cli_app.app, ["serve"])
    assert result.exit_code == 0, result.output
    (call,) = started
    assert not isinstance(call["app"], str) and "workers" not in call
    assert call["http"] == PROTOCOL


def test_workers_build_their_own_app_from_the_settings(
    started: list[dict[str, Any]], pg_url: str
) -> None:
    engine = db.make_engine(pg_url)
    db.migrate(engine)
    engine.dispose()
    env = {"UNKNOT_DATABASE_URL": pg_url, "UNKNOT_WEB_TOKEN": STRONG}
    result = runner.invoke(cli_app.app, ["serve", "--workers", "3", "--port", "8123"], env=env)
    assert result.exit_code == 0, result.output
    (call,) = started
    assert call["app"] == "unknot.web.serve:worker_app" and call["factory"] is True
    assert call["workers"] == 3 and call["http"] == PROTOCOL and call["port"] == 8123
    # what a worker does: build an app from the environment the server passes on
    os.environ.update(env)
    try:
        app = web.worker_app()
    finally:
        for name in env:
            del os.environ[name]
    assert app.state.app.engine.dialect.name == "postgresql"
    assert app.state.guard.token == STRONG and "127.0.0.1" in app.state.guard.hosts
    with TestClient(app, base_url="http://127.0.0.1:8123") as client:
        assert client.get("/api/v1/profile").status_code == 401
        bearer = {"Authorization": f"Bearer {STRONG}"}
        assert client.get("/api/v1/profile", headers=bearer).status_code == 200
    app.state.app.close()


def _nodelay_seen(protocol: type[H11Protocol]) -> int:
    """Serve on a socket bound as uvicorn's workers bind it (proto 0) and answer each request
    with the TCP_NODELAY option of the server side of its own, accepted, connection."""
    listener = socket.socket(socket.AF_INET)  # proto 0, like uvicorn's bind_socket
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server: uvicorn.Server

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        client_port = scope["client"][1]
        (conn,) = [c for c in server.server_state.connections if c.client[1] == client_port]
        sock = conn.transport.get_extra_info("socket")
        value = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": str(int(bool(value))).encode()})

    config = uvicorn.Config(app, http=protocol, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]})
    thread.start()
    try:
        listener.listen()
        with httpx.Client(timeout=10) as client:
            return int(client.get(f"http://127.0.0.1:{port}/").text)
    finally:
        server.should_exit = True
        thread.join(10)
        listener.close()


def test_accepted_connections_get_tcp_nodelay() -> None:
    assert _nodelay_seen(H11Protocol) == 0  # uvicorn's own: Nagle stays on (the 44 ms)
    assert _nodelay_seen(NoDelayH11) == 1


def test_each_worker_gets_its_own_listening_socket_and_connections_spread() -> None:
    """One shared socket let the first worker to wake accept every queued connection; with a
    socket each, the kernel spreads new connections over them."""
    first = workers.listening("127.0.0.1", 0, 1)[0]
    port = first.getsockname()[1]
    first.close()
    group = workers.listening("127.0.0.1", port, 2)
    try:
        assert len(group) == 2 and {s.getsockname()[1] for s in group} == {port}
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(16)]
        accepted = []
        for sock in group:
            sock.setblocking(False)
            count = 0
            while True:
                try:
                    conn, _ = sock.accept()
                except BlockingIOError:
                    break
                conn.close()
                count += 1
            accepted.append(count)
        for client in clients:
            client.close()
        assert sum(accepted) == 16 and min(accepted) > 0, accepted  # 1 in 2**15 to fail by chance
    finally:
        for sock in group:
            sock.close()


def test_a_port_held_by_another_program_is_refused_in_words() -> None:
    other = socket.socket()
    other.bind(("127.0.0.1", 0))
    other.listen()
    port = other.getsockname()[1]
    try:
        with pytest.raises(ConfigError) as raised:
            workers.listening("127.0.0.1", port, 2)
        assert f"Cannot serve on 127.0.0.1:{port}" in str(raised.value)
        assert "--port" in (raised.value.hint or "")
    finally:
        other.close()
