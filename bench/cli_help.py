"""Benchmark: `unknot --help` against a minimal Typer app's `--help`, in the same run.

Issue 2 asks that unknot's median wall time be at most 1.5x the minimal app's. unknot prints
plain help (rich_markup_mode=None), so the minimal app is measured both with Typer's default
Rich help and with plain help like ours; both ratios must stay at or under 1.5. Both run as
fresh interpreter processes (what a person waits for), interleaved so that machine noise hits
both alike.

    uv run python bench/cli_help.py [--runs 30]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MINIMAL = '''
import sys

import typer

MODE = None if sys.argv[1:2] == ["plain"] else "rich"
if sys.argv[1:2] == ["plain"]:
    del sys.argv[1]

app = typer.Typer(rich_markup_mode=MODE)


@app.command()
def hello(name: str = "world") -> None:
    """Say hello."""
    typer.echo(f"hello {name}")


@app.command()
def bye() -> None:
    """Say goodbye."""


app()
'''


def time_once(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        minimal = Path(folder) / "minimal.py"
        minimal.write_text(MINIMAL)
        commands = {
            "minimal typer": [sys.executable, str(minimal), "--help"],
            "minimal plain": [sys.executable, str(minimal), "plain", "--help"],
            "unknot": [sys.executable, "-m", "unknot", "--help"],
        }
        for command in commands.values():  # warm the file cache
            time_once(command)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                times[name].append(time_once(command))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        print(f"{name:>14}: median {value * 1000:6.1f} ms over {runs} runs")
    ratio = medians["unknot"] / medians["minimal typer"]
    plain = medians["unknot"] / medians["minimal plain"]
    print(f"ratio unknot / minimal typer (default rich help): {ratio:.2f} (target <= 1.5)")
    print(f"ratio unknot / minimal typer (plain help, as unknot): {plain:.2f} (target <= 1.5)")
    sys.exit(0 if max(ratio, plain) <= 1.5 else 1)


if __name__ == "__main__":
    main()
