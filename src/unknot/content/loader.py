"""Turn the content YAML files into core objects (F1, F2).

The built-in techniques, routines, causes and tips and the routines people write themselves
go through the same checks. A file is read once, every problem in it is collected with its
file, line and field, and one :class:`~unknot.errors.ContentError` lists them all::

    routines/evening.yaml, line 12, field 'items[2].hold_s': -30 is out of range; it must
    be a whole number of seconds from 1 to 600.

The routine file format is documented in ``docs/routines.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import TypeVar

import yaml

from unknot.content import fields as f
from unknot.content.document import Document, FieldPath, parse
from unknot.content.entries import (
    MAX_HOLD_S,
    MAX_NAME,
    MAX_REPS,
    MAX_REST_S,
    read_causes,
    read_technique,
    read_tips,
)
from unknot.core.content import (
    DoseOverride,
    Library,
    Routine,
    RoutineItem,
    Technique,
)
from unknot.core.text import Text
from unknot.errors import ContentError, Problem
from unknot.i18n import _, ngettext

CONTENT_DIR = Path(__file__).parent

MAX_TRANSITION_S = 120
DEFAULT_TRANSITION_S = 15

ROUTINE_REQUIRED = ("id", "name", "items")
ROUTINE_OPTIONAL = ("description", "transition_s")
ITEM_REQUIRED = ("technique",)
ITEM_OPTIONAL = ("reps", "hold_s", "rest_s")
# Keys a routine author may try in order to write step texts: the texts come from the
# technique and are compiled for each step by the plan (docs/routines.md).
STEP_TEXT_KEYS = ("steps", "instructions", "text", "cues", "say")

_T = TypeVar("_T")


# --- errors -----------------------------------------------------------------------------


def check_hint(display: str) -> str:
    return _("Fix the file, then run `unknot routines check {file}`.").format(file=display)


def check_web_hint(display: str) -> str:
    return _(
        "Fix {file} in your routines folder (on the computer that runs unknot), then reload "
        "this page."
    ).format(file=display)


def builtin_hint() -> str:
    return _(
        "The built-in content ships with unknot, so this is a bug: please report it with the "
        "lines above."
    )


def content_error(
    subject: str, problems: list[Problem], hint: str, web_hint: str = ""
) -> ContentError:
    message = ngettext(
        "{subject} has {count} problem.", "{subject} has {count} problems.", len(problems)
    ).format(subject=subject, count=len(problems))
    return ContentError(message, hint=hint, problems=list(problems), web_hint=web_hint)


# --- routines ---------------------------------------------------------------------------


def load_routine(
    data: bytes,
    display: str,
    techniques: Collection[str],
    *,
    taken: Mapping[str, str] | None = None,
    builtin: bool = False,
    path: str = "",
) -> Routine:
    """Read one routine file; raise one ContentError listing every problem in it.

    ``techniques`` are the known technique ids; ``taken`` maps routine ids already in use to
    where they are defined (a clash is an error).
    """
    doc = parse(data, display)
    routine = read_routine(doc, techniques, taken or {}, builtin=builtin, path=path)
    if routine is None:
        raise content_error(
            display, doc.ordered(), hint=check_hint(display), web_hint=check_web_hint(display)
        )
    return routine


def read_routine(
    doc: Document,
    techniques: Collection[str],
    taken: Mapping[str, str],
    *,
    builtin: bool = False,
    path: str = "",
) -> Routine | None:
    """Check a parsed routine; return it, or ``None`` with the problems left in ``doc``."""
    if doc.fatal:
        return None
    if doc.value is None:
        doc.add_at(1, _("the file is empty; a routine needs at least the keys id, name and items."))
        return None
    data = f.mapping(
        doc, _without_step_texts(doc, doc.value, ()), (), ROUTINE_REQUIRED, ROUTINE_OPTIONAL
    )
    if data is None:
        return None
    routine_id = _routine_id(doc, data, taken)
    name = f.text(doc, data["name"], ("name",), MAX_NAME) if "name" in data else None
    description = _optional_text(doc, data, (), "description")
    transition = DEFAULT_TRANSITION_S
    if "transition_s" in data:
        transition = f.whole_at(doc, data, (), "transition_s", 0, MAX_TRANSITION_S) or 0
    entries = f.items(doc, data["items"], ("items",), _("item")) if "items" in data else None
    parsed = [_item(doc, raw, ("items", i), techniques) for i, raw in enumerate(entries or ())]
    if doc.problems or routine_id is None or name is None:
        return None
    return Routine(
        id=routine_id,
        name=name,
        description=description,
        items=tuple(item for item in parsed if item is not None),
        transition_s=transition,
        builtin=builtin,
        path=path,
    )


def _routine_id(doc: Document, data: dict[str, object], taken: Mapping[str, str]) -> str | None:
    if "id" not in data:
        return None
    routine_id = f.slug(doc, data["id"], ("id",))
    if routine_id is not None and routine_id in taken:
        doc.add(
            ("id",),
            _('"{id}" is already the id of {where}; choose another id.').format(
                id=routine_id, where=taken[routine_id]
            ),
        )
        return None
    return routine_id


def _item(
    doc: Document, raw: object, path: FieldPath, techniques: Collection[str]
) -> RoutineItem | None:
    if isinstance(raw, str):
        doc.add(
            path,
            _('{value} is not a mapping; write the item as "technique: {id}".').format(
                value=f.describe(raw), id=raw
            ),
        )
        return None
    data = f.mapping(doc, _without_step_texts(doc, raw, path), path, ITEM_REQUIRED, ITEM_OPTIONAL)
    if data is None:
        return None
    technique = (
        f.technique_ref(doc, data["technique"], (*path, "technique"), techniques)
        if "technique" in data
        else None
    )
    reps = f.span_at(doc, data, path, "reps", MAX_REPS, _("repetitions"))
    hold = f.span_at(doc, data, path, "hold_s", MAX_HOLD_S, _("seconds"))
    rest = f.whole_at(doc, data, path, "rest_s", 0, MAX_REST_S)
    if technique is None:
        return None
    return RoutineItem(technique, DoseOverride(reps=reps, hold_s=hold, rest_s=rest))


def _without_step_texts(doc: Document, value: object, path: FieldPath) -> object:
    """Refuse step texts in a routine with a message that says where the texts come from."""
    if not isinstance(value, dict):
        return value
    for key in STEP_TEXT_KEYS:
        if key in value:
            doc.add(
                (*path, key),
                _(
                    "a routine cannot carry step texts. The steps come from each technique, and "
                    "unknot writes every step for the person: which side, which hand, the "
                    "change to the next side and whether a massage tool or firm pressure is "
                    "allowed. Remove this key; choose techniques and doses only."
                ),
            )
    return {k: v for k, v in value.items() if k not in STEP_TEXT_KEYS}


def _optional_text(doc: Document, data: Mapping[str, object], path: FieldPath, key: str) -> Text:
    if key not in data:
        return Text.of("")
    return f.text(doc, data[key], (*path, key)) or Text.of("")


def dump_routine(routine: Routine) -> str:
    """Write a routine in the file format that :func:`load_routine` reads."""
    data: dict[str, object] = {"id": routine.id, "name": _plain(routine.name)}
    if routine.description.en:
        data["description"] = _plain(routine.description)
    data["transition_s"] = routine.transition_s
    data["items"] = [_item_data(item) for item in routine.items]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=96)


def _plain(value: Text) -> object:
    texts = value.as_dict()
    return texts["en"] if list(texts) == ["en"] else texts


def _item_data(item: RoutineItem) -> dict[str, object]:
    data: dict[str, object] = {"technique": item.technique}
    for key in ("reps", "hold_s"):
        value = getattr(item.dose, key)
        if value is not None:
            data[key] = value.low if value.low == value.high else [value.low, value.high]
    if item.dose.rest_s is not None:
        data["rest_s"] = item.dose.rest_s
    return data


# --- the built-in library ---------------------------------------------------------------


def load_builtin(content_dir: Path = CONTENT_DIR) -> Library:
    """Load and check every built-in content file; one ContentError lists all problems."""
    problems: list[Problem] = []
    illustrations = {p.name for p in (content_dir / "illustrations").glob("*.svg")}
    techniques: dict[str, Technique] = {}
    for doc in _docs(content_dir, "techniques", problems):
        technique = read_technique(doc, illustrations)
        if technique is not None:
            _check_file_id(doc, technique.id, techniques)
            techniques[technique.id] = technique
        problems.extend(doc.ordered())
    routines: dict[str, Routine] = {}
    for doc in _docs(content_dir, "routines", problems):
        taken = {key: _("another built-in routine") for key in routines}
        routine = read_routine(doc, techniques, taken, builtin=True)
        if routine is not None:
            routines[routine.id] = routine
        problems.extend(doc.ordered())
    causes = _read_single(
        content_dir, "causes.yaml", problems, lambda d: read_causes(d, techniques)
    )
    tips = _read_single(content_dir, "tips.yaml", problems, read_tips)
    if problems:
        raise content_error(_("The built-in content"), problems, builtin_hint())
    return Library(techniques=techniques, routines=routines, causes=causes, tips=tips)


def _docs(content_dir: Path, folder: str, problems: list[Problem]) -> list[Document]:
    paths = sorted((content_dir / folder).glob("*.yaml"))
    if not paths:
        problems.append(Problem(_("no files were found."), location=f"{folder}/"))
    return [parse(path.read_bytes(), f"{folder}/{path.name}") for path in paths]


def _check_file_id(doc: Document, technique_id: str, seen: Collection[str]) -> None:
    if technique_id != Path(doc.display).stem:
        doc.add(
            ("id",),
            _("the id must match the file name ({stem}).").format(stem=Path(doc.display).stem),
        )
    elif technique_id in seen:
        doc.add(("id",), _("this id is used twice."))


def _read_single(
    content_dir: Path,
    name: str,
    problems: list[Problem],
    read: Callable[[Document], dict[str, _T]],
) -> dict[str, _T]:
    path = content_dir / name
    if not path.is_file():
        problems.append(Problem(_("the file is missing."), location=name))
        return {}
    doc = parse(path.read_bytes(), name)
    result = read(doc)
    problems.extend(doc.ordered())
    return result
