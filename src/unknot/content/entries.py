"""Readers for the built-in technique, cause and tip files.

Each reader checks one parsed :class:`~unknot.content.document.Document` and returns core
objects, or leaves its problems in the document. The file formats are those of the files in
``techniques/``, ``causes.yaml`` and ``tips.yaml``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TypeVar

from unknot.content import fields as f
from unknot.content.document import Document, FieldPath
from unknot.core.content import (
    POSITIONS,
    TAGS,
    Cause,
    Dose,
    Kind,
    Laterality,
    Range,
    Source,
    Technique,
    Tip,
    Variant,
)
from unknot.core.steptext import content_problem
from unknot.core.text import Text
from unknot.i18n import _

MAX_REPS = 30
MAX_HOLD_S = 600
MAX_REST_S = 300
MAX_NAME = 80

_T = TypeVar("_T")

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
# painful shoulder, light when deep pressure or a tool is ruled out (e.g. blood thinners),
# standing instead of kneeling (posterior hip replacement, painful knees), ball when no hand
# of a shoulder that does not hurt can do the pressing.
VARIANTS = ("back_lying", "light", "standing", "ball")
VARIANT_REQUIRED = ("id", "position", "steps", "note")
VARIANT_OPTIONAL = ("tags", "summary", "pressure", "cautions", "illustration")


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
            _variant(doc, raw, ("variants", i), illustrations)
            for i, raw in enumerate(r.listed("variants", _("variant")))
        ),
        side_word=r.choice("side_word", SIDE_WORDS, "hip"),
    )
    _check_compiled_sentences(doc, technique)
    return None if doc.problems else technique


def _check_compiled_sentences(doc: Document, technique: Technique) -> None:
    """Steps and summaries leave side changes, tools and firm pressure to the plan compiler."""
    found: list[tuple[FieldPath, Text, bool]] = [(("summary",), technique.summary, False)]
    found += [(("steps", i), step, False) for i, step in enumerate(technique.steps)]
    for v, variant in enumerate(technique.variants):
        tool = "massage_tool" in variant.tags
        found.append((("variants", v, "summary"), variant.summary, tool))
        found += [(("variants", v, "steps", i), step, tool) for i, step in enumerate(variant.steps)]
    for path, text, tool in found:
        what = content_problem(text.en, tool_variant=tool)
        if what:
            doc.add(
                path,
                _(
                    "this text mentions {what}; leave it out, because the plan adds the change "
                    "of side, the tool and the pressure to each step itself (see docs/routines.md)."
                ).format(what=what),
            )


def _dose(doc: Document, value: object, path: FieldPath) -> Dose:
    data = (
        f.mapping(doc, value, path, ("reps", "hold_s"), ("rest_s",)) if value is not None else None
    )
    if data is None:
        return Dose(Range(1, 1), Range(1, 1))
    return Dose(
        reps=f.span_at(doc, data, path, "reps", MAX_REPS, _("repetitions")) or Range(1, 1),
        hold_s=f.span_at(doc, data, path, "hold_s", MAX_HOLD_S, _("seconds")) or Range(1, 1),
        rest_s=f.whole_at(doc, data, path, "rest_s", 0, MAX_REST_S) or 0,
    )


def _source(doc: Document, raw: object, path: FieldPath) -> Source:
    data = f.mapping(doc, raw, path, ("label", "ref"))
    if data is None:
        return Source("", "")
    r = _Reader(doc, data, path)
    return Source(label=r.text("label", MAX_NAME).en, ref=r.text("ref", 400).en)


def _variant(
    doc: Document, raw: object, path: FieldPath, illustrations: Collection[str]
) -> Variant:
    data = f.mapping(doc, raw, path, VARIANT_REQUIRED, VARIANT_OPTIONAL)
    r = _Reader(doc, data or {}, path)
    return Variant(
        id=r.choice("id", VARIANTS),
        position=r.choice("position", POSITIONS),
        steps=r.texts("steps"),
        note=r.text("note"),
        tags=frozenset(r.words("tags", TAGS)),
        summary=r.text("summary"),
        pressure=r.text("pressure"),
        cautions=r.texts("cautions"),
        illustration=_illustration(r, illustrations),
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
            f.technique_ref(doc, ref, (*path, "emphasis", i), techniques)
            for i, ref in enumerate(r.listed("emphasis", _("technique")))
        ]
        cause = Cause(
            id=r.choice("id", CAUSES),
            name=r.text("name", MAX_NAME),
            description=r.text("description"),
            emphasis=tuple(ref for ref in refs if ref),
            advice=r.texts("advice"),
        )
        _keep(doc, causes, cause.id, cause, path)
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
        _keep(doc, tips, tip.id, tip, path)
    return tips


def _keep(doc: Document, found: dict[str, _T], key: str, value: _T, path: FieldPath) -> None:
    if key in found:
        doc.add((*path, "id"), _('the id "{id}" is used twice.').format(id=key))
    found[key] = value


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
