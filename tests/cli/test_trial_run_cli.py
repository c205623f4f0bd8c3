"""A whole personal trial through the CLI, plan to report, with a hand-moved clock."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from actors import open_actor
from clocks import Clock
from unknot.cli import app as cli_app
from unknot.core.player_events import State
from unknot.core.trial import draw_orders

runner = CliRunner()
WIDE = {"COLUMNS": "140"}
EVENING = datetime(2026, 3, 2, 19, 0, tzinfo=UTC)
SEED = 11


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    cli_app._register()


@pytest.fixture
def clock() -> Clock:
    """Every command opens its App on this clock."""
    return Clock(EVENING)


pytestmark = pytest.mark.usefixtures("app_clock")


def run(*args: str, input: str | None = None) -> Result:
    return runner.invoke(cli_app.app, list(args), input=input, env=WIDE)


def ok(*args: str, input: str | None = None) -> Result:
    result = run(*args, input=input)
    assert result.exit_code == 0, result.output
    return result


def status(clock: Clock) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(ok("trial", "status", "--json").output)
    return body


def record_session(routine: str) -> None:
    from dataclasses import replace

    from unknot.config import load_settings
    from unknot.services.plan import build_plan
    from unknot.services.session.record import SessionRecorder

    services = open_actor(replace(load_settings()))
    recorder = SessionRecorder(services, build_plan(services, routine, 3).plan, 3)
    recorder.finish(State.FINISHED, "", 2)
    services.app.close()


def test_trial_plan_refuses_before_a_screening(clock: Clock) -> None:
    result = run("trial", "plan", "--yes", "--assessed")
    assert result.exit_code == 1 and "screening is needed" in result.output


def test_trial_plan_check_only_shows_the_design_check(clock: Clock) -> None:
    ok("screen", "--batch")
    result = ok("trial", "plan", "--check-only", "--sims", "400", "--pairs", "2")
    text = " ".join(result.output.split())
    assert "Design check (400 simulated trials per line)" in text
    assert "defaults: you have fewer than 21 days of ratings" in text
    assert "wrongly concludes A better in" in text
    assert status(clock)["trial"] is None


def test_trial_plan_interactive_asks_each_choice(clock: Clock) -> None:
    ok("screen", "--batch")
    answers = "hip-short\nnone\n14\n2\nn\n0\n1\nn\n" + "y\n" + "y\n"
    result = ok("trial", "plan", "--interactive", "--sims", "200", input=answers)
    trial = status(clock)["trial"]
    assert trial["design"]["arm_a"] == "hip-short" and trial["design"]["arm_b"] == "none"
    assert trial["design"]["period_days"] == 14 and trial["design"]["mcid"] == 1.0
    assert "Has a clinician assessed your shoulder?" in result.output


@pytest.mark.slow  # 42 days of commands, each a whole CLI run
def test_trial_whole_run_from_plan_to_report(clock: Clock, tmp_path: Path) -> None:
    ok("profile", "--timezone", "Europe/London")
    ok("screen", "--batch")
    planned = ok("trial", "plan", "--yes", "--assessed", "--arm-b", "none", "--sims", "300",
                 "--seed", str(SEED))  # fmt: skip
    assert "Trial day 1 of 42" in planned.output
    orders = draw_orders(SEED, 3)
    arms = [arm for order in orders for arm in order for _ in range(7)]
    for n, arm in enumerate(arms):
        clock.now = EVENING + timedelta(days=n)
        body = status(clock)
        today = body["today"]
        assert today["arm"] == arm and today["trial_day"] == n + 1
        shown = body["trial"]["revealed"]
        assert len(shown) == n // 7 + 1  # future periods are never shown
        if arm == "A":
            record_session("hip-full")
        elif n == 8 or (arm == "B" and n % 7 == 0):
            said = ok("start")
            assert "no routine today" in " ".join(said.output.split()).lower()
        pain = 3 if arm == "A" else 5
        ok("checkin", "--average", str(pain + n % 2), "--worst", "7")
        if n == 20:
            ok("trial", "pause", "--reason", "a weekend away")
            clock.now += timedelta(days=0)
            ok("trial", "resume")  # same day: nothing changes
    clock.now = EVENING + timedelta(days=42)
    assert "Trial day" not in ok().output  # over: `unknot` no longer shows a trial line
    pdf = tmp_path / "trial.pdf"
    report = ok("trial", "report", "--output", str(pdf))
    text = " ".join(report.output.split())
    for heading in ("Why an N-of-1 trial", "Design as planned", "Design as run", "Randomisation",
                    "Blinding", "Outcomes", "Statistical methods", "Results per period",
                    "Harms and stop events", "Verdict"):  # fmt: skip
        assert heading in text, heading
    fingerprint = hashlib.sha256(str(SEED).encode()).hexdigest()
    assert f"Seed {SEED} (SHA-256 {fingerprint[:16]}…); sequence {' '.join(orders)}" in text
    assert "For you, in this trial, compared with B" in text
    assert "FLAG Paused" in text
    assert pdf.read_bytes().startswith(b"%PDF")
    body = json.loads(ok("trial", "report", "--json").output)
    assert body["analysis"]["decision"] == "A better"
    assert [p["days_adherent"] for p in body["periods"]] == [7] * 6


def test_trial_start_plays_arm_a_routine(clock: Clock) -> None:
    ok("screen", "--batch")
    seed = next(s for s in range(100) if draw_orders(s, 1)[0] == "AB")
    ok("trial", "plan", "--yes", "--assessed", "--sims", "200", "--seed", str(seed))
    result = ok("start", "--speed", "1000", "--no-voice", "--no-bell", "--pain-before", "2",
                input="1\n")  # fmt: skip
    text = " ".join(result.output.split())
    assert "Trial day 1 of 42, period 1 (arm A)" in text
    assert "Well done: session complete." in text
    history = json.loads(ok("history", "--json").output)
    assert history[0]["routine"] == "hip-full"
    assert "Run `unknot start` to begin." in ok().output


def test_trial_commands_without_a_trial_and_a_second_plan(clock: Clock) -> None:
    ok("screen", "--batch")
    assert "No trial is running" in ok("trial", "status").output
    missing = run("trial", "report")
    assert missing.exit_code == 1 and "unknot trial plan" in missing.output
    assert run("trial", "pause", "--reason", "x").exit_code == 1
    ok("trial", "plan", "--yes", "--assessed", "--sims", "200")
    again = run("trial", "plan", "--yes", "--assessed")
    assert again.exit_code == 1 and "one trial at a time" in again.output
    assert "Design check" not in again.output  # refused before simulating
    stopped = ok("trial", "stop", "--reason", "changed my mind")
    assert "state: stopped" in stopped.output


def test_trial_plan_asks_again_at_once_after_a_bad_answer(clock: Clock) -> None:
    ok("screen", "--batch")
    answers = "hip-nope\nhip-short\nnone\n10\n14\n9\n2\nn\n0\n0\n1\nn\n" + "y\n" + "y\n"
    result = ok("trial", "plan", "--interactive", "--sims", "200", input=answers)
    said = " ".join(result.output.split())
    assert "'hip-nope' is not one of the choices" in said
    assert "'10' is not one of the choices: answer 7 or 14." in said
    assert "'9' is not one of the choices: answer 2, 3 or 4." in said
    assert "'0' is not one of the choices: answer a number above 0, at most 10." in said
    design = status(clock)["trial"]["design"]
    assert (design["arm_a"], design["period_days"], design["pairs"], design["mcid"]) == (
        "hip-short", 14, 2, 1.0,
    )  # fmt: skip


def test_a_trial_planned_after_todays_check_in_starts_tomorrow(clock: Clock) -> None:
    ok("screen", "--batch")
    ok("checkin", "--average", "4", "--worst", "6")
    said = ok("trial", "plan", "--yes", "--assessed", "--sims", "200").output
    assert "Starting tomorrow, 2026-03-03: today already has a session or a check-in" in " ".join(
        said.split()
    )
    assert status(clock)["trial"]["start"] == "2026-03-03"


def test_unknot_plan_follows_todays_arm(clock: Clock) -> None:
    ok("screen", "--batch")
    ok("trial", "plan", "--yes", "--assessed", "--sims", "200", "--seed", str(SEED),
       "--arm-b", "none")  # fmt: skip
    first = draw_orders(SEED, 1)[0][0]
    shown = " ".join(ok("plan").output.split())
    if first == "A":
        assert "Hip routine (full)" in shown and "Trial day 1 of 42" in shown
    else:
        assert "No routine today: that is the protocol." in shown
    assert ok("plan", "--json").output.lstrip().startswith("{")
