"""Shared Rich rendering helpers for the CLI."""

from __future__ import annotations

import re
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console

from unknot.errors import Problem, UnknotError
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


def forget_consoles() -> None:
    """The next ``console()`` and ``err_console()`` look at the terminal afresh."""
    global _console, _err_console
    _console = _err_console = None


def confirm(question: str, default: bool | None = False) -> bool:
    """A yes/no question. One too long for the terminal's line is printed first, wrapped
    between words, and the prompt itself stays short (the terminal would break it mid-word)."""
    out = console()
    if len(question) + len(" [y/N]: ") <= out.width:
        return typer.confirm(question, default=default)
    out.print(question, markup=False)
    return typer.confirm(_("Yes or no?"), default=default)


def ask(question: str, default: str | None = None, show_default: bool = True) -> str:
    """A question answered by a line of text, wrapped like ``confirm``'s: one too long for the
    terminal's line is printed first, between words, and the prompt keeps only a short cue."""
    out = console()
    shown = f" [{default}]" if default and show_default else ""
    if len(question) + len(shown) + len(": ") > out.width:
        out.print(question, markup=False)
        question = _("Your answer")
    answer: str = typer.prompt(question, default=default, show_default=show_default)
    return answer


# A value typed on the command line is named by the option that took it, not by the stored
# field ("--minutes", not "minutes_available"). A problem in a file keeps its place and field:
# the person wrote that file and finds the field by that name.
_OPTION_OF_FIELD = {
    "minutes_available": "--minutes",
    "causes": "--cause",
    "painful_shoulder": "--shoulder",
    "pressure": "--pressure",
    "country": "--country",
    "timezone": "--timezone",
    "language": "--language",
    "location": "--where",
    "locations": "--where",
    "taken_at": "--at",
    "at": "--at",
    "note": "--note",
    "average": "--average",
    "average_pain": "--average",
    "worst": "--worst",
    "worst_pain": "--worst",
    "answers": "--answers",
    "day": "--day",
    "treatment": "--treatment",
    "value": "--value",
    "text": "--text",
    "hip_surgery_side": "--hip-side",
    "hip_surgery_date": "--hip-date",
    "hip_surgery_approach": "--hip-approach",
}


_SPADI_ITEM = re.compile(r"(pain|disability)_(\d+)")
SPADI_PAIN_ITEMS = 5


def _problem_words(problem: Problem) -> str:
    if problem.location or not problem.field:
        return problem.render()
    option = _OPTION_OF_FIELD.get(problem.field)
    item = _SPADI_ITEM.fullmatch(problem.field)
    if item is not None:  # SPADI's items are typed in order after --answers
        number = int(item.group(2)) + (SPADI_PAIN_ITEMS if item.group(1) == "disability" else 0)
        option = _("--answers, answer {number}").format(number=number)
    if option is None:
        return problem.message
    return f"{option}: {problem.message}"


def print_error(error: UnknotError, debug: bool = False) -> None:
    """Print an error once: the message, each problem, then the hint."""
    out = err_console()
    if debug:
        traceback.print_exception(error, file=sys.stderr)
    out.print(_("Error: {message}").format(message=error.message), style="bold red", markup=False)
    for problem in error.problems:
        out.print("  - " + _problem_words(problem), markup=False)
    if error.hint:
        out.print(_("Hint: {hint}").format(hint=error.hint), markup=False)


@contextmanager
def kept_on_interrupt(kept: str) -> Iterator[None]:
    """Ctrl-C (or the end of piped input) while questions are asked: say what was kept.

    Questions are answered before anything is saved, so an interrupted set saves nothing;
    ``kept`` says what that leaves (the last screening still counting, the check-in saved)."""
    try:
        yield
    except (typer.Abort, KeyboardInterrupt, EOFError):
        err_console().print()
        err_console().print(_("Stopped. {kept}").format(kept=kept), markup=False)
        raise typer.Exit(130) from None
