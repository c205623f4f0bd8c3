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
from unknot.core.content import (
    POSITIONS,
    TAGS,
    Cause,
    Dose,
    DoseOverride,
    Kind,
    Laterality,
    Library,
    Range,
    Routine,
    RoutineItem,
    Source,
    Technique,
    Tip,
    Variant,
)
from unknot.core.text import Text
from unknot.errors import ContentError, Problem
from unknot.i18n import _, ngettext

CONTENT_DIR = Path(__file__).parent

MAX_REPS = 30
MAX_HOLD_S = 600
MAX_REST_S = 300
MAX_TRANSITION_S = 120
DEFAULT_TRANSITION_S = 15
MAX_NAME = 80

ROUTINE_REQUIRED = ("id", "name", "items")
ROUTINE_OPTIONAL = ("description", "transition_s")
ITEM_REQUIRED = ("technique",)
ITEM_OPTIONAL = ("reps", "hold_s", "rest_s")

TECHNIQUE_REQUIRED = (
    "id",
    "name",
    "kind",
    "summary",
    "position",
    "laterality",
    "dose",
    "steps",
    "pressure",
    "cautions",
    "tags",
    "evidence",
    "sources",
)
TECHNIQUE_OPTIONAL = ("equipment", "side_word", "illustration", "variants")
SIDE_WORDS = ("hip", "arm")
HABITS = ("posture_breaks", "activity", "water", "stretching")
CAUSES = ("strain", "posture", "rotator_cuff", "tension")
# Variant ids the personalisation rules ask for: back_lying when the person must not lie on a
# painful shoulder, light when deep pressure or a tool is ruled out (e.g. blood thinners).
VARIANTS = ("back_lying", "light")

_T = TypeVar("_T")


# --- errors -----------------------------------------------------------------------------


def check_hint(display: str) -> str:
    return _("Fix the file, then run `unknot routines check {file}`.").format(file=display)


BUILTIN_HINT = _(
    "The built-in content ships with unknot, so this is a bug: please report it with the "
    "lines above."
)


def content_error(subject: str, problems: list[Problem], hint: str) -> ContentError:
    message = ngettext(
        "{subject} has {count} problem.", "{subject} has {count} problems.", len(problems)
    ).format(subject=subject, count=len(problems))
    return ContentError(message, hint=hint, problems=list(problems))


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
        raise content_error(display, doc.ordered(), check_hint(display))
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
    data = f.mapping(doc, doc.value, (), ROUTINE_REQUIRED, ROUTINE_OPTIONAL)
    if data is None:
        return None
    routine_id = _routine_id(doc, data, taken)
    name = f.text(doc, data["name"], ("name",), MAX_NAME) if "name" in data else None
    description = _optional_text(doc, data, (), "description")
    transition = DEFAULT_TRANSITION_S
    if "transition_s" in data:
        transition = _whole(doc, data, (), "transition_s", 0, MAX_TRANSITION_S) or 0
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
    data = f.mapping(doc, raw, path, ITEM_REQUIRED, ITEM_OPTIONAL)
    if data is None:
        return None
    technique = _technique_ref(doc, data.get("technique"), (*path, "technique"), techniques)
    reps = _span(doc, data, path, "reps", MAX_REPS, _("repetitions"))
    hold = _span(doc, data, path, "hold_s", MAX_HOLD_S, _("seconds"))
    rest = _whole(doc, data, path, "rest_s", 0, MAX_REST_S)
    if technique is None:
        return None
    return RoutineItem(technique, DoseOverride(reps=reps, hold_s=hold, rest_s=rest))


def _technique_ref(
    doc: Document, value: object, path: FieldPath, techniques: Collection[str]
) -> str | None:
    if value is None and path[-1] == "technique" and not isinstance(value, str):
        return None  # a missing key is already reported
    if isinstance(value, str) and value in techniques:
        return value
    shown = f.describe(value)
    doc.add(
        path,
        _("{value} is not a known technique.").format(value=shown)
        + (f.closest(value, techniques) if isinstance(value, str) else "")
        + _(" Known techniques: {ids}.").format(ids=", ".join(sorted(techniques))),
    )
    return None


def _span(
    doc: Document, data: Mapping[str, object], path: FieldPath, key: str, high: int, unit: str
) -> Range | None:
    if key not in data:
        return None
    return f.span(doc, data[key], (*path, key), 1, high, unit)


def _whole(
    doc: Document, data: Mapping[str, object], path: FieldPath, key: str, low: int, high: int
) -> int | None:
    if key not in data:
        return None
    return f.whole(doc, data[key], (*path, key), low, high, _("seconds"))


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


# --- techniques -------------------------------------------------------------------------


class _Reader:
    """Reads the keys of one mapping; a bad or missing value gives an empty stand-in.

    The stand-ins never escape: an object is only returned when ``doc.problems`` is empty.
    """

    def __init__(self, doc: Document, data: Mapping[str, object], path: FieldPath) -> None:
        self.doc, self.data, self.path = doc, data, path

    def at(self, key: str) -> FieldPath:
        return (*self.path, key)

    def slug(self, key: str) -> str:
        return f.slug(self.doc, self.data[key], self.at(key)) or "" if key in self.data else ""

    def text(self, key: str, limit: int = f.MAX_TEXT) -> Text:
        if key not in self.data:
            return Text.of("")
        return f.text(self.doc, self.data[key], self.at(key), limit) or Text.of("")

    def texts(self, key: str) -> tuple[Text, ...]:
        if key not in self.data:
            return ()
        return f.texts(self.doc, self.data[key], self.at(key)) or ()

    def choice(self, key: str, choices: Collection[str], default: str = "") -> str:
        if key not in self.data:
            return default
        return f.word(self.doc, self.data[key], self.at(key), choices) or default

    def words(self, key: str, choices: Collection[str] | None = None) -> tuple[str, ...]:
        if key not in self.data:
            return ()
        return f.words(self.doc, self.data[key], self.at(key), choices) or ()

    def listed(self, key: str, what: str) -> list[object]:
        if key not in self.data:
            return []
        return f.items(self.doc, self.data[key], self.at(key), what) or []


def read_technique(doc: Document, illustrations: Collection[str]) -> Technique | None:
    """Check a parsed technique file; return it, or ``None`` with problems left in ``doc``."""
    if doc.fatal:
        return None
    data = f.mapping(doc, doc.value, (), TECHNIQUE_REQUIRED, TECHNIQUE_OPTIONAL)
    if data is None:
        return None
    r = _Reader(doc, data, ())
    technique = Technique(
        id=r.slug("id"),
        name=r.text("name", MAX_NAME),
        kind=Kind(r.choice("kind", [k.value for k in Kind], Kind.MASSAGE.value)),
        summary=r.text("summary"),
        position=r.choice("position", POSITIONS),
        equipment=r.words("equipment"),
        laterality=Laterality(r.choice("laterality", [v.value for v in Laterality], "none")),
        dose=_dose(doc, data.get("dose"), ("dose",)),
        steps=r.texts("steps"),
        pressure=r.text("pressure"),
        cautions=r.texts("cautions"),
        tags=frozenset(r.words("tags", TAGS)),
        evidence=r.text("evidence"),
        sources=tuple(
            _source(doc, raw, ("sources", i))
            for i, raw in enumerate(r.listed("sources", _("source")))
        ),
        illustration=_illustration(r, illustrations),
        variants=tuple(
            _variant(doc, raw, ("variants", i))
            for i, raw in enumerate(r.listed("variants", _("variant")))
        ),
        side_word=r.choice("side_word", SIDE_WORDS, "hip"),
    )
    return None if doc.problems else technique


def _dose(doc: Document, value: object, path: FieldPath) -> Dose:
    data = (
        f.mapping(doc, value, path, ("reps", "hold_s"), ("rest_s",)) if value is not None else None
    )
    if data is None:
        return Dose(Range(1, 1), Range(1, 1))
    return Dose(
        reps=_span(doc, data, path, "reps", MAX_REPS, _("repetitions")) or Range(1, 1),
        hold_s=_span(doc, data, path, "hold_s", MAX_HOLD_S, _("seconds")) or Range(1, 1),
        rest_s=_whole(doc, data, path, "rest_s", 0, MAX_REST_S) or 0,
    )


def _source(doc: Document, raw: object, path: FieldPath) -> Source:
    data = f.mapping(doc, raw, path, ("label", "ref"))
    if data is None:
        return Source("", "")
    r = _Reader(doc, data, path)
    return Source(label=r.text("label", MAX_NAME).en, ref=r.text("ref", 400).en)


def _variant(doc: Document, raw: object, path: FieldPath) -> Variant:
    data = f.mapping(doc, raw, path, ("id", "position", "steps", "note"), ("tags",))
    r = _Reader(doc, data or {}, path)
    return Variant(
        id=r.choice("id", VARIANTS),
        position=r.choice("position", POSITIONS),
        steps=r.texts("steps"),
        note=r.text("note"),
        tags=frozenset(r.words("tags", TAGS)),
    )


def _illustration(r: _Reader, illustrations: Collection[str]) -> str:
    name = r.data.get("illustration")
    if name is None:
        return ""
    if isinstance(name, str) and name in illustrations:
        return name
    r.doc.add(
        r.at("illustration"),
        _("{value} is not one of the drawings in illustrations/: {names}.").format(
            value=f.describe(name), names=", ".join(sorted(illustrations))
        ),
    )
    return ""


# --- causes and tips --------------------------------------------------------------------


def read_causes(doc: Document, techniques: Collection[str]) -> dict[str, Cause]:
    """Check ``causes.yaml``: a ``causes`` list of {id, name, description, emphasis, advice}."""
    causes: dict[str, Cause] = {}
    for path, data in _entries(doc, "causes", ("id", "name", "description", "emphasis", "advice")):
        r = _Reader(doc, data, path)
        refs = [
            _technique_ref(doc, ref, (*path, "emphasis", i), techniques)
            for i, ref in enumerate(r.listed("emphasis", _("technique")))
        ]
        cause = Cause(
            id=r.choice("id", CAUSES),
            name=r.text("name", MAX_NAME),
            description=r.text("description"),
            emphasis=tuple(ref for ref in refs if ref),
            advice=r.texts("advice"),
        )
        causes[cause.id] = cause
    return causes


def read_tips(doc: Document) -> dict[str, Tip]:
    """Check ``tips.yaml``: a ``tips`` list of {id, name, text, habit}."""
    tips: dict[str, Tip] = {}
    for path, data in _entries(doc, "tips", ("id", "name", "text", "habit")):
        r = _Reader(doc, data, path)
        tip = Tip(
            id=r.slug("id"),
            name=r.text("name", MAX_NAME),
            text=r.text("text"),
            habit=r.choice("habit", HABITS),
        )
        tips[tip.id] = tip
    return tips


def _entries(
    doc: Document, key: str, keys: tuple[str, ...]
) -> list[tuple[FieldPath, dict[str, object]]]:
    top = None if doc.fatal else f.mapping(doc, doc.value, (), (key,))
    if top is None or key not in top:
        return []
    found: list[tuple[FieldPath, dict[str, object]]] = []
    for i, raw in enumerate(f.items(doc, top[key], (key,), key.rstrip("s")) or []):
        data = f.mapping(doc, raw, (key, i), keys)
        if data is not None:
            found.append(((key, i), data))
    return found


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
        raise content_error(_("The built-in content"), problems, BUILTIN_HINT)
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
