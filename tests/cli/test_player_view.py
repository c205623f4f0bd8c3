from __future__ import annotations

from factories import LIB, routine
from rich.console import Console

from unknot.cli.player_view import PlayerScreen, big, render_screen
from unknot.content.safety_loader import load_stop_rules
from unknot.core.adapt import SafetyContext
from unknot.core.plan import compile_plan
from unknot.core.player import Player
from unknot.core.profile import Profile

PLAN = compile_plan(LIB, routine("r", "circles", "flexor"), Profile(), SafetyContext())


def text_of(renderable) -> str:  # type: ignore[no-untyped-def]
    console = Console(width=80, color_system=None, force_terminal=False, record=True)
    console.print(renderable)
    return console.export_text()


def test_big_digits_have_three_rows() -> None:
    assert text_of(big("1:05")).splitlines() == [
        " ▀█     █▀█  █▀▀",
        "  █  ▀  █ █  ▀▀█",
        "  ▀  ▀  ▀▀▀  ▀▀▀",
    ]


def test_the_screen_shows_step_countdown_next_and_keys() -> None:
    player = Player(PLAN.steps, load_stop_rules(), 2)
    player.start(0.0)
    player.tick(70.0)  # circles' work step, 5 s left
    shown = text_of(render_screen(PLAN, player, PlayerScreen(), 70.0))
    assert "step 2 of 6" in shown and "1:10 / 2:20" in shown
    assert "Circles\n" in shown
    assert "Next: Flexor, left hip (0:20)" in shown  # the get-ready step is not announced
    assert "[space] pause/resume" in shown


def test_the_pain_prompt_and_a_message_are_shown() -> None:
    player = Player(PLAN.steps, load_stop_rules(), 2)
    player.start(0.0)
    shown = text_of(render_screen(PLAN, player, PlayerScreen(mode="pain", message="Noted"), 1.0))
    assert "press 0-9, or t for 10" in shown and "Noted" in shown
