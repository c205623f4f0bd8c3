"""The README stays true to the CLI: every command has help and a line in the README."""

from __future__ import annotations

import re
from pathlib import Path

from typer.main import get_command

from unknot.cli import app as cli_app

ROOT = Path(__file__).parents[1]


def commands() -> dict[str, object]:
    cli_app._register()
    group = get_command(cli_app.app)
    return dict(group.commands)  # type: ignore[attr-defined]


def test_every_command_has_help() -> None:
    for name, command in commands().items():
        assert (command.help or "").strip(), name  # type: ignore[attr-defined]


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"`unknot ([a-z]+)", readme))
    assert set(commands()) <= listed, set(commands()) - listed


def test_readme_test_command_is_what_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "$ uv run pytest\n" in readme and "\nuv run pytest 2>&1" in ci
    assert 'PYTEST_ADDOPTS="--cov --cov-report=term"' in ci
    assert "$ uv run pytest --cov --cov-report=term" in readme
