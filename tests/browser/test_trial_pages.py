"""Personal-trial pages in a phone-sized Chromium against the real server (issue 8).

Two data folders: one screened person who plans a trial through the page, and one with a
trial that finished before today (made through the services on a moved clock), for the report.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from actors import open_actor
from browser_tools import axe_violations, shot
from clocks import Clock
from server import running_server

pytestmark = pytest.mark.slow


def folder_env(folder: Path) -> dict[str, str]:
    return {"UNKNOT_DATA_DIR": str(folder / "data"), "UNKNOT_CONFIG_DIR": str(folder / "config")}


def screened(env: dict[str, str]) -> None:
    import os

    run = [sys.executable, "-m", "unknot", "screen", "--batch"]
    subprocess.run(run, env={**os.environ, **env}, check=True, capture_output=True)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = folder_env(tmp_path_factory.mktemp("trial-plan"))
    screened(env)
    with running_server(env=env) as url:
        yield url


@pytest.fixture(scope="module")
def later(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = folder_env(tmp_path_factory.mktemp("trial-later"))
    screened(env)
    with running_server(env=env) as url:
        yield url


def finished_trial(env: dict[str, str]) -> None:
    """Two pairs of 7-day periods (28 days), hip-full vs shoulder, begun 40 days ago, every
    evening rated."""
    from dataclasses import replace

    from unknot.config import load_settings
    from unknot.core.trial import Design
    from unknot.services import safety
    from unknot.services.journal.write import check_in
    from unknot.services.profile import change_profile
    from unknot.services.trial import lifecycle as trials
    from unknot.services.trial import today as trial_today

    clock = Clock()
    start = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    clock.now = start - timedelta(days=40)
    settings = load_settings(environ=env)
    services = open_actor(replace(settings), clock=clock)
    try:
        change_profile(services, {"timezone": "UTC"})
        safety.record(services, {q.id: False for q in safety.questions()})
        trials.plan_trial(services, Design(pairs=2), assessed_by_clinician=True, seed=11)
        for n in range(28):
            clock.now = start - timedelta(days=40 - n, hours=-8)
            today = trial_today.today(services)
            assert today is not None and today.arm is not None
            base = 3 if today.arm == "A" else 5
            check_in(services, {"average_pain": base + (n * 7) % 3 - 1, "worst_pain": 7})
    finally:
        services.app.close()


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = folder_env(tmp_path_factory.mktemp("trial-done"))
    finished_trial(env)
    with running_server(env=env) as url:
        yield url


def test_plan_check_start_pause_resume_and_stop(phone: Any, fresh: str) -> None:
    phone.goto(fresh + "/trial")
    assert axe_violations(phone) == []
    phone.get_by_label("B: what to compare it with").select_option("none")
    phone.get_by_label("Pairs of periods (each pair is AB or BA at random)").select_option("2")
    phone.get_by_role("button", name="Check this design").click()
    check = phone.locator("#check")
    check.get_by_text("wrongly concludes A better").wait_for()
    assert "If A truly lowers your pain by 2 points" in check.inner_text()
    assert "A: Hip routine (full)" in check.inner_text() and "B: no routine" in check.inner_text()
    assert axe_violations(phone) == []
    shot(phone, "trial_design_check")

    # A changed design hides the check: it must be checked again before it can start.
    phone.get_by_label("Pairs of periods (each pair is AB or BA at random)").select_option("3")
    assert check.is_hidden()
    phone.get_by_role("button", name="Check this design").click()
    check.wait_for()
    phone.get_by_role("button", name="Start this trial").click()
    assert check.get_by_role("alert").inner_text().startswith("Has a clinician")
    check.get_by_label("Yes").check()
    phone.get_by_role("button", name="Start this trial").click()
    phone.get_by_text("Trial day 1 of 42").wait_for()
    assert "Periods so far" in phone.inner_text("main")
    assert axe_violations(phone) == []
    shot(phone, "trial_running")

    phone.goto(fresh + "/")
    card = phone.locator("section.trialday")
    assert "Trial day 1 of 42" in card.inner_text()
    shot(phone, "trial_today")

    phone.goto(fresh + "/trial")
    phone.get_by_label("Why pause? (for example: travelling, a cold)").fill("a cold")
    phone.get_by_role("button", name="Pause the trial").click()
    phone.get_by_text("Your trial is paused").wait_for()
    assert "Paused on" in phone.inner_text("main") and "a cold" in phone.inner_text("main")
    phone.get_by_role("button", name="Resume the trial").click()
    phone.get_by_role("button", name="Pause the trial").wait_for()
    phone.on("dialog", lambda dialog: dialog.accept())
    phone.get_by_label("Why stop early?").fill("testing")
    phone.get_by_role("button", name="Stop the trial").click()
    phone.get_by_role("button", name="Check this design").wait_for()
    assert "Earlier trials" in phone.inner_text("main")
    assert "(stopped early)" in phone.inner_text("main")
    assert "stopped before its first day was over" in phone.inner_text("main")


def test_the_report_of_a_finished_trial(phone: Any, finished: str) -> None:
    phone.goto(finished + "/trial")
    phone.get_by_role("link", name="Hip routine (full) vs Shoulder exercises", exact=False).click()
    phone.wait_for_url("**/trial/report?trial=*")
    main = phone.inner_text("main")
    for heading in ("Design as planned", "Randomisation", "Results per period", "Analysis",
                    "Verdict", "Limitations"):  # fmt: skip
        assert phone.get_by_role("heading", name=heading, exact=True).count() == 1, heading
    assert "For you, in this trial, compared with B" in main
    assert phone.locator("svg[aria-labelledby='tseries-t tseries-d'] circle.day").count() == 28
    assert axe_violations(phone) == []
    shot(phone, "trial_report_top")
    phone.get_by_role("heading", name="Verdict", exact=True).scroll_into_view_if_needed()
    shot(phone, "trial_report_verdict")
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Download the PDF").click()
    path = download.value.path()
    assert path is not None and Path(path).read_bytes().startswith(b"%PDF")


def test_trial_pages_in_the_dark(browser: Any, finished: str) -> None:
    context = browser.new_context(
        color_scheme="dark", viewport={"width": 390, "height": 844}, bypass_csp=True
    )
    page = context.new_page()
    for path in ("/trial", "/trial/report"):
        page.goto(finished + path)
        assert axe_violations(page) == [], path
    shot(page, "trial_report_dark")
    context.close()


def test_plan_a_trial_that_starts_later(phone: Any, later: str) -> None:
    from datetime import date

    first = date.today() + timedelta(days=3)
    phone.goto(later + "/trial")
    phone.get_by_label("First day (default today; up to 30 days ahead)").fill(first.isoformat())
    phone.get_by_role("button", name="Check this design").click()
    check = phone.locator("#check")
    check.get_by_text("wrongly concludes A better").wait_for()
    check.get_by_label("No").check()
    phone.get_by_role("button", name="Start this trial").click()
    phone.get_by_text(f"Your trial starts on {first.isoformat()}").wait_for()
    main = phone.inner_text("main")
    assert "Pause the trial" not in main and "Stop the trial" in main
    shot(phone, "trial_planned_later")
