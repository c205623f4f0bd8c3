"""Past sessions in words: the routine's name, how each ended, what stopped it, local time."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from inprocess_cli import screen_and_play
from unknot.cli import app as cli_app
from unknot.core.stoprules import stop_label
from unknot.services import safety
from unknot.services.app import Actor
from unknot.services.profile import change_profile
from unknot.services.session.record import SessionSummary
from unknot.services.session.words import ended_words, in_words

FOURTEEN_MIN = 14 * 60


def summary(**changes: object) -> SessionSummary:
    base = SessionSummary(
        id=uuid.uuid4(),
        routine_id="hip-full",
        started_at=datetime(2026, 3, 2, 18, 30, tzinfo=UTC),
        ended_at=None,
        status="finished",
        planned_s=FOURTEEN_MIN,
        actual_s=FOURTEEN_MIN,
        steps_done=10,
        steps_planned=10,
        pain_before=3,
        pain_after=2,
        stops=(),
        technique_ratings=(),
        end_reason="",
        steps=(),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({}, "complete"),
        ({"actual_s": 87.0}, "ended early"),  # 1 min 27 s of 14 min, skipped to the end
        ({"steps_done": 9, "actual_s": 800.0}, "complete, 9 of 10 steps done"),
        ({"status": "quit", "actual_s": 300.0}, "ended early"),
        ({"status": "stopped", "actual_s": 300.0}, "stopped by a safety rule"),
        ({"status": "partial", "actual_s": 300.0}, "interrupted"),
    ],
)
def test_how_a_session_ended_in_words(changes: dict[str, object], words: str) -> None:
    assert ended_words(summary(**changes)) == words


def test_every_stop_rule_has_words_and_no_id_shows() -> None:
    rules = safety.stop_rules()
    ids = ["pain.rise", "pain.ceiling"]
    ids += [f"symptom.{s.id}" for s in rules.symptoms]
    ids += [f"session.{r.id}" for r in rules.session_rules]
    for rule_id in ids:
        words = stop_label(rules, rule_id)
        assert words and "." not in words and "_" not in words, rule_id
    assert stop_label(rules, "pain.rise") == "pain rose by 2 points or more"
    assert stop_label(rules, "session.sharp_pain_twice") == "Sharp pain came back"
    assert stop_label(rules, "symptom.gone_in_a_later_version") == "a safety rule"


def test_sessions_show_the_routine_name_local_time_and_stops_in_words(store: Actor) -> None:
    change_profile(store, {"timezone": "Asia/Seoul"})
    stops = ({"rule": "pain.rise"}, {"rule": "pain.rise"}, {"rule": "symptom.dizzy"})
    [shown] = in_words(store, [summary(stops=stops, status="stopped", actual_s=400.0)])
    assert shown.routine == "Hip routine (full)"
    assert shown.started.strftime("%Y-%m-%d %H:%M") == "2026-03-03 03:30"  # Seoul is UTC+9
    assert shown.stops == ("pain rose by 2 points or more", "Dizzy or light-headed")
    assert shown.ended == "stopped by a safety rule"


def test_history_in_the_terminal_has_no_internal_ids() -> None:
    screen_and_play("hip-short")
    cli_app._register()
    shown = CliRunner().invoke(cli_app.app, ["history"], env={"COLUMNS": "120"}).output
    assert "Hip routine (short)" in shown and "complete" in shown
    assert "hip-short" not in shown
