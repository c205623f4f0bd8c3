"""The technique library: built-in content plus the routines a person keeps in a folder.

The built-in content is read and checked once per process. A person's routine files are read
each time (they are small) so that an edit shows up straight away.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from unknot.content.loader import load_builtin, load_routine
from unknot.core.content import Library, Routine, Technique
from unknot.errors import ContentError, NotFoundError, Problem
from unknot.i18n import _

ROUTINE_SUFFIXES = (".yaml", ".yml")


@lru_cache(maxsize=1)
def builtin_library() -> Library:
    """The built-in techniques, routines, causes and tips (checked on first use)."""
    return load_builtin()


@dataclass(frozen=True)
class UserRoutines:
    """The routines read from a folder, and the files that did not pass the checks."""

    routines: tuple[Routine, ...] = ()
    errors: tuple[ContentError, ...] = ()


def routine_files(routines_dir: Path) -> list[Path]:
    """The routine files in ``routines_dir``, in name order (none if it does not exist)."""
    if not routines_dir.is_dir():
        return []
    return sorted(
        path
        for path in routines_dir.iterdir()
        if path.suffix in ROUTINE_SUFFIXES and path.is_file() and not path.name.startswith(".")
    )


def read_user_routines(routines_dir: Path, base: Library | None = None) -> UserRoutines:
    """Read every routine file in ``routines_dir``; a bad file is reported, not fatal."""
    base = base or builtin_library()
    taken = {key: _("a built-in routine") for key in base.routines}
    found: list[Routine] = []
    errors: list[ContentError] = []
    for path in routine_files(routines_dir):
        try:
            routine = read_routine_file(path, base, taken=taken)
        except ContentError as error:
            errors.append(error)
            continue
        taken[routine.id] = str(path)
        found.append(routine)
    return UserRoutines(tuple(found), tuple(errors))


def read_routine_file(
    path: Path, base: Library | None = None, *, taken: dict[str, str] | None = None
) -> Routine:
    """Read and check one routine file; raise a ContentError listing every problem."""
    base = base or builtin_library()
    display = str(path)
    if taken is None:
        taken = {key: _("a built-in routine") for key in base.routines}
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ContentError(
            _("{file} cannot be read: {reason}.").format(file=display, reason=error.strerror),
            hint=_("Check the file name and that the file is readable."),
        ) from None
    return load_routine(data, display, base.techniques, taken=taken, path=display)


def check_routine_file(path: Path, routines_dir: Path | None = None) -> Routine:
    """Check one file as ``unknot routines check`` does.

    Its id may not clash with a built-in routine or with another file in ``routines_dir``
    (the file itself, if it lives there, does not count).
    """
    base = builtin_library()
    taken = {key: _("a built-in routine") for key in base.routines}
    if routines_dir is not None:
        others = read_user_routines(routines_dir, base).routines
        taken |= {r.id: r.path for r in others if Path(r.path).resolve() != path.resolve()}
    return read_routine_file(path, base, taken=taken)


def load_library(routines_dir: Path | None = None, *, strict: bool = True) -> Library:
    """The built-in library with the person's routines added.

    With ``strict`` a bad routine file raises one ContentError listing every problem in every
    file; without it, bad files are left out.
    """
    base = builtin_library()
    if routines_dir is None:
        return base
    user = read_user_routines(routines_dir, base)
    if strict and user.errors:
        raise _combined(user.errors)
    routines = {**base.routines, **{routine.id: routine for routine in user.routines}}
    return replace(base, routines=routines)


def load_library_lenient(routines_dir: Path | None) -> tuple[Library, ContentError | None]:
    """The library with every good routine file, and one error about the bad ones (or None):
    a broken file of one's own must not stop a session of another routine."""
    base = builtin_library()
    if routines_dir is None:
        return base, None
    user = read_user_routines(routines_dir, base)
    routines = {**base.routines, **{routine.id: routine for routine in user.routines}}
    return replace(base, routines=routines), _combined(user.errors) if user.errors else None


def _combined(errors: Iterable[ContentError]) -> ContentError:
    errors = list(errors)
    if len(errors) == 1:
        return errors[0]
    problems: list[Problem] = [problem for error in errors for problem in error.problems]
    return ContentError(
        _("{count} of your routine files have problems.").format(count=len(errors)),
        hint=_("Fix the files, then run `unknot routines check FILE` on each."),
        web_hint=_(
            "Fix the files in your routines folder (on the computer that runs unknot), then "
            "reload this page."
        ),
        problems=problems,
    )


def find(library: Library, name: str) -> Technique | Routine:
    """A technique or routine by id or name (any case), else by a unique id prefix or word.

    ``"sleeper"`` finds ``shoulder-sleeper-stretch``; a name that fits several raises
    NotFoundError listing them.
    """
    wanted = name.strip().lower()
    candidates: dict[str, Technique | Routine] = {**library.techniques, **library.routines}
    for key, thing in candidates.items():
        if wanted == key or wanted in _names(thing):
            return thing
    for test in (_starts, _contains):
        matches = [key for key, thing in candidates.items() if wanted and test(wanted, key, thing)]
        if len(matches) == 1:
            return candidates[matches[0]]
        if matches:
            raise _not_found(name, list(candidates), matches)
    raise _not_found(name, list(candidates), [])


def _starts(wanted: str, key: str, thing: Technique | Routine) -> bool:
    return key.startswith(wanted)


def _contains(wanted: str, key: str, thing: Technique | Routine) -> bool:
    return wanted in key or any(wanted in text for text in _names(thing))


def find_technique(library: Library, name: str) -> Technique:
    thing = find(library, name)
    if isinstance(thing, Technique):
        return thing
    raise NotFoundError(
        _('"{name}" is a routine, not a technique.').format(name=name),
        hint=_("Run `unknot techniques` to see the techniques."),
        web_hint=_("The Library page lists the techniques."),
    )


def find_routine(library: Library, name: str) -> Routine:
    thing = find(library, name)
    if isinstance(thing, Routine):
        return thing
    raise NotFoundError(
        _('"{name}" is a technique, not a routine.').format(name=name),
        hint=_("Run `unknot routines` to see the routines."),
        web_hint=_("The Library page lists the routines."),
    )


def _names(thing: Technique | Routine) -> set[str]:
    return {text.lower() for text in thing.name.as_dict().values()}


def _not_found(name: str, known: list[str], ambiguous: list[str]) -> NotFoundError:
    if len(ambiguous) > 1:
        return NotFoundError(
            _('"{name}" could mean {matches}.').format(name=name, matches=", ".join(ambiguous)),
            hint=_("Type more of the id."),
        )
    close = difflib.get_close_matches(name.lower(), known, n=3, cutoff=0.7)
    message = _('There is no technique or routine called "{name}".').format(name=name)
    if close:
        message += _(" Did you mean {matches}?").format(matches=" or ".join(close))
    return NotFoundError(
        message,
        hint=_("Run `unknot techniques` or `unknot routines` to see them all."),
        web_hint=_("The Library page lists every technique and routine."),
    )
