"""Text in square brackets reaches the terminal as it is, never eaten as Rich markup."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import LIB, routine
from rich.console import Console
from typer.testing import CliRunner, Result

from unknot.cli import app as cli_app
from unknot.cli.player_view import SYMPTOM_KEYS, PlayerScreen, render_screen
from unknot.core.adapt import SafetyContext
from unknot.core.plan import compile_plan
from unknot.core.player import Player
from unknot.core.profile import Profile
from unknot.services import safety

PLAN = compile_plan(LIB, routine("r", "circles", "flexor"), Profile(), SafetyContext())
runner = CliRunner()
WIDE = {"COLUMNS": "200"}


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    cli_app._register()


def run(*args: str) -> Result:
    return runner.invoke(cli_app.app, list(args), env=WIDE)


def test_the_symptom_menu_shows_each_letter_next_to_its_symptom() -> None:
    player = Player(PLAN.steps, safety.stop_rules(), 2)
    player.start(0.0)
    # A console like the live screen's: markup on, a real terminal's colours.
    console = Console(width=100, force_terminal=True, color_system="truecolor", record=True)
    console.print(render_screen(PLAN, player, PlayerScreen(mode="symptom"), 1.0))
    shown = console.export_text()
    assert "Press its letter" in shown
    symptoms = safety.stop_rules().symptoms
    for key, symptom in zip(SYMPTOM_KEYS, symptoms, strict=False):
        assert f"[{key}] {symptom.label}" in shown, (key, shown)
    assert "[space] pause/resume" in shown


def test_journal_notes_keep_their_brackets() -> None:
    assert run("log", "pain", "4", "--note", "[left] worse after [bold]gardening").exit_code == 0
    result = run("journal")
    assert result.exit_code == 0, result.output
    assert "[left] worse after [bold]gardening" in result.output


def test_routine_names_and_paths_keep_their_brackets(tmp_path: Path) -> None:
    folder = tmp_path / "config" / "routines"
    folder.mkdir(parents=True)
    (folder / "evening.yaml").write_text(
        "id: evening\nname: Evening [slow] wind-down\nitems:\n  - technique: hip-kneading\n"
    )
    listed = run("routines")
    assert listed.exit_code == 0, listed.output
    assert "Evening [slow] wind-down" in listed.output
    shown = run("show", "evening")
    assert shown.exit_code == 0, shown.output
    assert "Evening [slow] wind-down" in shown.output
