"""One broken routine file of one's own must not stop everything else (found by a new user)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from unknot.cli import app as cli_app
from unknot.config import load_settings

runner = CliRunner()
BROKEN = "id: evening\nname: {en: Evening}\nitems:\n  - technique: nonesuch\n"


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    cli_app._register()


@pytest.fixture
def broken_file() -> None:
    folder = load_settings().routines_dir
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "evening.yaml").write_text(BROKEN)


def said(*args: str) -> tuple[int, str]:
    result = runner.invoke(cli_app.app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, " ".join(result.output.split())


@pytest.mark.usefixtures("broken_file")
def test_a_built_in_routine_still_plans_and_says_what_was_left_out() -> None:
    code, out = said("plan", "hip-short")
    assert code == 0, out
    assert "Left out:" in out and "evening.yaml" in out and "unknot routines check FILE" in out
    code, out = said()
    assert code == 0, out


@pytest.mark.usefixtures("broken_file")
def test_asking_for_the_broken_routine_names_the_file_and_the_problem() -> None:
    code, out = said("plan", "evening")
    assert code == 1
    assert "evening.yaml" in out and "nonesuch" in out


@pytest.mark.usefixtures("broken_file")
def test_a_trial_can_still_be_checked() -> None:
    said("screen", "--batch")
    code, out = said("trial", "plan", "--check-only", "--sims", "200")
    assert code == 0, out
    assert "Design check" in out
