"""The real CLI in a real pseudo-terminal: keys, live screen, stop rules, kill -9.

Each session runs in its own ``unknot`` process; the screening before it and the look at the
history after it run in this one (they need no terminal).
"""

from __future__ import annotations

import json
import os
import signal
import sys

import pexpect
import pytest

from actors import open_actor
from inprocess_cli import unknot

pytestmark = pytest.mark.slow


def spawn(*args: str) -> pexpect.spawn:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "unknot", *args],
        env={**os.environ, "TERM": "xterm-256color"},
        dimensions=(40, 120),
        encoding="utf-8",
        timeout=20,
    )
    return child


def history() -> list[dict]:  # type: ignore[type-arg]
    result = unknot("history", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def begin(child: pexpect.spawn) -> None:
    # screened today (in the test's setup), so no quick "anything new?" check
    child.expect("Which shoulder hurts")  # a terminal is asked once, while it is not known
    child.send("left\r")
    child.expect("press Enter to begin")
    child.send("\r")
    child.expect("step 1 of")


def test_a_full_session_with_pause_a_stop_rule_and_pain_after() -> None:
    assert unknot("screen", "--batch", "--country", "GB").returncode == 0
    child = spawn("start", "hip-short", "--speed", "40", "--pain-before", "2", "--no-voice")
    begin(child)
    child.send(" ")
    child.expect("PAUSED")
    # Paused, the screen is redrawn at least every 0.2 s (8 s of the session at 40x), and the
    # time done stays the same frame after frame: the session's clock holds.
    done = []
    for _frame in range(3):
        child.expect(r"(\d+:\d\d) / \d+:\d\d")
        done.append(child.match.group(1))
        child.expect("PAUSED")
    assert len(set(done)) == 1, done
    child.send(" ")
    child.expect("step 2 of")  # the circular massage: 15 s get-ready at 40x speed
    child.send("p")
    child.expect("press 0-9")
    child.send("6")
    child.expect("gone up by 2 points")
    child.expect("gentle techniques only for the rest of this session")
    child.expect("after the session", timeout=30)
    child.send("1\r")
    child.expect("Saved")
    child.expect(pexpect.EOF)
    [session] = history()
    assert session["status"] == "finished"
    assert session["pain_before"] == 2 and session["pain_after"] == 1
    assert [s["rule"] for s in session["stops"]] == ["pain.rise"]
    assert session["stops"][0]["technique"] == "hip-circular-massage"
    assert "gentle techniques only" in session["stops"][0]["reason"]
    outcomes = [s["outcome"] for s in session["steps"]]
    # Above 5/10: the deep-tissue work and the stretch (not gentle) are left out, not played.
    stopped = outcomes.index("stopped")
    assert outcomes[stopped + 1 :] and set(outcomes[stopped + 1 :]) == {"left_out"}
    assert {s["technique"] for s in session["steps"][stopped + 1 :]} == {
        "hip-deep-tissue",
        "hip-flexor-stretch",
    }


def test_an_emergency_symptom_ends_the_session_with_the_number() -> None:
    unknot("screen", "--batch", "--country", "US")
    child = spawn("start", "hip-short", "--speed", "5", "--pain-before", "1", "--no-voice")
    begin(child)
    child.send("s")
    child.expect("Press its letter")
    child.send("a")  # the first symptom: chest pain
    child.expect("call 911")
    child.expect(pexpect.EOF)
    [session] = history()
    assert session["status"] == "stopped" and session["stops"][0]["action"] == "emergency"


def test_kill_minus_nine_leaves_a_partial_session() -> None:
    unknot("screen", "--batch")
    child = spawn("start", "hip-short", "--speed", "20", "--pain-before", "3", "--no-voice")
    begin(child)
    child.expect("step 3 of", timeout=30)
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    [session] = history()
    assert session["status"] == "partial"
    assert session["steps_done"] >= 2 and session["ended_at"] is None


def test_quit_key_keeps_the_terminal_usable_and_the_session() -> None:
    unknot("screen", "--batch")
    child = spawn("start", "hip-short", "--speed", "1", "--pain-before", "3", "--no-voice")
    begin(child)
    child.send("q")
    child.expect("after the session")
    child.send("3\r")
    child.expect("ended early")
    child.expect(pexpect.EOF)
    [session] = history()
    assert session["status"] == "quit" and session["steps"][0]["outcome"] == "quit"


def test_ctrl_c_ends_cleanly_and_keeps_the_session() -> None:
    unknot("screen", "--batch")
    child = spawn("start", "hip-short", "--speed", "1", "--pain-before", "3", "--no-voice")
    begin(child)
    child.sendintr()
    child.expect("after the session")
    child.send("4\r")  # typed text echoes again: the terminal is back to normal
    child.expect("4")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [session] = history()
    assert session["status"] == "quit" and session["pain_after"] == 4


def move_sessions_back(days: int) -> None:
    """Make the stored sessions ``days`` older (the next start is then on a later day)."""
    from datetime import timedelta

    from unknot.config import load_settings
    from unknot.store import tables

    services = open_actor(load_settings())
    try:
        with services.unit() as session:
            for row in session.query(tables.SessionRow).all():
                row.started_at -= timedelta(days=days)
                row.updated_at -= timedelta(days=days)
                if row.ended_at:
                    row.ended_at -= timedelta(days=days)
                if row.followup_at:
                    row.followup_at -= timedelta(days=days)
    finally:
        services.app.close()


def start_again() -> pexpect.spawn:
    """A later start: a stop earlier is asked about first, before the quick safety check."""
    return spawn("start", "hip-short", "--speed", "20", "--pain-before", "2", "--no-voice")


def symptom(child: pexpect.spawn, letter: str) -> None:
    child.send("s")
    child.expect("Press its letter")
    child.send(letter)


def test_dizziness_stops_the_session_for_today_and_the_next_start_asks() -> None:
    """The finding: after dizziness the player went on to the next technique."""
    assert unknot("screen", "--batch", "--country", "GB").returncode == 0
    child = spawn("start", "hip-short", "--speed", "20", "--pain-before", "2", "--no-voice")
    begin(child)
    symptom(child, "f")  # dizzy or light-headed
    child.expect("The session has stopped for today")
    child.expect("get advice today from NHS")  # the advice names the same-day service
    child.expect("after the session")
    child.send("2\r")
    child.expect("ended the session for today")
    child.expect(pexpect.EOF)
    [session] = history()
    assert session["status"] == "stopped"
    assert [(s["rule"], s["action"]) for s in session["stops"]] == [
        ("symptom.dizzy", "stop_session")
    ]
    outcomes = [s["outcome"] for s in session["steps"]]
    assert outcomes[0] == "stopped" and set(outcomes[1:]) == {"left_out"}
    assert len(outcomes) == session["steps_planned"]  # every later step: left out
    # The same day: nothing more today.
    child = start_again()
    child.expect("stopped earlier today")
    child.expect(pexpect.EOF)
    assert len(history()) == 1
    # The next day: asked; still there -> no session today, and the same-day advice.
    move_sessions_back(1)
    child = start_again()
    child.expect("you felt dizzy or light-headed. Has that passed?")
    child.send("n\r")
    child.expect("no session today")
    child.expect("NHS")
    child.expect(pexpect.EOF)
    child = start_again()  # answered today: not asked again, still no session
    child.expect("no session today")
    child.expect(pexpect.EOF)
    assert len(history()) == 1
    move_sessions_back(1)
    child = start_again()
    child.expect("Has that passed?")
    child.send("y\r")
    child.expect("press Enter to begin")  # passed (screened today: no quick check)
    child.send("\r")
    child.expect("step 1 of")
    child.send("q")
    child.expect("after the session")
    child.send("2\r")
    child.expect(pexpect.EOF)
    assert len(history()) == 2


def tingling_session() -> pexpect.spawn:
    unknot("screen", "--batch", "--country", "GB")
    child = spawn("start", "hip-short", "--speed", "30", "--pain-before", "2", "--no-voice")
    begin(child)
    symptom(child, "i")  # numbness or tingling
    child.expect("Rest in a comfortable position")
    return child


def test_tingling_that_has_settled_after_the_rest_carries_on() -> None:
    child = tingling_session()
    child.expect("Has the numbness or tingling settled", timeout=30)  # 180 s at 30x
    child.send("y")
    child.expect("Carry on gently with the next technique")
    child.expect("after the session", timeout=60)
    child.send("1\r")
    child.expect(pexpect.EOF)
    [session] = history()
    assert session["status"] == "finished"
    assert [s["rule"] for s in session["stops"]] == ["symptom.tingling"]
    assert "left_out" not in {s["outcome"] for s in session["steps"]}


def test_tingling_with_no_answer_within_a_minute_stops_the_session() -> None:
    child = tingling_session()
    child.expect("Has the numbness or tingling settled", timeout=30)
    child.expect("The session has stopped for today", timeout=30)  # 60 s at 30x: about 2 s
    # The question stayed up, redrawn every 0.2 s at most (6 s of the session at 30x), for
    # its minute: frame after frame before the stop, not the stop at once.
    assert child.before.count("Has the numbness or tingling settled") >= 4
    child.expect("has not settled")  # why, once, in the panel
    child.expect("after the session")
    child.send("3\r")
    child.expect(pexpect.EOF)
    [session] = history()
    assert session["status"] == "stopped"
    assert [s["rule"] for s in session["stops"]] == [
        "symptom.tingling",
        "session.tingling_not_settled",
    ]
    assert set(s["outcome"] for s in session["steps"][1:]) == {"left_out"}
