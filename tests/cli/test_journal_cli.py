from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from unknot.cli import app as cli_app

runner = CliRunner()
DOC = (Path(__file__).parents[2] / "docs" / "journal.md").read_text()


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    cli_app._register()


def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(cli_app.app, list(args), input=input)


def listed(*args: str) -> list[dict[str, Any]]:
    result = run("journal", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def flat(text: str) -> str:
    """Output with Rich's line wrapping undone."""
    return " ".join(text.split())


def an_hour_ago() -> str:
    return (datetime.now(UTC) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M+00:00")


# --- log -----------------------------------------------------------------------------------


def test_log_pain_saves_a_rating_with_place_and_note() -> None:
    result = run("log", "pain", "4", "--where", "right-front", "--note", "after gardening")
    assert result.exit_code == 0, result.output
    assert re.match(
        r"Logged pain 4/10 at \d{4}-\d\d-\d\d \d\d:\d\d \(id [0-9a-f]{8}\)\.", result.output
    )
    [entry] = listed()
    assert entry["kind"] == "pain" and entry["value"] == 4 and entry["context"] == "log"
    assert entry["location"] == "right-front" and entry["note"] == "after gardening"


def test_log_pain_reads_a_time_without_zone_in_the_profile_zone() -> None:
    assert run("profile", "--timezone", "Asia/Seoul").exit_code == 0
    result = run("log", "pain", "2", "--at", "2026-03-02 09:00")
    assert result.exit_code == 0, result.output
    assert "at 2026-03-02 09:00" in result.output
    [entry] = listed()
    assert entry["taken_at"] == "2026-03-02T00:00:00+00:00" and entry["timezone"] == "Asia/Seoul"


def test_log_pain_lists_every_problem_and_saves_nothing() -> None:
    result = run("log", "pain", "2", "--where", "up", "--at", "2999-01-01 10:00")
    assert result.exit_code == 1
    out = flat(result.output)
    assert "Error: The pain rating was not saved: some values are not valid." in out
    assert "--where: 'up' is not a place on the shoulder; use one of left-front," in out
    assert "--at: 2999-01-01 10:00" in out and "is in the future" in out
    assert listed("--all") == []


def test_log_pain_with_an_unreadable_time() -> None:
    result = run("log", "pain", "3", "--at", "yesterday")
    assert result.exit_code == 1
    assert "'yesterday' is not a time unknot can read." in result.output


def test_log_note() -> None:
    result = run("log", "note", "slept on the left side")
    assert result.exit_code == 0 and result.output.startswith("Noted at ")
    assert listed()[0]["text"] == "slept on the left side"


# --- check-in ------------------------------------------------------------------------------


def test_checkin_by_flags_then_again_the_same_day_corrects_it() -> None:
    first = run(
        "checkin", "--average", "3", "--worst", "5", "--where", "right-front,right-top",
        "--sleep", "--no-painkillers", "--posture-breaks", "--water", "--note", "long drive",
    )  # fmt: skip
    assert first.exit_code == 0, first.output
    assert "saved." in first.output and "habits: posture breaks, water" in flat(first.output)
    assert "Your weekly SPADI questionnaire is due: `unknot spadi`." in first.output
    second = run("checkin", "--average", "2", "--worst", "4")
    assert second.exit_code == 0, second.output
    assert "corrected: it replaces the earlier one" in flat(second.output)
    [entry] = listed()
    assert (entry["average_pain"], entry["worst_pain"]) == (2, 4)
    assert entry["locations"] == ["right-front", "right-top"] and entry["sleep_disturbed"]
    assert entry["water"] and entry["note"] == "long drive"
    # habits no flag gave are "not answered", not "no" (issue 15)
    assert (entry["posture_breaks"], entry["activity"], entry["stretching"]) == (True, None, None)
    assert [e["status"] for e in listed("--all")] == ["current", "corrected"]
    run("checkin", "--average", "2", "--worst", "4", "--no-activity")
    [entry] = listed()
    assert (entry["activity"], entry["water"], entry["stretching"]) == (False, True, None)


def test_checkin_asks_each_question_and_asks_again_for_bad_answers() -> None:
    answers = [
        "11", "4",  # average: out of range, then 4
        "3", "6",  # worst: below the average, then 6
        "up", "left-back",  # where
        "y", "n", "ice",  # sleep, painkillers, other treatment
        "y", "n", "y", "y",  # the four habits
        "-",  # note
        "n",  # SPADI offered, not now
    ]  # fmt: skip
    result = run("checkin", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    out = flat(result.output)
    assert "Please type a whole number from 0 to 10." in out
    assert "The worst cannot be lower than the average (4)." in out
    assert "up not understood; use left-front" in out
    assert "Answer it now?" in out
    [entry] = listed()
    assert (entry["average_pain"], entry["worst_pain"], entry["locations"]) == (4, 6, ["left-back"])
    assert entry["sleep_disturbed"] and not entry["painkillers"]
    assert entry["other_treatment"] == "ice" and entry["note"] == ""
    habits = [entry[h] for h in ("posture_breaks", "activity", "water", "stretching")]
    assert habits == [True, False, True, True]


def test_checkin_a_second_time_interactively_says_it_corrects_and_offers_old_answers() -> None:
    run("checkin", "--average", "3", "--worst", "5", "--where", "right-top", "--water")
    result = run("checkin", input="\n" * 12)
    assert result.exit_code == 0, result.output
    assert "You already checked in for" in result.output
    assert "(right-top)" not in result.output and "[right-top]" in result.output
    [entry] = listed()
    assert (entry["average_pain"], entry["worst_pain"], entry["water"]) == (3, 5, True)


def test_first_checkin_without_worst_in_script_mode_asks_for_it() -> None:
    result = run("checkin", "--average", "3", input="2\n5\n-\nn\nn\n-\nn\nn\nn\nn\n-\nn\n")
    assert result.exit_code == 0, result.output
    assert "The worst cannot be lower than the average (3)." in result.output
    assert listed()[0]["worst_pain"] == 5


def test_checkin_for_a_day_that_has_not_come() -> None:
    result = run("checkin", "--average", "1", "--worst", "1", "--day", "2999-01-01")
    assert result.exit_code == 1
    assert "--day: 2999-01-01 has not come yet" in flat(result.output)


# --- SPADI ---------------------------------------------------------------------------------


def test_spadi_answers_flag_prints_the_scores_and_the_formula() -> None:
    result = run("spadi", "--answers", "6,6,6,6,6,4,4,4,4,4,0,0,0")
    assert result.exit_code == 0, result.output
    out = flat(result.output)
    assert "SPADI saved (13 of 13 answered): total 38.5, pain 60.0, disability 25.0" in out
    assert "sum of the answered items / (10 × items answered) × 100" in out
    assert "13 points" in out
    assert listed()[0]["scores"]["total"] == pytest.approx(50 / 130 * 100)


def test_spadi_with_skipped_items() -> None:
    result = run("spadi", "--answers", "-,-,-,4,6,1,1,1,1,1,1,1,1")
    assert result.exit_code == 0, result.output
    assert "(10 of 13 answered): total -, pain -, disability 10.0" in flat(result.output)


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ("1,2,x", "--answers, answer 3: 'x' is not a whole number from 0 to 10"),
        ("1,2,3", "--answers: 3 answers given, 13 needed"),
        ("1,1,1,1,1,1,1,1,1,1,1,1,11", "--answers, answer 13: 11 is not a whole number from 0"),
        (",".join("-" * 13), "--answers: no question was answered: answer at least one"),
    ],
)
def test_spadi_rejects_bad_answers(answers: str, message: str) -> None:
    result = run("spadi", "--answers", answers)
    assert result.exit_code == 1 and message in flat(result.output)
    assert listed("--all") == []


def test_spadi_with_every_question_skipped_saves_nothing() -> None:
    result = run("spadi", input="-\n" * 13)
    assert result.exit_code == 1
    out = flat(result.output)
    assert "Every question was skipped, so nothing was saved." in out
    assert "Answer at least one question to save a SPADI questionnaire." in out
    assert listed("--all") == []


def test_spadi_interactive_shows_the_published_items_and_anchors() -> None:
    result = run("spadi", input="\n".join(["5", "12", "4", "-", "3", "2", "1"] + ["0"] * 7) + "\n")
    assert result.exit_code == 0, result.output
    out = flat(result.output)
    assert "Roach KE" in out and "During the last week" in out
    assert "0 = no pain … 10 = the worst pain imaginable" in out
    assert "0 = no difficulty … 10 = so difficult it requires help" in out
    assert "1. At its worst?" in out and "8. Removing something from your back pocket?" in out
    assert "Please type a whole number from 0 to 10." in out
    assert listed()[0]["answers"] == [5, 4, None, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0]


# --- journal -------------------------------------------------------------------------------


def test_journal_lists_newest_first_and_since_a_day() -> None:
    run("log", "pain", "5", "--at", "2026-03-01 10:00")
    run("log", "note", "later", "--at", "2026-03-02 10:00")
    assert [e["kind"] for e in listed()] == ["note", "pain"]
    assert [e["kind"] for e in listed("--since", "2026-03-02")] == ["note"]
    table = flat(run("journal").output)
    assert table.index("note: later") < table.index("pain 5/10")


def test_journal_empty() -> None:
    assert "Your journal is empty." in run("journal").output


def test_journal_edit_and_delete_keep_the_history_visible() -> None:
    run("log", "pain", "7", "--at", an_hour_ago())
    first = listed()[0]["id"]
    edited = run("journal", "edit", first[:6], "--value", "4", "--where", "left-top")
    assert edited.exit_code == 0, edited.output
    assert "Corrected: pain 7/10 → pain 4/10 · left-top." in flat(edited.output)
    again = run("journal", "edit", first[:6], "--value", "3")
    assert again.exit_code == 1 and "is an old version: it was corrected by" in flat(again.output)
    newer = listed()[0]["id"]
    deleted = run("journal", "delete", newer)
    assert deleted.exit_code == 0 and "stays in the history" in flat(deleted.output)
    assert listed() == []
    table = flat(run("journal", "--all").output)
    assert "corrected" in table and "deleted" in table and "History" in table


def test_journal_edit_of_a_checkin_maps_where_to_its_places() -> None:
    run("checkin", "--average", "3", "--worst", "5")
    entry_id = listed()[0]["id"]
    result = run("journal", "edit", entry_id, "--where", "both-top,left-back", "--worst", "6")
    assert result.exit_code == 0, result.output
    entry = listed()[0]
    assert entry["locations"] == ["both-top", "left-back"] and entry["worst_pain"] == 6


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("edit", "0000000", "--value", "1"),
            "No journal entry has an id starting with '0000000'.",
        ),
        (("delete", "xyz"), "'xyz' is not an entry id."),
    ],
)
def test_journal_unknown_ids_get_a_clear_error(args: tuple[str, ...], message: str) -> None:
    result = run("journal", *args)
    assert result.exit_code == 1 and message in result.output


def test_journal_edit_refuses_a_value_the_entry_does_not_have() -> None:
    run("log", "note", "hello")
    result = run("journal", "edit", listed()[0]["id"], "--value", "3")
    assert result.exit_code == 1
    assert "--value: a note has no such value" in flat(result.output)


# --- status and docs -----------------------------------------------------------------------


def test_status_mentions_the_checkin_and_a_due_spadi() -> None:
    out = run().output
    assert "Today's check-in: not yet" in out and "SPADI questionnaire is due" in out
    run("checkin", "--average", "3", "--worst", "5")
    run("spadi", "--answers", ",".join(["2"] * 13))
    out = run().output
    assert "Today's check-in: done." in out and "SPADI" not in out


@pytest.mark.parametrize("command", ["log pain", "log note", "checkin", "spadi", "journal"])
def test_every_journal_command_has_help_and_docs(command: str) -> None:
    result = run(*command.split(), "--help")
    assert result.exit_code == 0 and "Usage:" in result.output
    assert f"unknot {command}" in DOC
