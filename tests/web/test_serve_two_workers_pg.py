"""A real `unknot serve --workers 2` on PostgreSQL: requests land on both workers, and a login
made on one is honoured, and its logout seen, by the other (sessions live in the table). Each
worker accepts on its own listening socket."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from server import serving
from unknot.store import db

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
STRONG = "Zx9_kP2mQ7vL4tR8wN1cB6hJ3dF5gS0y"


@contextmanager
def two_workers(pg_url: str) -> Iterator[tuple[int, subprocess.Popen[str]]]:
    env = {"UNKNOT_DATABASE_URL": pg_url, "UNKNOT_WEB_TOKEN": STRONG}
    # each spawned worker imports unknot afresh: on a busy two-core machine that takes a while
    with serving("--workers", "2", env=env, patience_s=90) as (_base, port, process):
        yield port, process


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _tcp() -> Iterator[tuple[int, str, str]]:
    """(local port, state, inode) of every IPv4 TCP socket."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        yield int(fields[1].split(":")[1], 16), fields[3], fields[9]


def _socket_inode(local_port: int, remote_port: int) -> str:
    """The inode of the server's side of the TCP connection from ``remote_port``."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote = fields[1], fields[2]
        if int(local.split(":")[1], 16) == local_port and int(remote.split(":")[1], 16) == (
            remote_port
        ):
            return fields[9]
    raise AssertionError(f"no server socket for client port {remote_port}")


def _owner(pids: set[int], inode: str) -> int:
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                if os.readlink(fd) == f"socket:[{inode}]":
                    return pid
            except OSError:
                continue
    raise AssertionError("no worker holds the connection")


def request(
    port: int, workers: set[int], method: str, path: str, cookie: str = "", body: object = None
) -> tuple[int, int, http.client.HTTPResponse, bytes]:
    """One request on a new connection: the worker that accepted it, and the answer."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.connect()
    assert conn.sock is not None
    client_port = conn.sock.getsockname()[1]
    headers = {"Cookie": cookie, "Content-Type": "application/json"}
    if method == "POST":
        headers["X-CSRF-Token"] = "c" * 32
        headers["Cookie"] = "; ".join(filter(None, [cookie, "unknot_csrf=" + "c" * 32]))
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    answer = conn.getresponse()
    data = answer.read()
    worker = _owner(workers, _socket_inode(port, client_port))  # the connection is still open
    conn.close()
    return worker, answer.status, answer, data


def test_two_workers_share_sessions_through_the_table(pg_url: str) -> None:
    engine = db.make_engine(pg_url)
    db.migrate(engine)
    engine.dispose()
    with two_workers(pg_url) as (port, process):
        workers = _children(process.pid)
        workers.discard(process.pid)
        # uvicorn's supervisor spawns the workers (and multiprocessing a resource tracker)
        worker, status, answer, _ = request(
            port, workers, "POST", "/api/v1/login", body={"token": STRONG}
        )
        assert status == 200
        cookie = answer.getheader("set-cookie", "").split(";")[0]
        assert cookie.startswith("unknot_session=")
        served_by = {worker}
        deadline = time.monotonic() + 90  # the second worker may still be starting
        while time.monotonic() < deadline:  # new connections until one lands on the other
            other, status, _, _ = request(port, workers, "GET", "/api/v1/profile", cookie)
            assert status == 200  # the session opened on one worker is good on every one
            served_by.add(other)
            if other != worker:
                break
        assert len(served_by) == 2, "every connection went to the same worker"
        # each worker accepts on a listening socket of its own (a shared one let one take all)
        listeners = [inode for local, state, inode in _tcp() if local == port and state == "0A"]
        assert len(listeners) == 2
        assert {_owner(served_by, inode) for inode in listeners} == served_by
        # log out on the other worker: the first one refuses the cookie from then on
        while True:
            there, status, _, _ = request(port, workers, "POST", "/api/v1/logout", cookie, {})
            if status == 200:
                break
        assert there in served_by
        seen: dict[int, int] = {}
        while time.monotonic() < deadline + 30:
            who, status, _, _ = request(port, workers, "GET", "/api/v1/profile", cookie)
            seen[who] = status
            if len(seen) == 2:
                break
        assert set(seen.values()) == {401} and len(seen) == 2
