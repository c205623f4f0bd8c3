"""Terminal player messages: they clear when the step changes, the end is clean and honest."""

from __future__ import annotations

import io
import json
import os
import sys
from dataclasses import replace
from typing import Any

import pexpect
import pytest
from factories import LIB, routine
from rich.console import Console

from inprocess_cli import unknot
from unknot.cli.player import SessionUI
from unknot.cli.player_view import closing_words, render_screen
from unknot.core.adapt import SafetyContext
from unknot.core.plan import compile_plan
from unknot.core.player import Player
from unknot.core.player_events import State
from unknot.core.profile import Profile
from unknot.services import safety

PLAN = compile_plan(LIB, routine("r", "circles", "flexor"), Profile(), SafetyContext())
GB = safety.countries()["GB"]


class Recorder:
    def step_ended(self, record: Any, kind: str) -> None:
        pass

    def rating(self, report: Any, context: str) -> None:
        pass

    def stop_event(self, event: Any) -> None:
        pass


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def session(pain_before: int = 2) -> tuple[SessionUI, Clock]:
    clock = Clock()
    ui = SessionUI(
        plan=PLAN,
        player=Player(PLAN.steps, safety.stop_rules(), pain_before),
        recorder=Recorder(),  # type: ignore[arg-type]
        console=Console(file=io.StringIO(), force_terminal=False),
        clock=clock,
        bell=False,
        numbers=GB,
    )
    ui.handle(ui.player.start(0.0))
    return ui, clock


def advance(ui: SessionUI, clock: Clock, to: float) -> None:
    clock.now = to
    ui.handle(ui.player.tick(to))


def screen_text(ui: SessionUI) -> str:
    console = Console(width=100, color_system=None, force_terminal=False, record=True)
    console.print(ui.render())
    return console.export_text()


def step_starts() -> list[int]:
    return [step.start_s for step in PLAN.steps]


def test_a_pain_stop_message_stays_through_the_next_step_then_clears() -> None:
    ui, clock = session(pain_before=2)
    starts = step_starts()
    advance(ui, clock, starts[1] + 1)  # the circles' work step
    ui.on_key("p")
    ui.on_key("4")  # up by 2, under the ceiling: the technique stops, the session goes on
    following = ui.player.index
    assert PLAN.steps[following].kind == "prepare"
    assert "Moving on to the next technique." in screen_text(ui)
    advance(ui, clock, clock.now + 1)
    assert "Moving on to the next technique." in screen_text(ui)  # same step: still there
    advance(ui, clock, clock.now + PLAN.steps[following].duration_s)
    assert ui.player.index == following + 1
    assert ui.screen.message == ""
    assert "Moving on" not in screen_text(ui)


def test_a_noted_pain_message_clears_at_the_next_step() -> None:
    ui, clock = session(pain_before=2)
    ui.on_key("p")
    ui.on_key("2")
    assert "Noted: 2/10." in screen_text(ui)
    advance(ui, clock, PLAN.steps[1].start_s + 0.5)
    assert "Noted" not in screen_text(ui)


def test_nothing_stays_on_the_live_screen_once_the_session_is_over() -> None:
    ui, clock = session()
    advance(ui, clock, PLAN.total_s + 1.0)
    assert ui.player.state is State.FINISHED
    shown = screen_text(ui)
    for stale in ("Session over.", "How is your shoulder", "[space]", "step "):
        assert stale not in shown
    assert ui.screen.rating_for is None
    assert closing_words(ui.player)[0] == "Well done: session complete."


def test_a_stop_on_the_last_technique_ends_the_session_honestly() -> None:
    ui, clock = session(pain_before=2)
    last_work = max(i for i, s in enumerate(PLAN.steps) if s.kind == "work")
    advance(ui, clock, PLAN.steps[last_work].start_s + 1)
    ui.on_key("p")
    ui.on_key("9")
    assert ui.player.state is State.FINISHED  # the stored status (core/player.py)
    assert "That was the last technique" in ui.screen.message
    assert "Moving on" not in ui.screen.message
    shown = screen_text(ui)  # only the reason stays on the live screen
    assert "Your pain" in shown and "That was the last technique" in shown
    for stale in ("Session over.", "How is your shoulder", "[space]", "step "):
        assert stale not in shown
    words, _style = closing_words(ui.player)
    assert "a safety rule stopped the last technique" in words
    assert "Well done" not in words


def test_a_high_pain_stop_with_only_stronger_techniques_left_says_so() -> None:
    """Pain above 5 stops the circles and leaves the stretch out: it was not the last one."""
    ui, clock = session(pain_before=2)
    advance(ui, clock, PLAN.steps[1].start_s + 0.5)  # the circles, the first of two techniques
    ui.on_key("p")
    ui.on_key("7")
    assert ui.player.state is State.FINISHED
    assert "That was the last technique" not in ui.screen.message
    assert "None of the techniques still to come is gentle enough" in ui.screen.message


def test_a_stop_earlier_in_a_finished_session_is_mentioned() -> None:
    ui, clock = session(pain_before=2)
    advance(ui, clock, PLAN.steps[1].start_s + 1)
    ui.on_key("p")
    ui.on_key("4")
    advance(ui, clock, PLAN.total_s * 2)
    assert ui.player.state is State.FINISHED
    words, _style = closing_words(ui.player)
    assert "a safety rule stopped 1 technique on the way" in words
    assert render_screen(PLAN, ui.player, ui.screen, clock.now).plain == ""  # type: ignore[attr-defined]


def test_quitting_says_so() -> None:
    ui, _clock = session()
    ui.on_key("q")
    assert closing_words(ui.player)[0] == "Session ended early; what you did is saved."


# -- the real command in a real pseudo-terminal -----------------------------------------------


@pytest.mark.slow
def test_in_a_terminal_messages_clear_and_a_last_technique_stop_is_told_honestly() -> None:
    assert unknot("profile", "--shoulder", "left").returncode == 0
    assert unknot("screen", "--batch", "--country", "GB").returncode == 0
    args = ["start", "hip-short", "--speed", "10", "--pain-before", "2", "--no-voice"]
    child = pexpect.spawn(
        sys.executable,
        ["-m", "unknot", *args, "--no-bell"],
        env={**os.environ, "TERM": "xterm-256color"},
        dimensions=(40, 120),
        encoding="utf-8",
        timeout=20,
    )
    child.expect("press Enter to begin")  # screened today: no quick "anything new?" check
    child.send("\r")
    child.expect("step 1 of 10")
    child.send("p")
    child.expect("press 0-9")
    child.send("4")  # up by 2, under the ceiling: the circular massage stops
    child.expect("Moving on to the next technique")
    child.expect("step 4 of 10", timeout=30)  # the deep-tissue massage itself
    child.expect("step 4 of 10")  # one whole frame of that step:
    assert "Moving on" not in child.before and "gone up" not in child.before
    for number in range(5, 9):
        child.send("n")
        child.expect(f"step {number} of 10")
    child.send("p")  # the last technique, the hip-flexor stretch
    child.expect("press 0-9")
    child.send("9")
    child.expect("after the session", timeout=30)
    # The live area was cleared but for the reason: no "Session over.", keys or rating prompt.
    assert "Session over." not in child.before
    tail = child.before.rsplit("[q] quit", 1)[-1]
    assert "\x1b[2K" in tail  # the last full frame was erased before the prompt was printed
    assert "That was the last technique" in tail
    assert "How is your shoulder after that technique" not in tail
    child.send("1\r")
    child.expect("a safety rule stopped the last technique")
    child.expect(pexpect.EOF)
    assert "Well done" not in child.before
    [session] = json.loads(unknot("history", "--json").stdout)
    assert session["status"] == "finished"  # the stored status (see core/player.py)
    assert session["stops"][-1]["technique"] == "hip-flexor-stretch"


def test_pain_above_five_says_only_gentle_techniques_were_played() -> None:
    ui, clock = session(pain_before=2)
    advance(ui, clock, PLAN.steps[1].start_s + 1)
    ui.on_key("p")
    ui.on_key("7")
    advance(ui, clock, PLAN.total_s * 2)
    assert any(r.outcome == "left_out" for r in ui.player.records)
    words, _style = closing_words(ui.player)
    assert words.endswith("After pain above 5/10, only gentle techniques were played.")


def press_symptom(ui: SessionUI, symptom_id: str) -> None:
    ui.on_key("s")
    ids = [s.id for s in ui.player.rules.symptoms]
    ui.on_key("abcdefghijklmnopqrstuvwxyz"[ids.index(symptom_id)])


def test_a_stopped_session_says_why_once_and_does_not_claim_a_pain_stop() -> None:
    ui, clock = session(pain_before=2)
    advance(ui, clock, PLAN.steps[1].start_s + 1)
    press_symptom(ui, "dizzy")
    assert ui.player.state is State.STOPPED and ui.player.end_advice
    # The advice is printed once, in its own panel, after the live screen: not left on it too.
    assert render_screen(PLAN, ui.player, ui.screen, clock.now).plain == ""  # type: ignore[attr-defined]
    words, _style = closing_words(ui.player)
    assert words.startswith("A safety rule ended the session for today")
    assert "5/10" not in words  # the steps left out were left out by the stop, not by pain


def test_after_a_pain_above_the_ceiling_the_gentle_only_note_is_given() -> None:
    ui, clock = session(pain_before=2)
    ui.on_key("p")
    ui.on_key("7")
    advance(ui, clock, PLAN.total_s * 3)
    assert ui.player.gentle_only
    assert "only gentle techniques were played" in closing_words(ui.player)[0]


def short_terminal(ui: SessionUI) -> Console:
    ui.console = Console(
        width=80, height=24, color_system=None, force_terminal=True, record=True, file=io.StringIO()
    )
    return ui.console


def test_the_symptom_menu_shows_every_symptom_in_an_80_by_24_terminal() -> None:
    ui, clock = session()
    console = short_terminal(ui)
    advance(ui, clock, PLAN.steps[1].start_s + 1)
    ui.on_key("s")
    lines = console.render_lines(ui.render(), pad=False)
    assert len(lines) <= 24
    shown = "\n".join("".join(seg.text for seg in line) for line in lines)
    for symptom in ui.player.rules.symptoms:
        assert str(symptom.label).format(emergency="999", same_day="111")[:30] in shown.replace(
            "\n", " "
        )
    assert "[q] quit" in shown


def test_a_long_step_keeps_every_line_in_an_80_by_24_terminal() -> None:
    """Six instructions that wrap do not fit under the big countdown: it becomes one line."""
    step = PLAN.steps[1]
    extra = tuple(
        f"A made-up instruction line, long enough to wrap in a terminal eighty columns wide: {n}."
        for n in range(7)
    )
    long_step = replace(step, instructions=(*step.instructions, *extra))
    plan = replace(PLAN, steps=(PLAN.steps[0], long_step, *PLAN.steps[2:]))
    ui, clock = session()
    ui.plan, ui.player = plan, Player(plan.steps, safety.stop_rules(), 2)
    ui.handle(ui.player.start(0.0))
    console = short_terminal(ui)
    advance(ui, clock, long_step.start_s + 1)
    lines = console.render_lines(ui.render(), pad=False)
    shown = "\n".join("".join(seg.text for seg in line) for line in lines)
    assert "wide: 6." in shown and "[q] quit" in shown
    assert "█" not in shown  # the big digits gave way
    assert len(lines) <= 24
