"""Run an ``unknot`` command in this process, shaped like ``subprocess.run``'s result.

For the steps around a real-terminal test (the screening before, the history after) a new
Python process adds nothing but its start-up; the session itself still runs in one.
"""

from __future__ import annotations

from dataclasses import dataclass

from typer.testing import CliRunner

from unknot.cli import app as cli_app


@dataclass(frozen=True)
class Done:
    returncode: int
    stdout: str
    stderr: str


def unknot(*args: str, input: str | None = None) -> Done:
    cli_app._register()
    result = CliRunner().invoke(cli_app.app, list(args), input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Done(result.exit_code, result.stdout, result.stderr)


def screen_and_play(routine: str, pain_before: int = 2, pain_after: int = 1) -> None:
    """A clear screening, then one whole session of ``routine`` at 1000x, as a piped start."""
    assert unknot("screen", "--batch").returncode == 0
    played = unknot(
        "start", routine, "--speed", "1000", "--no-voice", "--no-bell",
        input=f"{pain_before}\n{pain_after}\n",
    )  # fmt: skip
    assert played.returncode == 0, played.stdout
