"""Benchmark: `unknot serve` with 1 and 2 workers on PostgreSQL (issue 14 item 13).

Goals: 2 workers sustain >= 1.3x one worker's POST /api/v1/pain rate (median of 5 runs, the
two servers measured side by side, runs alternating); a single request takes about 2 ms with
2 workers (it took 44 ms when Nagle's algorithm met the client's delayed ACK).

Both servers are real `unknot serve` processes on one throwaway PostgreSQL cluster (a
database each), with a web token, logged in through the API: every request carries the
session cookie (looked up in web_sessions) and the CSRF token. A third server, 2 workers
with uvicorn's own h11 protocol (no TCP_NODELAY), shows the latency this fixes.

The client is a small asyncio HTTP/1.1 client (keep-alive, one request in flight per
connection), light enough that the server is what is measured; still, client, servers and
PostgreSQL share this machine's cores, so the load average is printed before each run.

    uv run python bench/serve_workers.py [--runs 5] [--seconds 5] [--connections 16]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))
from pg import Cluster, start_cluster
from server import free_port

TOKEN = "Zx9_kP2mQ7vL4tR8wN1cB6hJ3dF5gS0y"
CSRF = "c" * 32
BODY = b'{"value": 3}'


def create_database(cluster: Cluster, name: str) -> str:
    import psycopg

    admin = f"host=127.0.0.1 port={cluster.port} user=postgres dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = cluster.url_for(name)
    from unknot.store import db

    engine = db.make_engine(url)
    db.migrate(engine)
    engine.dispose()
    return url


@contextmanager
def server(url: str, workers: int, nagle: bool = False) -> Iterator[tuple[int, int]]:
    """`unknot serve --workers N` (or, with ``nagle``, the same factory under uvicorn's h11)."""
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="unknot-workers-bench-"))
    env = {
        **os.environ,
        "UNKNOT_DATABASE_URL": url,
        "UNKNOT_WEB_TOKEN": TOKEN,
        "UNKNOT_DATA_DIR": str(folder / "data"),
        "UNKNOT_CONFIG_DIR": str(folder / "config"),
    }
    if nagle:
        env["UNKNOT_SERVE_WORKER"] = json.dumps(
            {
                "flags": {},
                "hosts": ["127.0.0.1"],
                "origins": [f"http://127.0.0.1:{port}"],
                "https": False,
            }
        )
        code = (
            "import uvicorn; uvicorn.run('unknot.web.serve:worker_app', factory=True, "
            f"workers={workers}, port={port}, http='h11', log_level='warning')"
        )
        command = [sys.executable, "-c", code]
    else:
        command = [sys.executable, "-m", "unknot", "serve", "--port", str(port)]
        command += ["--workers", str(workers)] if workers > 1 else []
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.2)
        yield port, process.pid
    finally:
        process.terminate()
        process.wait(30)


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> tuple[int, bytes]:
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    return status, await reader.readexactly(length)


def _request(port: int, method: str, path: str, body: bytes, cookie: str) -> bytes:
    lines = [
        f"{method} {path} HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Content-Type: application/json",
        f"Content-Length: {len(body)}",
        f"Cookie: unknot_csrf={CSRF}" + (f"; {cookie}" if cookie else ""),
        f"X-CSRF-Token: {CSRF}",
        f"Origin: http://127.0.0.1:{port}",
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def login(port: int) -> str:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    body = json.dumps({"token": TOKEN}).encode()
    writer.write(_request(port, "POST", "/api/v1/login", body, ""))
    head = await reader.readuntil(b"\r\n\r\n")
    writer.close()
    for line in head.decode().split("\r\n"):
        if line.lower().startswith("set-cookie: unknot_session="):
            return line.split(": ", 1)[1].split(";")[0]
    raise RuntimeError(f"login failed: {head!r}")


def tree_cpu(root: int) -> float:
    """CPU seconds used so far by ``root`` and every process below it (from /proc)."""
    parents: dict[int, int] = {}
    used: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        used[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += used.get(pid, 0.0)
        todo += [child for child, parent in parents.items() if parent == pid]
    return total


def client_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def rate(port: int, cookie: str, connections: int, seconds: float) -> float:
    """POSTs answered per second, ``connections`` clients each waiting for its answer."""
    request = _request(port, "POST", "/api/v1/pain", BODY, cookie)
    done = 0
    stop = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal done
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while time.perf_counter() < stop:
            status, _ = await _exchange(reader, writer, request)
            if status >= 300:
                raise RuntimeError(f"status {status}")
            done += 1
        writer.close()

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(connections)))
    return done / (time.perf_counter() - start)


async def latency(port: int, cookie: str, count: int = 200) -> float:
    """The median time of one POST at a time, on one keep-alive connection (ms)."""
    request = _request(port, "POST", "/api/v1/pain", BODY, cookie)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    times = []
    for _ in range(count):
        begin = time.perf_counter()
        status, _ = await _exchange(reader, writer, request)
        times.append(time.perf_counter() - begin)
        assert status < 300, status
    writer.close()
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--connections", type=int, default=16)
    options = parser.parse_args()
    cluster = start_cluster()
    try:
        with ExitStack() as stack:
            servers = {
                label: stack.enter_context(server(create_database(cluster, db), w, nagle))
                for label, db, w, nagle in (
                    ("1 worker", "w1", 1, False),
                    ("2 workers", "w2", 2, False),
                    ("2 workers, no TCP_NODELAY", "w2n", 2, True),
                )
            }
            ports = {label: port for label, (port, _) in servers.items()}
            postmaster = int((cluster.datadir / "postmaster.pid").read_text().split()[0])
            cookies = {label: asyncio.run(login(port)) for label, port in ports.items()}
            for label, port in ports.items():  # warm up every worker's imports and pools
                asyncio.run(rate(port, cookies[label], 8, 2))
            print(f"load average before: {os.getloadavg()[0]:.2f}")
            rates: dict[str, list[float]] = {"1 worker": [], "2 workers": []}
            cpu: dict[str, list[tuple[float, float, float]]] = {k: [] for k in rates}
            for run in range(options.runs):
                for label in rates:
                    load = os.getloadavg()[0]
                    pid = servers[label][1]
                    before = (tree_cpu(pid), tree_cpu(postmaster), client_cpu())
                    found = asyncio.run(
                        rate(ports[label], cookies[label], options.connections, options.seconds)
                    )
                    after = (tree_cpu(pid), tree_cpu(postmaster), client_cpu())
                    count = found * options.seconds
                    per = tuple((b - a) / count * 1000 for a, b in zip(before, after, strict=True))
                    cpu[label].append((per[0], per[1], per[2]))
                    rates[label].append(found)
                    print(
                        f"run {run + 1} {label:10}: {found:6.0f} POST/s  (load {load:.2f})  "
                        f"CPU ms per POST: server {per[0]:.2f}, PostgreSQL {per[1]:.2f}, "
                        f"client {per[2]:.2f}"
                    )
            one, two = (statistics.median(rates[k]) for k in ("1 worker", "2 workers"))
            print(f"median: 1 worker {one:.0f}/s, 2 workers {two:.0f}/s, ratio {two / one:.2f}")
            # What two idle cores would give, from the CPU each POST costs (load-independent):
            # one worker is bound by its one core; two workers by both cores, shared with
            # PostgreSQL and the client.
            w1 = [statistics.median(c[i] for c in cpu["1 worker"]) for i in range(3)]
            w2 = [statistics.median(c[i] for c in cpu["2 workers"]) for i in range(3)]
            cores = os.cpu_count() or 2
            best_one = 1000 / max(w1[0], sum(w1) / cores)
            best_two = 1000 / max(w2[0] / 2, sum(w2) / cores)
            print(
                f"CPU per POST, median: 1 worker {sum(w1):.2f} ms (server {w1[0]:.2f}), "
                f"2 workers {sum(w2):.2f} ms (server {w2[0]:.2f}); on {cores} idle cores that "
                f"allows about {best_one:.0f}/s and {best_two:.0f}/s: {best_two / best_one:.2f}x"
            )
            for label, port in ports.items():
                ms = asyncio.run(latency(port, cookies[label]))
                print(f"single request, {label}: median {ms:.1f} ms")
            print(f"load average after: {os.getloadavg()[0]:.2f}")
    finally:
        cluster.stop()
    sys.exit(0 if two >= 1.3 * one else 1)


if __name__ == "__main__":
    main()
