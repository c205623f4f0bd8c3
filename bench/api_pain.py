"""Benchmark: POST a pain rating through the API on SQLite (issue 5).

Targets: p99 latency <= 25 ms at a steady 200 requests/s; and the most it sustains is >= 30 %
of what a trivial endpoint of the same server sustains, measured in the same run.

1. Steady rate: an open-loop client sends one POST /api/v1/pain every 5 ms for --seconds
   (asyncio + httpx2, keep-alive). Latency runs from each request's *scheduled* send time to
   its response, so a stall cannot hide queued requests (no coordinated omission).
2. Most sustained: `wrk` (C, keep-alive) hammers POST /api/v1/pain and then GET /api/v1/health
   (no database) with the same connections and duration; the ratio of requests/s is reported.

The server is the real one, started with `unknot serve` (one uvicorn worker) on a fresh SQLite
data folder. Client and server share this machine's two cores.

    uv run python bench/api_pain.py [--seconds 15] [--rate 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx2 as httpx

sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))
from server import running_server


async def steady(base: str, headers: dict[str, str], rate: float, seconds: float) -> list[float]:
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits) as client:
        start = time.perf_counter() + 0.2
        count = int(rate * seconds)

        async def one(index: int) -> None:
            scheduled = start + index / rate
            await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
            response = await client.post("/api/v1/pain", json={"value": index % 11})
            response.raise_for_status()
            latencies.append(time.perf_counter() - scheduled)

        await asyncio.gather(*(one(i) for i in range(count)))
    return latencies


def wrk(url: str, script: str | None, cookie: str, token: str, seconds: int) -> float:
    args = [
        "wrk",
        "-t1",
        "-c16",
        f"-d{seconds}s",
        "-H",
        f"Cookie: {cookie}",
        "-H",
        f"X-CSRF-Token: {token}",
        "-H",
        "Origin: " + url.split("/api")[0],
    ]
    if script:
        args += ["-s", script]
    out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        sys.exit(f"wrk saw {non2xx.group(1)} error responses:\n{out}")
    assert match, out
    return float(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--rate", type=float, default=200)
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="unknot-api-bench-"))
    env = {"UNKNOT_DATA_DIR": str(folder / "data"), "UNKNOT_CONFIG_DIR": str(folder / "cfg")}
    with running_server(env=env) as base:
        csrf = httpx.get(base + "/api/v1/csrf")
        token = csrf.json()["token"]
        cookie = f"unknot_csrf={token}"
        headers = {"X-CSRF-Token": token, "Cookie": cookie, "Origin": base}
        for _ in range(50):  # warm up
            httpx.post(base + "/api/v1/pain", json={"value": 1}, headers=headers)
        latencies = sorted(asyncio.run(steady(base, headers, options.rate, options.seconds)))
        q = statistics.quantiles(latencies, n=100)
        print(f"steady {options.rate:.0f}/s for {options.seconds:.0f} s: {len(latencies)} POSTs")
        print(
            f"  p50 {q[49] * 1000:.1f} ms  p99 {q[98] * 1000:.1f} ms  "
            f"max {latencies[-1] * 1000:.1f} ms  (target p99 <= 25 ms)"
        )
        script = folder / "post.lua"
        script.write_text(
            'wrk.method = "POST"\nwrk.body = \'{"value": 3}\'\n'
            'wrk.headers["Content-Type"] = "application/json"\n'
        )
        posts = wrk(base + "/api/v1/pain", str(script), cookie, token, 8)
        trivial = wrk(base + "/api/v1/health", None, cookie, token, 8)
        print(
            f"most sustained: POST pain {posts:.0f}/s, GET health {trivial:.0f}/s, "
            f"ratio {posts / trivial:.0%} (target >= 30 %)"
        )
        rows = json.loads(httpx.get(base + "/api/v1/journal").text)
        print(f"ratings stored: {len(rows)}")
    ok = q[98] <= 0.025 and posts / trivial >= 0.30
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    main()
