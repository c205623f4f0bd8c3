"""unknot demo's finished personal trial, on SQLite and PostgreSQL: a complete report to open."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from exchange_factories import snapshot, wipe
from unknot.core import trial as core
from unknot.errors import NotFoundError
from unknot.services.app import Actor
from unknot.services.demo import data as demo_data
from unknot.services.demo import trial as demo_trial
from unknot.services.demo.folder import demo_plans, fill
from unknot.services.exchange.transfer import export, import_file
from unknot.services.trial import status as trial_status
from unknot.services.trial.report import trial_report

LAST_DAY = date(2026, 3, 1)  # the demo ends the day before the test clock's day (London)


def test_a_demo_holds_a_finished_trial_with_its_report(clocked_actor: Actor) -> None:
    services = clocked_actor
    result = fill(services, days=120, seed=3)
    assert result.counts["trial"] == 1 and "trial_event" not in result.counts
    assert result.trial is not None and result.trial.end == LAST_DAY - timedelta(21)

    stored = trial_status.get_trial(services)
    assert stored.id == result.trial.id
    assert stored.design == core.Design()  # hip-full against shoulder, 3 pairs of 7 days
    assert stored.sequence == core.draw_orders(stored.seed, 3) == result.trial.sequence
    assert not stored.is_open and stored.closed_at is not None
    assert stored.closed_at.date() == result.trial.end + timedelta(1)
    assert stored.events == () and stored.design_check["noise"]["source"] == "own"
    assert trial_status.open_trial(services) is None  # the slot is free for the person's own trial
    assert [t.state for t in trial_status.trials(services)] == [core.FINISHED]

    report = trial_report(services)
    assert report.state == core.FINISHED
    assert len(report.periods) == 6 and [p["arm"] for p in report.periods] == [
        arm for order in stored.sequence for arm in order
    ]
    assert report.as_run["trial_days"] == report.as_run["days_rated"] == 42
    assert report.randomisation["sequence"] == list(stored.sequence)
    on_protocol = sum(p["days_adherent"] for p in report.periods)
    assert 36 <= on_protocol <= 40  # mostly on protocol; the two planned days off it are not
    assert report.analysis is not None
    assert report.analysis.decision in ("A better", "B better", "can't tell yet")
    assert any(line.startswith("Decision (rule:") for line in report.verdict)


def test_trial_days_follow_the_arms(clocked_actor: Actor) -> None:
    fill(clocked_actor, days=120, seed=3)
    report = trial_report(clocked_actor)
    routines = {"A": "hip-full", "B": "shoulder"}
    by_arm: dict[str, Counter[str]] = {"A": Counter(), "B": Counter()}
    for day in report.days:
        assert day.arm is not None
        by_arm[day.arm].update(s.split(":")[0] for s in day.sessions)
    for arm, seen in by_arm.items():
        other = sum(n for routine, n in seen.items() if routine != routines[arm])
        assert seen[routines[arm]] >= 20 and other <= 3  # one day of the usual short routine
    assert not [d for d in report.days if not d.sessions and d.adherent]
    mean = {arm: sum(p["mean"] for p in report.periods if p["arm"] == arm) / 3 for arm in "AB"}
    assert mean["A"] < mean["B"]  # A a little better: by the latent effect, under the noise


def test_one_checkin_a_day_through_the_trial(clocked_actor: Actor) -> None:
    fill(clocked_actor, days=120, seed=3)
    days = [row["day"] for row in snapshot(clocked_actor)["tables"]["checkin"]]
    assert len(days) == len(set(days)) == 120


def test_a_short_demo_has_no_trial(clocked_actor: Actor) -> None:
    result = fill(clocked_actor, days=60, seed=3)
    assert result.trial is None and "trial" not in result.counts
    with pytest.raises(NotFoundError):
        trial_status.get_trial(clocked_actor)


@pytest.mark.parametrize(("days", "has_trial"), [(89, False), (90, True)])
def test_the_trial_starts_at_ninety_days(days: int, has_trial: bool) -> None:
    person = uuid.UUID(int=7, version=4)
    made = demo_data.make(1, days, LAST_DAY, person, demo_plans())
    assert (made.trial is not None) is has_trial
    assert len(made.rows.get("trial", [])) == int(has_trial)
    if made.trial is not None:
        assert days == demo_trial.MIN_DAYS
        # planned after enough evenings of check-ins for the design check to use the person's
        # own noise (21 days at least)
        assert made.rows["trial"][0]["design_check"]["noise"]["source"] == "own"


def test_the_same_seed_and_day_give_the_same_trial(clocked_actor: Actor) -> None:
    first = fill(clocked_actor, days=120, seed=8).trial
    stored = trial_status.get_trial(clocked_actor)
    again = fill(clocked_actor, days=120, seed=8, force=True).trial
    assert first is not None and again is not None
    assert (again.id, again.seed, again.sequence) == (first.id, first.seed, first.sequence)
    assert trial_status.get_trial(clocked_actor) == stored
    other = fill(clocked_actor, days=120, seed=9, force=True).trial
    assert other is not None and other.id != first.id


def test_the_json_backup_carries_the_demo_trial(clocked_actor: Actor, tmp_path: Path) -> None:
    fill(clocked_actor, days=120, seed=3)
    before = snapshot(clocked_actor)
    report = trial_report(clocked_actor).to_json()
    path = export(clocked_actor, "json", tmp_path / "demo.json").path
    wipe(clocked_actor)
    import_file(clocked_actor, path)
    assert snapshot(clocked_actor) == before
    assert len(before["tables"]["trial"]) == 1
    assert trial_report(clocked_actor).to_json() == report
