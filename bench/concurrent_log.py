"""Benchmark: two processes each log 1,000 pain ratings at the same time into one SQLite store.

Issue 4 asks for 2,000 rows and no "database is locked" error. Each worker is a real, separate
interpreter (multiprocessing with "spawn") that opens its own App on the same data folder
and calls the journal service (``log_pain``) 1,000 times, each call its own transaction, as
`unknot log pain` does once. Calling the CLI 1,000 times instead would mostly measure
interpreter start-up (about 0.3 s a call) and would rarely overlap two writes at all. The
workers wait at a barrier, so their writes interleave from the first one.

A second round has both workers correct the same day's check-in (``check_in`` again and
again) at the same time: a read that decides a write. It must leave one check-in in force and
a straight history (no version replaced twice).

    uv run python bench/concurrent_log.py [--per-worker 1000] [--workers 2] [--checkins 200]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import traceback
from multiprocessing import get_context
from pathlib import Path
from typing import Any


def worker(
    data_dir: str, index: int, count: int, checkins: int, barrier: Any, results: Any
) -> None:
    from unknot.config import load_settings
    from unknot.services.acting import for_command
    from unknot.services.app import App
    from unknot.services.journal.write import check_in, log_pain

    actor = for_command(App.open(load_settings({"data_dir": Path(data_dir)})))
    latencies: list[float] = []
    errors: list[str] = []
    barrier.wait()
    started = time.perf_counter()
    for i in range(count):
        begin = time.perf_counter()
        try:
            log_pain(actor, i % 11, note=f"worker {index}, rating {i}")
        except Exception as error:  # counted, not fatal: the benchmark reports every failure
            errors.append("".join(traceback.format_exception_only(error)).strip())
        latencies.append(time.perf_counter() - begin)
    seconds = time.perf_counter() - started
    barrier.wait()
    for i in range(checkins):
        try:
            check_in(actor, {"average_pain": 2, "worst_pain": 2 + (i + index) % 8})
        except Exception as error:
            errors.append("".join(traceback.format_exception_only(error)).strip())
    results.put((index, seconds, latencies, errors))
    actor.app.close()


def count_rows(data_dir: str) -> tuple[int, int, int, int]:
    from sqlalchemy import func, select

    from unknot.config import load_settings
    from unknot.services.acting import for_command
    from unknot.services.app import App
    from unknot.store import tables

    actor = for_command(App.open(load_settings({"data_dir": Path(data_dir)})))
    with actor.unit() as session:
        rows = session.scalar(select(func.count()).select_from(tables.PainRating)) or 0
        distinct = session.scalar(select(func.count(func.distinct(tables.PainRating.note)))) or 0
        versions = session.scalars(select(tables.CheckInRow.replaces_id)).all()
    actor.app.close()
    replaced = [v for v in versions if v is not None]
    in_force = len(versions) - len(set(replaced))
    return rows, distinct, in_force, len(replaced) - len(set(replaced))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-worker", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--checkins", type=int, default=200)
    args = parser.parse_args()
    spawn = get_context("spawn")
    with tempfile.TemporaryDirectory() as data_dir:
        count_rows(data_dir)  # create and migrate the store before the race starts
        barrier, results = spawn.Barrier(args.workers), spawn.Queue()
        processes = [
            spawn.Process(
                target=worker, args=(data_dir, n, args.per_worker, args.checkins, barrier, results)
            )
            for n in range(args.workers)
        ]
        wall = time.perf_counter()
        for process in processes:
            process.start()
        outcomes = sorted(results.get() for _ in processes)
        for process in processes:
            process.join()
        rows, distinct, in_force, forks = count_rows(data_dir)
    report(outcomes, rows, distinct, args.workers * args.per_worker)
    print(f"check-in corrections: {args.workers} x {args.checkins} on one day")
    print(f"  check-ins in force: {in_force} (expected 1); versions replaced twice: {forks}")
    print(f"whole run (start-up included): {time.perf_counter() - wall:.2f} s")


def report(outcomes: list[Any], rows: int, distinct: int, expected: int) -> None:
    latencies = sorted(x for _i, _t, lat, _e in outcomes for x in lat)
    errors = [e for *_rest, errs in outcomes for e in errs]
    locked = sum("database is locked" in e for e in errors)
    print(f"rows: {rows} (distinct ratings {distinct}; expected {expected})")
    print(f"errors: {len(errors)}, of which 'database is locked': {locked}")
    for error in sorted(set(errors))[:5]:
        print(f"  {error}")
    for index, seconds, lat, _errors in outcomes:
        print(f"worker {index}: {len(lat)} calls in {seconds:.2f} s ({len(lat) / seconds:.0f}/s)")
    p = statistics.quantiles(latencies, n=100)
    print(
        f"per call: median {p[49] * 1000:.1f} ms, p99 {p[98] * 1000:.1f} ms, "
        f"max {latencies[-1] * 1000:.1f} ms"
    )
    print("ratings PASS" if rows == expected and distinct == expected and not errors else "FAIL")


if __name__ == "__main__":
    main()
