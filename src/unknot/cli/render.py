"""Shared Rich rendering helpers for the CLI."""

from __future__ import annotations

import sys
import traceback

import typer
from rich.console import Console

from unknot.errors import UnknotError
from unknot.i18n import _

_console: Console | None = None
_err_console: Console | None = None


def console() -> Console:
    global _console
    if _console is None:
        _console = Console(highlight=False)
    return _console


def err_console() -> Console:
    global _err_console
    if _err_console is None:
        _err_console = Console(stderr=True, highlight=False)
    return _err_console


def confirm(question: str, default: bool | None = False) -> bool:
    """A yes/no question. One too long for the terminal's line is printed first, wrapped
    between words, and the prompt itself stays short (the terminal would break it mid-word)."""
    out = console()
    if len(question) + len(" [y/N]: ") <= out.width:
        return typer.confirm(question, default=default)
    out.print(question, markup=False)
    return typer.confirm(_("Yes or no?"), default=default)


def print_error(error: UnknotError, debug: bool = False) -> None:
    """Print an error once: the message, each problem, then the hint."""
    out = err_console()
    if debug:
        traceback.print_exception(error, file=sys.stderr)
    out.print(_("Error: {message}").format(message=error.message), style="bold red", markup=False)
    for problem in error.problems:
        out.print("  - " + problem.render(), markup=False)
    if error.hint:
        out.print(_("Hint: {hint}").format(hint=error.hint), markup=False)
