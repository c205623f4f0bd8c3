"""Demo data, JSON export and JSON import with 10 years of data, on SQLite and PostgreSQL.

Run: ``uv run python bench/exchange_speed.py [--days 3650] [--backend both|sqlite|postgres]``

Each step is the real command in a new process, timed on the wall clock (interpreter start
included): ``unknot demo --days 3650`` into an empty store, ``unknot export --format json``,
then ``unknot import`` of that file into a second, empty store. The second store is exported
again and compared with the first export, so the timing is of an import that lost nothing.
PostgreSQL runs in a throwaway cluster (``tests/pg.py``). Targets (issue 4): demo ≤ 60 s,
export ≤ 5 s, import ≤ 10 s.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))

from pg import Cluster, start_cluster


def unknot(store: list[str], *args: str, env: dict[str, str]) -> float:
    """Run one unknot command; return its wall time in seconds."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "unknot", *store, *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"unknot {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return took


def _same(first: Path, second: Path) -> bool:
    a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (first, second))
    a.pop("exported_at"), b.pop("exported_at")
    return bool(a == b)


def run_backend(
    name: str, stores: tuple[list[str], list[str]], days: int, folder: Path
) -> dict[str, Any]:
    env = {**os.environ, "UNKNOT_CONFIG_DIR": str(folder / "config")}
    env.pop("UNKNOT_DATABASE_URL", None)
    env["UNKNOT_DATA_DIR"] = str(folder / "data")
    first, second = folder / "first.json", folder / "second.json"
    demo = unknot(stores[0], "demo", "--days", str(days), "--seed", "1", env=env)
    export = unknot(stores[0], "export", "--format", "json", "-o", str(first), env=env)
    imported = unknot(stores[1], "import", str(first), env=env)
    unknot(stores[1], "export", "--format", "json", "-o", str(second), env=env)
    tables = json.loads(first.read_text(encoding="utf-8"))["tables"]
    return {
        "backend": name,
        "demo": demo,
        "export": export,
        "import": imported,
        "lossless": _same(first, second),
        "megabytes": first.stat().st_size / 1e6,
        "counts": {k: len(v) for k, v in tables.items()},
    }


def sqlite_stores(folder: Path) -> tuple[list[str], list[str]]:
    return (
        ["--data-dir", str(folder / "a")],
        ["--data-dir", str(folder / "b")],
    )


def postgres_stores(cluster: Cluster) -> tuple[list[str], list[str]]:
    import psycopg

    admin = f"host=127.0.0.1 port={cluster.port} user=postgres dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        for name in ("bench_a", "bench_b"):
            conn.execute(f'CREATE DATABASE "{name}"')
    return (
        ["--database-url", cluster.url_for("bench_a")],
        ["--database-url", cluster.url_for("bench_b")],
    )


def report(result: dict[str, Any]) -> None:
    counts = result["counts"]
    print(f"\n{result['backend']}: {counts['checkin']} check-ins, {counts['session']} sessions, "
          f"{counts['pain_rating']} pain ratings, {counts['session_step']} steps; "
          f"backup {result['megabytes']:.1f} MB; export → import → export identical: "
          f"{result['lossless']}")  # fmt: skip
    for step, target in (("demo", 60), ("export", 5), ("import", 10)):
        print(f"  {step:<7} {result[step]:6.2f} s   (target ≤ {target} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=3650)
    parser.add_argument("--backend", choices=("both", "sqlite", "postgres"), default="both")
    args = parser.parse_args()
    if args.backend in ("both", "sqlite"):
        with tempfile.TemporaryDirectory(prefix="unknot-bench-") as tmp:
            folder = Path(tmp)
            report(run_backend("SQLite", sqlite_stores(folder), args.days, folder))
    if args.backend in ("both", "postgres"):
        cluster = start_cluster()
        try:
            with tempfile.TemporaryDirectory(prefix="unknot-bench-") as tmp:
                folder = Path(tmp)
                stores = postgres_stores(cluster)
                report(run_backend("PostgreSQL", stores, args.days, folder))
        finally:
            cluster.stop()


if __name__ == "__main__":
    main()
