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


def unknot(*args: str) -> Done:
    cli_app._register()
    result = CliRunner().invoke(cli_app.app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Done(result.exit_code, result.stdout, result.stderr)
