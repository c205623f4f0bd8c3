"""Benchmark: ``unknot report`` on ten years of demo data (issue 4).

Targets: with 10 years of demo data (3,650 check-ins, 7,300 sessions, >= 15,000 ratings),
``unknot report`` <= 1.5 s wall including interpreter start, and ``--output report.png``
<= 4 s. The script fills a fresh store with ``unknot demo --days 3650`` (or, if that command is
missing, with the synthetic journal of ``tests/insights_journal.py``), then runs each command
as a new process several times and prints the median and the range. It does this on SQLite
and, when PostgreSQL's server binaries are installed, on a throwaway PostgreSQL cluster.

Python's bytecode cache is left on (``PYTHONDONTWRITEBYTECODE`` is removed from the children's
environment) and one untimed run comes first, as for an installed program started a second
time; ``--no-bytecode`` measures with the cache off instead.

    uv run python bench/report_speed.py [--runs 7] [--days 3650] [--no-postgres]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

UNKNOT = str(Path(sys.executable).with_name("unknot"))


def commands(folder: Path) -> dict[str, list[str]]:
    return {
        "unknot report": ["report"],
        "unknot report --since (all 10 years)": ["report", "--since", "2000-01-01"],
        "unknot report --json": ["report", "--json"],
        "unknot report --output report.png": ["report", "--output", str(folder / "report.png")],
        "unknot report --output report.svg": ["report", "--output", str(folder / "report.svg")],
        "unknot report --output report.pdf": ["report", "--output", str(folder / "report.pdf")],
    }


def environment(folder: Path, database_url: str, bytecode: bool) -> dict[str, str]:
    env = dict(os.environ)
    env["UNKNOT_DATA_DIR"] = str(folder / "data")
    env["UNKNOT_CONFIG_DIR"] = str(folder / "config")
    env.pop("UNKNOT_DATABASE_URL", None)
    if database_url:
        env["UNKNOT_DATABASE_URL"] = database_url
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def fill(env: dict[str, str], days: int) -> str:
    """Fill the store; return how (for the report)."""
    started = time.perf_counter()
    done = subprocess.run(
        [UNKNOT, "demo", "--days", str(days)], env=env, capture_output=True, text=True
    )
    if done.returncode == 0:
        summary = done.stdout.strip().splitlines()
        took = time.perf_counter() - started
        return f"unknot demo --days {days} ({took:.1f} s): " + " ".join(summary)
    print(f"(unknot demo failed, so the bench writes its own data: {done.stderr.strip()[-300:]})")
    return fill_directly(env, days)


def fill_directly(env: dict[str, str], days: int) -> str:
    from dataclasses import replace
    from datetime import UTC, datetime

    from insights_journal import store_journal, synthetic_journal
    from unknot.config import load_settings
    from unknot.services.acting import for_command
    from unknot.services.app import App

    settings = replace(
        load_settings(),
        data_dir=Path(env["UNKNOT_DATA_DIR"]),
        config_dir=Path(env["UNKNOT_CONFIG_DIR"]),
        database_url=env.get("UNKNOT_DATABASE_URL", ""),
    )
    actor = for_command(App.open(settings))
    data = synthetic_journal(
        days, datetime.now(UTC).date(), seed=1, two_sessions=1.0, checkin_share=1.0
    )
    store_journal(actor, data)
    actor.app.close()
    return (
        f"synthetic journal of {days} days: {len(data.checkins)} check-ins, "
        f"{len(data.sessions)} sessions, {len(data.pain)} ratings"
    )


def run_once(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run([UNKNOT, *args], env=env, capture_output=True, text=True)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"unknot {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return took


def time_command(args: list[str], env: dict[str, str], runs: int) -> list[float]:
    run_once(args, env)  # warm-up
    return [run_once(args, env) for _ in range(runs)]


def measure(label: str, database_url: str, args: argparse.Namespace) -> None:
    folder = Path(tempfile.mkdtemp(prefix="unknot-report-bench-"))
    try:
        env = environment(folder, database_url, not args.no_bytecode)
        print(f"\n### {label}\n")
        print(f"Data: {fill(env, args.days)}\n")
        print("| command | median | min | max |")
        print("|---|---|---|---|")
        for name, command in commands(folder).items():
            times = time_command(command, env, args.runs)
            print(
                f"| `{name}` | {statistics.median(times):.2f} s | {min(times):.2f} s "
                f"| {max(times):.2f} s |",
                flush=True,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--days", type=int, default=3650)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-bytecode", action="store_true")
    args = parser.parse_args()
    print(f"{args.runs} timed runs per command after one warm-up; {os.cpu_count()} CPUs.")
    measure("SQLite", "", args)
    if args.no_postgres:
        return
    from pg import start_cluster

    try:
        cluster = start_cluster()
    except RuntimeError as exc:
        print(f"\nPostgreSQL skipped: {exc}")
        return
    try:
        import psycopg

        admin = f"host=127.0.0.1 port={cluster.port} user=postgres dbname=postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute('CREATE DATABASE "bench"')
        measure("PostgreSQL", cluster.url_for("bench"), args)
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
