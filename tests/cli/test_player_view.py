from __future__ import annotations

from factories import LIB, routine
from rich.console import Console

from unknot.cli.player_view import KeyLegend, PlayerScreen, big, render_screen
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


def test_the_key_legend_wraps_between_keys_never_inside_one() -> None:
    player = Player(PLAN.steps, load_stop_rules(), 2)
    player.start(0.0)
    for width in (60, 50, 40, 24):
        console = Console(width=width, color_system=None, force_terminal=False, record=True)
        console.print(render_screen(PLAN, player, PlayerScreen(), 1.0))
        shown = console.export_text()
        assert "[s] symptom" in shown and "[q] quit" in shown, width
        assert all(not line.rstrip().endswith(("[s]", "[q]", "[p]")) for line in shown.splitlines())
    assert KeyLegend("[a] one  [b] two").lines(9) == ["[a] one", "[b] two"]
    assert KeyLegend("[a] one  [b] two").lines(16) == ["[a] one  [b] two"]
