"""Benchmark: cue and step timing of the browser player in real headless Chromium, real time.

Issue 6 asks, for a 2-minute routine with at least 12 cues played in real time, that every beep
is scheduled on the audio clock within 10 ms of its planned time and every on-screen step
change happens within 50 ms of its planned time — and the same with the page hidden for the
middle minute.

The routine is the terminal benchmark's (bench/player_timing.py): the hip-flexor stretch, 2 x
20 s each side with 5 s rests, 115 s and 17 cues. The page records (window.unknotPlayerLog):

- for every beep, the time on the audio clock (AudioContext.currentTime's timeline) it was
  scheduled at; the error is (scheduled - scheduled time of the session start) - planned offset;
- for every step change, performance.now() right after the DOM was updated; the error is
  (that - the moment of step 0) - the step's planned start_s.

The second run emulates a hidden page for the middle minute (30-90 s): see THROTTLE.

    uv run python bench/browser_player_timing.py [--hidden-only | --visible-only] [--no-worker]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))
from player_timing import ROUTINE  # noqa: E402

from server import running_server  # noqa: E402

CHROMIUM = os.environ.get("UNKNOT_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--autoplay-policy=no-user-gesture-required",
]
BEEP_MS, STEP_MS = 10.0, 50.0
# Chrome runs a hidden page's timers at most once a second, aligned to whole seconds. Headless
# Chromium never hides a page (see docs/benchmarks.md for what was tried), so the middle minute
# gets the same treatment by hand: the page's setTimeout is wrapped to fire only on the next
# whole second after its delay. The player's worker (player-tick.js) is left alone, as Chrome
# leaves dedicated workers alone.
THROTTLE = """
window.unthrottledSetTimeout = window.setTimeout;
window.setTimeout = function (fn, ms) {
  var due = performance.now() + (ms || 0);
  var aligned = Math.ceil(due / 1000) * 1000;
  return window.unthrottledSetTimeout(fn, aligned - performance.now());
};
"""


def play(browser: Any, base: str, hide: bool, worker: bool = True) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    if not worker:
        context.add_init_script("delete window.Worker;")
    page = context.new_page()
    page.goto(base + "/player?routine=bench-2min")
    page.get_by_role("button", name="No, nothing new").click()
    page.locator('[data-scale="before"]').get_by_role("button", name="2", exact=True).click()
    page.wait_for_selector("#start:not([disabled])")
    page.get_by_role("button", name="Start", exact=True).click()
    started = time.monotonic()
    hidden_seen = []
    if hide:
        time.sleep(30)
        page.evaluate(THROTTLE)
        hidden_seen.append(page.evaluate("performance.now()"))
        time.sleep(max(0.0, 90 - (time.monotonic() - started)))
        page.evaluate("window.setTimeout = window.unthrottledSetTimeout")
        hidden_seen.append(page.evaluate("performance.now()"))
    page.get_by_role("heading", name="Well done: session complete.").wait_for(timeout=200_000)
    log: dict[str, Any] = page.evaluate("window.unknotPlayerLog")
    log["throttled"] = hidden_seen
    context.close()
    return log


def errors(log: dict[str, Any]) -> tuple[list[float], list[float]]:
    audio0 = log["start"]["audio"]
    beeps = [(b["audio_t"] - audio0 - b["planned_s"]) * 1000 for b in log["beeps"]]
    t0 = log["steps"][0]["t"]
    steps = [s["t"] - t0 - s["planned_s"] * 1000 for s in log["steps"]]
    return beeps, steps


def clock_gap(log: dict[str, Any]) -> list[float]:
    """Audio clock (read through getOutputTimestamp) minus performance clock, since the start."""
    audio0, t0 = log["start"]["audio"], log["steps"][0]["t"]
    return [((s["audio_now"] - audio0) - (s["t"] - t0) / 1000) * 1000 for s in log["steps"]]


def report(name: str, log: dict[str, Any]) -> bool:
    beeps, steps = errors(log)
    gaps = clock_gap(log)
    window = log["throttled"] or [0.0, 0.0]
    hidden_steps = sum(1 for s in log["steps"] if window[0] <= s["t"] <= window[1])
    worst_beep = max(abs(e) for e in beeps)
    worst_step = max(abs(e) for e in steps)
    ok = worst_beep <= BEEP_MS and worst_step <= STEP_MS
    print(f"{name}: audio context {log['start']['audio_state']}")
    print(f"  beeps scheduled: {len(beeps)}, worst |error| {worst_beep:.2f} ms (target {BEEP_MS})")
    print(
        f"  step changes: {len(steps)} ({hidden_steps} while throttled), worst |error| "
        f"{worst_step:.2f} ms (target {STEP_MS}); errors " + " ".join(f"{e:.1f}" for e in steps)
    )
    print(
        "  audio clock - performance clock at each step change (ms): "
        + " ".join(f"{g:.1f}" for g in gaps)
    )
    print("  " + ("ok" if ok else "BELOW TARGET"))
    return ok


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hidden-only", action="store_true")
    parser.add_argument("--visible-only", action="store_true")
    parser.add_argument(
        "--no-worker", action="store_true", help="the throttled run without the timer worker"
    )
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="unknot-bench-browser-"))
    env = {"UNKNOT_DATA_DIR": str(folder / "data"), "UNKNOT_CONFIG_DIR": str(folder / "config")}
    (folder / "config" / "routines").mkdir(parents=True)
    (folder / "config" / "routines" / "bench.yaml").write_text(ROUTINE)
    subprocess.run(
        [sys.executable, "-m", "unknot", "screen", "--batch", "--country", "GB"],
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )
    from playwright.sync_api import sync_playwright

    runs = [("visible", False), ("hidden-page timer throttling 30-90 s", True)]
    if options.hidden_only:
        runs = runs[1:]
    if options.visible_only:
        runs = runs[:1]
    ok = True
    with running_server(env=env) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for name, hide in runs:
            ok &= report(name, play(browser, base, hide))
        if options.no_worker:
            report("throttled, no timer worker (for comparison)", play(browser, base, True, False))
        browser.close()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
