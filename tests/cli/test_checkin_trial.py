"""``unknot checkin`` during a personal trial names the trial day of the day recorded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from typer.testing import CliRunner, Result

from clocks import Clock
from unknot.cli import app as cli_app
from unknot.core.trial import draw_orders

runner = CliRunner()
WIDE = {"COLUMNS": "200"}
EVENING = datetime(2026, 3, 2, 19, 0, tzinfo=UTC)  # 2 March, day 1 of a trial starting today
SEED = next(s for s in range(100) if draw_orders(s, 1)[0] == "AB")  # period 1 A, period 2 B
ARM_A = "period 1, arm A: Hip routine (full)"
ARM_B = "period 2, arm B: Shoulder exercises (comparison)"
NOT_OUTCOME = "this rating is not a trial outcome"
# average, worst, where, sleep, painkillers, treatment, four habits, note, SPADI offer
ANSWERS = "4\n6\n-\nn\nn\n-\nn\nn\nn\nn\n-\nn\n"


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    cli_app._register()


@pytest.fixture
def clock() -> Clock:
    """Every command opens its App on this clock."""
    return Clock(EVENING)


pytestmark = pytest.mark.usefixtures("app_clock")


def ok(*args: str, input: str | None = None) -> str:
    result: Result = runner.invoke(cli_app.app, list(args), input=input, env=WIDE)
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def checkin(*args: str) -> str:
    return ok("checkin", "--average", "4", "--worst", "6", *args)


def plan(*args: str) -> None:
    ok("profile", "--timezone", "Europe/London")  # GMT in March: the days are UTC days
    ok("screen", "--batch")
    ok("trial", "plan", "--yes", "--assessed", "--sims", "200", "--seed", str(SEED), *args)


def on_day(clock: Clock, n: int) -> None:
    """Move to the evening of calendar day ``n`` (1 = 2 March, the start)."""
    clock.now = EVENING + timedelta(days=n - 1)


def test_checkin_without_a_trial_says_nothing_about_trials(clock: Clock) -> None:
    out = checkin()
    assert "Check-in for 2026-03-02 saved." in out and "trial" not in out.lower()


def test_checkin_names_the_period_day_and_the_arm(clock: Clock) -> None:
    plan()
    assert f"Counted as the outcome of trial day 1 of 42 ({ARM_A})." in checkin()
    on_day(clock, 9)
    out = ok("checkin", input=ANSWERS)  # interactive
    assert f"Counted as the outcome of trial day 9 of 42 ({ARM_B})." in out
    assert out.index("Counted as") < out.index("Answer it now?")  # before the SPADI offer


def test_checkin_on_a_paused_day_and_for_past_days(clock: Clock) -> None:
    plan()
    on_day(clock, 10)  # 11 March, trial day 10
    ok("trial", "pause", "--reason", "a weekend away")
    assert f"Your trial is paused on 2026-03-11: {NOT_OUTCOME}." in checkin()
    on_day(clock, 11)  # still paused: a check-in for an earlier day counts for that day
    assert f"trial day 9 of 42 ({ARM_B})." in checkin("--day", "2026-03-10")
    assert f"paused on 2026-03-11: {NOT_OUTCOME}." in checkin("--day", "2026-03-11")
    before = checkin("--day", "2026-03-01")
    assert "Your trial starts on 2026-03-02: this rating for 2026-03-01 is not a trial" in before
    on_day(clock, 13)  # resumed on 13 March: trial day 10 (11 and 12 March were paused)
    ok("trial", "resume")
    assert f"trial day 10 of 42 ({ARM_B})." in checkin()
    assert f"paused on 2026-03-12: {NOT_OUTCOME}." in checkin("--day", "2026-03-12")
    assert "trial day 1 of 42 (period 1, arm A" in checkin("--day", "2026-03-02")


def test_checkin_on_run_in_and_baseline_days_says_they_are_not_compared(clock: Clock) -> None:
    plan("--run-in", "2", "--baseline")
    out = checkin()
    assert "Recorded on trial day 1 of 51, a run-in day: run-in ratings are not compared" in out
    on_day(clock, 3)
    out = checkin()
    assert "Recorded on trial day 3 of 51, in the baseline period: baseline ratings" in out


def test_checkin_before_a_planned_trial_starts(clock: Clock) -> None:
    plan("--start", "2026-03-05")
    assert "Your trial starts on 2026-03-05: this rating for 2026-03-02 is not" in checkin()


def test_status_asks_for_the_check_in_only_until_it_is_done(clock: Clock) -> None:
    plan(
        "--arm-b",
        "none",
        "--seed",
        str(next(s for s in range(100) if draw_orders(s, 1)[0] == "BA")),
    )
    before = ok()
    assert "no routine today" in before and "Do the evening check-in" in before
    checkin()
    after = ok()
    assert "no routine today" in after and "Do the evening check-in" not in after


def test_a_late_check_in_for_the_last_day_still_counts(clock: Clock) -> None:
    plan("--pairs", "2")  # 28 days: 2 March to 29 March
    clock.now = EVENING + timedelta(days=28, hours=-10)  # the next morning, 30 March
    out = checkin("--day", "2026-03-29")
    assert "Counted as the outcome of trial day 28 of 28" in out
    assert "trial" not in checkin("--day", "2026-03-30").lower()  # after the trial: no line
