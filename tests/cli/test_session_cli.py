from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from unknot.cli import app as cli_app

SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "plan.schema.json").read_text())
runner = CliRunner()


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    cli_app._register()


FAST = ("--speed", "1000", "--no-voice", "--no-bell")


def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    if args and args[0] == "start":
        args = (*args, *FAST)
    return runner.invoke(cli_app.app, list(args), input=input)


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0 and result.output.strip() == "unknot 0.1.0"


def test_status_before_anything_points_to_the_screening() -> None:
    result = run()
    assert result.exit_code == 0
    assert "unknot screen" in result.output and "unknot profile --shoulder" in result.output


def test_profile_set_and_show() -> None:
    result = run("profile", "--shoulder", "right", "--cause", "posture", "--minutes", "20")
    assert result.exit_code == 0, result.output
    shown = run("profile").output
    assert "right" in shown and "posture" in shown and "20" in shown


def test_profile_rejects_bad_values_and_keeps_the_old_ones() -> None:
    run("profile", "--shoulder", "left")
    result = run("profile", "--shoulder", "middle", "--country", "Britain")
    assert result.exit_code == 1
    assert "--shoulder: 'middle' is not left, right or both" in result.output
    assert "'Britain' is not a country code" in result.output
    assert "left" in run("profile").output


def test_batch_screening_then_plan_json_matches_the_schema() -> None:
    screened = run("screen", "--batch", "--yes", "blood_thinner", "--country", "GB")
    assert screened.exit_code == 0, screened.output
    assert "Self-care is fine, with changes for you" in screened.output
    flat = " ".join(screened.output.replace("│", " ").split())
    assert "fingers only and no massage tool" in flat
    result = run("plan", "hip-full", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    jsonschema.validate(document, SCHEMA)
    assert document["stop_rules"]["emergency_number"] == "999"
    assert any(a["rule"] == "soften_bleeding" for a in document["adaptations"])


def test_screening_rejects_unknown_question_ids() -> None:
    result = run("screen", "--batch", "--yes", "no_such_question")
    assert result.exit_code == 1
    assert "Unknown screening question ids: no_such_question." in result.output
    assert "unknot screen --show" in result.output


def test_emergency_screening_shows_the_number_and_start_refuses() -> None:
    result = run("screen", "--batch", "--yes", "heart_symptoms", "--country", "US")
    assert "Get emergency help now" in result.output and "Call 911 now." in result.output
    started = run("start", input="3\n")
    assert started.exit_code == 1
    assert "call 911 now" in started.output
    assert "anything new" not in started.output  # due again only tomorrow: no quick check


def test_start_screens_first_then_shows_the_plan() -> None:
    questions = run("screen", "--show").output
    count = questions.count("\n│ ") or None
    assert count is None or count > 10
    from unknot.services.safety import screening_data

    every_no = "GB\n" + "n\n" * len(screening_data().groups)
    result = run("start", input=every_no + "2\n1\n")
    assert result.exit_code == 0, result.output
    assert "Safety screening" in result.output
    assert "[00:00] Get ready" in result.output
    assert "Well done: session complete." in result.output


def test_start_with_high_pain_keeps_only_gentle_techniques() -> None:
    run("screen", "--batch")
    result = run("start", "hip-full", input="7\n7\n")
    assert result.exit_code == 0, result.output
    assert "only the gentlest" in result.output
    assert "— Deep-tissue" not in result.output


def test_start_asks_which_shoulder_hurts_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from unknot.cli import session

    monkeypatch.setattr(session, "_interactive", lambda: True)
    run("screen", "--batch")
    result = run("start", "hip-full", input="middle\nRight\n2\n1\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("Which shoulder hurts") == 2  # asked again after "middle"
    assert "pressed by your left hand: your right shoulder hurts" in " ".join(result.output.split())
    assert "don't know which shoulder hurts" not in result.output
    assert "right" in run("profile").output
    plan = json.loads(run("plan", "hip-full", "--json").output)
    lines = [line for step in plan["steps"] for line in step["instructions"]]
    assert "Work on your left hip with your left hand." in " ".join(lines)
    assert not any("right hand" in line or " side and work on" in line for line in lines)
    again = run("start", "hip-full", input="2\n1\n")  # known now: not asked again
    assert again.exit_code == 0, again.output
    assert "Which shoulder hurts" not in again.output


def test_start_skipping_the_shoulder_question_keeps_it_unknown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from unknot.cli import session

    monkeypatch.setattr(session, "_interactive", lambda: True)
    run("screen", "--batch")
    result = run("start", "hip-full", input="\n2\n1\n")
    assert result.exit_code == 0, result.output
    assert "nothing is done lying on your side" in result.output
    assert "don't know which shoulder hurts yet" in " ".join(result.output.split())
    assert "Lie on your" not in result.output


def test_piped_start_does_not_ask_for_the_shoulder_and_plans_for_both() -> None:
    run("screen", "--batch")
    result = run("start", "hip-full", input="2\n1\n")
    assert result.exit_code == 0, result.output
    assert "Which shoulder hurts" not in result.output
    assert "don't know which shoulder hurts yet" in " ".join(result.output.split())
    assert "Lie on your" not in result.output


def test_start_asks_again_for_an_out_of_range_pain_rating() -> None:
    run("screen", "--batch")
    result = run("start", input="11\nabc\n3\n2\n")
    assert result.exit_code == 0
    assert result.output.count("Please type a whole number from 0 to 10.") == 2


def test_assessed_flag_reopens_sessions_after_a_soon_result() -> None:
    run("screen", "--batch", "--yes", "new_lump")
    assert run("start", input="n\n2\n").exit_code == 1
    assert run("screen", "--assessed").exit_code == 0
    assert run("start", input="2\n2\n").exit_code == 0


def test_hip_flags_must_come_together() -> None:
    result = run("screen", "--batch", "--hip-side", "left")
    assert result.exit_code == 1
    assert "needs all three" in result.output
