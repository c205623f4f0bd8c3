"""Numbers typed on the command line, read in plain words, and the words ``--help`` shows.

Typer would answer ``unknot log pain 7.5`` with a type checker's sentence and ``-1`` with
"No such option"; a person gets the range instead ("Give pain as a whole number from 0 to 10").
Help shows what to type (``--pain 0-10``, ``--at WHEN``), not Python's type names
(``<int range>``, ``<list[str]>``). Kept light: ``unknot --help`` imports this module.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from typer import _click
from typer._click.exceptions import UsageError
from typer.core import TyperArgument as Argument
from typer.core import TyperOption as Option

from unknot.i18n import N_, _

_WHOLE = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")

# What to type after an option, by the option's name; others fall back on their value's kind.
_VALUE_WORDS = {
    "at": N_("WHEN"),
    "since": N_("DATE"),
    "start": N_("DATE"),
    "day": N_("DATE"),
    "hip_date": N_("DATE"),
    "checkin": N_("HH:MM"),
    "minutes": N_("MINUTES"),
    "period": N_("DAYS"),
    "run_in": N_("DAYS"),
    "limit": N_("NUMBER"),
    "day_starts": N_("HH:MM"),
    "day_ends": N_("HH:MM"),
    "timezone": N_("ZONE"),
    "country": N_("CODE"),
    "language": N_("en|ko"),
    "where": N_("PLACE"),
    "shoulder": N_("SIDE"),
    "hip_side": N_("SIDE"),
    "routine": N_("ROUTINE"),
    "arm_a": N_("ROUTINE"),
    "arm_b": N_("ROUTINE"),
    "database_url": N_("URL"),
    "host": N_("ADDRESS"),
    "id": N_("ID"),
    "format": N_("FORMAT"),
    "design": N_("FILE"),
}
_KIND_WORDS = {
    "int": N_("NUMBER"),
    "float": N_("NUMBER"),
    "path": N_("PATH"),
    "directory": N_("FOLDER"),
    "file": N_("FILE"),
}
TEXT = N_("TEXT")


def _refuse(message: str, given: object) -> UsageError:
    return UsageError(message.format(given=given))


def pain_number(value: Any) -> int:
    """A pain rating as typed: a whole number from 0 to 10, or a clear refusal."""
    return _PAIN(value)


def whole_number(low: int | None, high: int | None, what: str) -> Callable[[Any], int]:
    """A parser for a whole number, in ``low``..``high`` when given; ``what`` names it."""

    def parse(value: Any) -> int:
        message = _message(_whole_words(low, high), what, low, high)
        return int(_read(value, _WHOLE, int, message, low, high))

    return parse


def decimal_number(low: float | None, high: float | None, what: str) -> Callable[[Any], float]:
    """A parser for a number (decimals allowed), in ``low``..``high`` when given."""

    def parse(value: Any) -> float:
        message = _message(_decimal_words(low, high), what, low, high)
        return float(_read(value, _DECIMAL, float, message, low, high))

    return parse


def _read(
    value: Any,
    pattern: re.Pattern[str],
    convert: Callable[[str], float],
    message: str,
    low: float | None,
    high: float | None,
) -> float:
    """``value`` as typed (or a default already a number), checked against the range."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = convert(str(value))
    else:
        text = str(value).strip()
        if not pattern.fullmatch(text):
            raise _refuse(message, text or '""')
        number = convert(text)
    if (low is not None and number < low) or (high is not None and number > high):
        raise _refuse(message, value)
    return number


def _whole_words(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return _("Give {what} as a whole number from {low} to {high} (you gave {{given}}).")
    if low is not None:
        return _("Give {what} as a whole number from {low} up (you gave {{given}}).")
    return _("Give {what} as a whole number (you gave {{given}}).")


def _decimal_words(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return _("Give {what} as a number from {low} to {high} (you gave {{given}}).")
    return _("Give {what} as a number (you gave {{given}}).")


def _message(words: str, what: str, low: float | None, high: float | None) -> str:
    def shown(bound: float | None) -> str:
        return "" if bound is None else f"{bound:g}"

    return words.format(what=_(what), low=shown(low), high=shown(high))


_PAIN = whole_number(0, 10, N_("pain"))


def name_the_values(command: _click.Command) -> None:
    """Give every option and argument of the tree a word for its value, not a type name.

    An explicit ``metavar`` is kept. Arguments then show that word alone (Typer would add the
    type after it). Runs on every invocation, before the help texts are translated.
    """
    for param in command.params:
        if isinstance(param, Option) and (param.is_flag or param.count):
            continue
        if param.metavar is None:
            param.metavar = _word_for(param, isinstance(param, Argument))
        if isinstance(param, Argument):
            # Typer appends "<int>" after an argument's name; the word already says it.
            param.display_type_rich = _no_type  # type: ignore[method-assign]
    for sub in getattr(command, "commands", {}).values():
        name_the_values(sub)


def _no_type(ctx: _click.Context | None = None) -> None:
    return None


def _word_for(param: _click.Parameter, argument: bool) -> str:
    name = param.name or ""
    if name in _VALUE_WORDS:
        return _VALUE_WORDS[name]
    if argument:  # an argument's own name says what it is: NAME, FILE, TEXT
        return name.upper()
    descriptor = getattr(param, "type_descriptor", None)  # Typer's: what the value is
    if getattr(descriptor, "is_path", False):
        return _KIND_WORDS.get(str(descriptor.path_type), _KIND_WORDS["path"])  # type: ignore[union-attr]
    kind = getattr(descriptor, "annotation", None)
    if kind in (int, float):
        return _KIND_WORDS[kind.__name__]
    return TEXT
