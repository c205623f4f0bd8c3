"""Start the real server through the real CLI on a free port, for end-to-end tests."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

import httpx2 as httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_up(
    process: subprocess.Popen[str],
    log: IO[str],
    base: str,
    verify: ssl.SSLContext | bool,
    patience_s: float,
) -> None:
    deadline = time.monotonic() + patience_s
    while True:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"server exited: {log.read()}")
        try:
            httpx.get(base + "/static/app.css", verify=verify, timeout=1.0)
            return
        except httpx.HTTPError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@contextmanager
def serving(
    *args: str,
    env: dict[str, str] | None = None,
    https: bool = False,
    verify: ssl.SSLContext | bool = True,
    patience_s: float = 20,
) -> Iterator[tuple[str, int, subprocess.Popen[str]]]:
    """`unknot serve` on a free port until the block ends: its address, port and process.
    ``patience_s``: how long it may take to answer (each of several workers imports unknot)."""
    port = free_port()
    command = [sys.executable, "-m", "unknot", "serve", "--port", str(port), *args]
    base = f"{'https' if https else 'http'}://127.0.0.1:{port}"
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            command,
            env={**os.environ, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            _wait_until_up(process, log, base, verify, patience_s)
            yield base, port, process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def running_server(
    *args: str,
    env: dict[str, str] | None = None,
    https: bool = False,
    verify: ssl.SSLContext | bool = True,
) -> Iterator[str]:
    with serving(*args, env=env, https=https, verify=verify) as (base, _port, _process):
        yield base
