"""``unknot screen``: JSON output, clinician-checked answers, routine appointments (issue 12)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from unknot.cli import app as cli_app
from unknot.services.safety import screening_data

runner = CliRunner()


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    cli_app._register()


def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(cli_app.app, list(args), input=input)


def screen_json(*args: str) -> dict[str, object]:
    result = run("screen", "--batch", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_batch_json_prints_the_outcome() -> None:
    out = screen_json("--yes", "heart_symptoms", "--yes", "blood_thinner", "--country", "JP")
    assert out["tier"] == "emergency" and out["session_allowed"] is False
    assert out["reasons"] == [
        {"question": "heart_symptoms", "text": out["reasons"][0]["text"]}  # type: ignore[index]
    ]
    assert out["conditions"] == ["anticoagulant"]
    assert out["numbers"]["emergency"] == "119"  # type: ignore[index]
    assert "#7119" in out["numbers"]["same_day"]  # type: ignore[index]
    assert "call 119" in out["advice"]  # type: ignore[operator]
    assert set(out) >= {"tier", "session_allowed", "reasons", "conditions", "advice", "numbers"}


@pytest.mark.parametrize(
    ("yes", "tier", "allowed"),
    [
        ((), "clear", True),
        (("not_improving",), "routine", True),
        (("new_lump",), "soon", False),
        (("exertion_pattern",), "same_day", False),
        (("sudden_vision_loss",), "emergency", False),
        (("known_clot",), "clear", True),  # a contraindication: a condition, not a tier
    ],
)
def test_batch_json_tier_is_the_referral_urgency_only(
    yes: tuple[str, ...], tier: str, allowed: bool
) -> None:
    flags = [part for qid in yes for part in ("--yes", qid)]
    out = screen_json(*flags, "--country", "NO")
    assert (out["tier"], out["session_allowed"]) == (tier, allowed)


def test_show_json_lists_every_question() -> None:
    result = run("screen", "--show", "--json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    data = screening_data()
    assert [q["id"] for q in body["questions"]] == [q.id for q in data.questions]
    for q in body["questions"]:
        assert q["tier"] in {"emergency", "same_day", "soon", "routine", "clear"}
        assert q["text"] and "{" not in q["text"]
    assert len(body["groups"]) == len(data.groups)


def test_json_needs_batch() -> None:
    result = run("screen", "--json")
    assert result.exit_code == 1 and "--batch" in result.output


def test_a_checked_injury_does_not_block_and_an_unchecked_one_sends_you_in_person() -> None:
    fell = screen_json("--yes", "recent_injury", "--yes", "injury_cannot_lift", "--country", "GB")
    assert fell["tier"] == "same_day" and fell["in_person"] is True
    assert "minor injuries unit" in fell["advice"]  # type: ignore[operator]
    checked = screen_json("--checked", "recent_injury", "--country", "GB")
    assert checked["tier"] == "clear" and checked["session_allowed"] is True
    assert [c["question"] for c in checked["checked"]] == ["recent_injury"]  # type: ignore[index]
    refused = run("screen", "--batch", "--checked", "heart_symptoms")
    assert refused.exit_code == 1 and "heart_symptoms" in refused.output


def test_the_result_names_each_reason_once_then_the_next_step() -> None:
    result = run(
        "screen",
        "--batch",
        "--yes",
        "recent_injury",
        "--yes",
        "injury_cannot_lift",
        "--yes",
        "cannot_move_arm",
        "--country",
        "GB",
    )
    flat = " ".join(result.output.replace("│", " ").split())
    assert "Be seen in person today" in flat
    assert flat.count("Next step:") == 1
    assert "NHS 111 (call 111" not in flat  # a phone line alone is not the advice here
    assert flat.count("Please do not do the routine today") == 1


def test_booked_and_seen_from_the_terminal() -> None:
    run("screen", "--batch", "--yes", "not_improving", "--country", "GB")
    status = run()
    assert "Routine appointment with a GP or physiotherapist: not booked yet" in " ".join(
        status.output.split()
    )
    assert run("screen", "--booked").exit_code == 0
    assert "booked;" in " ".join(run("screen", "--show").output.split())
    report = run("report")
    assert "Routine appointment" in report.output and "booked" in report.output
    assert run("screen", "--seen").exit_code == 0
    assert "seen" in run("screen", "--show").output


def test_marking_without_a_routine_advice_is_refused() -> None:
    run("screen", "--batch", "--country", "GB")
    result = run("screen", "--booked")
    assert result.exit_code == 1
    assert "did not advise a routine appointment" in result.output


def test_the_interactive_screening_asks_whether_an_injury_was_checked() -> None:
    data = screening_data()
    lines = ["GB"]
    for group in data.groups:
        if group.id == "same_day_injury":
            lines.append("y")
            for q in data.group_questions(group.id):
                lines.append("y" if q.id == "recent_injury" else "n")
                if q.id == "recent_injury":
                    lines.append("y")  # a clinician has already checked it
        else:
            lines.append("n")
    result = run("screen", input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    assert "already checked this" in result.output
    assert "Nothing in the screening stops a session" in result.output


def test_the_pdf_visit_summary_carries_the_routine_appointment(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil
    import subprocess

    run("screen", "--batch", "--yes", "not_improving", "--country", "GB")
    run("screen", "--booked")
    path = tmp_path / "visit.pdf"
    result = run("report", "--output", str(path))
    assert result.exit_code == 0, result.output
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "Routine appointment" in flat and "Appointment: booked." in flat
    assert "book a routine appointment (self-care goes on)" in flat


def test_a_clear_result_says_it_once_and_how_to_begin() -> None:
    result = run("screen", "--batch", "--country", "GB")
    flat = " ".join(result.output.replace("│", " ").split())
    assert "Nothing in the screening stops a session" in flat
    assert "Next step" not in flat and "Nothing in your answers" not in flat
    assert flat.count("To begin:") == 1
