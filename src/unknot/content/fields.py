"""Typed readers for the values of a parsed :class:`~unknot.content.document.Document`.

Each reader checks one value, records a problem (with the bad value and the rule) when it is
wrong, and returns ``None`` so that checking goes on and every problem is found in one pass.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping

from unknot.content.document import Document, FieldPath
from unknot.core.content import Range
from unknot.core.text import Text
from unknot.i18n import _

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
WORD = re.compile(r"^[a-z][a-z0-9_]*$")
LOCALE = re.compile(r"^[a-z]{2}$")
MAX_ID = 40
MAX_TEXT = 2000


def describe(value: object) -> str:
    """How a bad value is shown in a message: ``-30``, ``"ten" (text)``, ``a list`` …"""
    if value is None:
        return _("an empty value")
    if isinstance(value, bool):
        return _("{value} (yes/no)").format(value=str(value).lower())
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return _('"{value}" (text)').format(value=shown)
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping")
    return _("a {kind}").format(kind=type(value).__name__)


def closest(word: str, choices: Collection[str]) -> str:
    """`` Did you mean "x"?`` for the nearest choice, or an empty string."""
    match = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return _(' Did you mean "{choice}"?').format(choice=match[0]) if match else ""


def mapping(
    doc: Document,
    value: object,
    path: FieldPath,
    required: Collection[str],
    optional: Collection[str] = (),
) -> dict[str, object] | None:
    """Check that ``value`` is a mapping with the required keys and no unknown ones."""
    if not isinstance(value, dict):
        doc.add(
            path,
            _("{value} is not a mapping; write it as key: value lines using {keys}.").format(
                value=describe(value), keys=", ".join([*required, *optional])
            ),
        )
        return None
    allowed = [*required, *optional]
    for key in value:
        if key not in allowed:
            doc.add(
                (*path, key),
                _("unknown key; the allowed keys are {keys}.").format(keys=", ".join(allowed))
                + closest(key, allowed),
            )
    for key in required:
        if key not in value:
            doc.add((*path, key), _("this key is missing; it is required here."))
    return value


def whole(
    doc: Document, value: object, path: FieldPath, low: int, high: int, unit: str
) -> int | None:
    """A whole number from ``low`` to ``high``; ``unit`` names it in the message."""
    rule = _("it must be a whole number of {unit} from {low} to {high}.").format(
        unit=unit, low=low, high=high
    )
    if isinstance(value, bool) or not isinstance(value, int):
        doc.add(
            path,
            _("{value} is not a whole number; {rule}").format(value=describe(value), rule=rule),
        )
        return None
    if not low <= value <= high:
        doc.add(path, _("{value} is out of range; {rule}").format(value=value, rule=rule))
        return None
    return value


def span(
    doc: Document, value: object, path: FieldPath, low: int, high: int, unit: str
) -> Range | None:
    """A whole number or a ``[low, high]`` pair, both within ``low``..``high``."""
    if not isinstance(value, list):
        single = whole(doc, value, path, low, high, unit)
        return None if single is None else Range(single, single)
    if len(value) != 2:
        doc.add(
            path,
            _("a list of {count} values; write one number or a pair [low, high].").format(
                count=len(value)
            ),
        )
        return None
    ends = [whole(doc, end, (*path, i), low, high, unit) for i, end in enumerate(value)]
    if ends[0] is None or ends[1] is None:
        return None
    if ends[0] > ends[1]:
        doc.add(
            path,
            _("[{a}, {b}] has its low end above its high end; write [{b}, {a}].").format(
                a=ends[0], b=ends[1]
            ),
        )
        return None
    return Range(ends[0], ends[1])


def slug(doc: Document, value: object, path: FieldPath) -> str | None:
    """An id: lower-case letters and digits joined by single hyphens, at most 40 long."""
    if isinstance(value, str) and SLUG.match(value) and len(value) <= MAX_ID:
        return value
    example = re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")[:MAX_ID] or "my-routine"
    doc.add(
        path,
        _(
            "{value} is not a valid id; use lower-case letters, digits and single hyphens "
            '(at most {limit} characters), for example "{example}".'
        ).format(value=describe(value), limit=MAX_ID, example=example),
    )
    return None


def word(doc: Document, value: object, path: FieldPath, choices: Collection[str]) -> str | None:
    """One of a fixed set of names."""
    if isinstance(value, str) and value in choices:
        return value
    hint = closest(value, choices) if isinstance(value, str) else ""
    doc.add(
        path,
        _("{value} is not one of {choices}.").format(
            value=describe(value), choices=", ".join(sorted(choices))
        )
        + hint,
    )
    return None


def words(
    doc: Document, value: object, path: FieldPath, choices: Collection[str] | None = None
) -> tuple[str, ...] | None:
    """A list of names; from ``choices`` when given, otherwise snake_case words."""
    if not isinstance(value, list):
        doc.add(path, _("{value} is not a list of names.").format(value=describe(value)))
        return None
    found: list[str] = []
    for i, item in enumerate(value):
        name = (
            word(doc, item, (*path, i), choices)
            if choices is not None
            else _word(doc, item, (*path, i))
        )
        if name is not None:
            found.append(name)
    return tuple(found) if len(found) == len(value) else None


def _word(doc: Document, value: object, path: FieldPath) -> str | None:
    if isinstance(value, str) and WORD.match(value):
        return value
    doc.add(
        path,
        _("{value} is not a name; use lower-case letters, digits and underscores.").format(
            value=describe(value)
        ),
    )
    return None


def text(doc: Document, value: object, path: FieldPath, limit: int = MAX_TEXT) -> Text | None:
    """Plain English text, or a mapping of language codes to text with ``en`` present."""
    if isinstance(value, str):
        return Text.of(value) if _fits(doc, value, path, limit) else None
    if not isinstance(value, dict) or not value:
        doc.add(
            path,
            _(
                "{value} is not text; write a sentence, or a mapping like {{en: ..., ko: ...}}."
            ).format(value=describe(value)),
        )
        return None
    ok = all(_locale_entry(doc, key, item, (*path, key), limit) for key, item in value.items())
    if "en" not in value:
        doc.add(path, _("the English text (en) is missing; every text needs it."))
        return None
    return Text.of({str(k): str(v) for k, v in value.items()}) if ok else None


def _locale_entry(doc: Document, key: str, value: object, path: FieldPath, limit: int) -> bool:
    if not LOCALE.match(key):
        doc.add(
            path,
            _('"{key}" is not a language code; use two letters such as en or ko.').format(key=key),
        )
        return False
    if not isinstance(value, str):
        doc.add(path, _("{value} is not text.").format(value=describe(value)))
        return False
    return _fits(doc, value, path, limit)


def _fits(doc: Document, value: str, path: FieldPath, limit: int) -> bool:
    if not value.strip():
        doc.add(path, _("the text is blank; write something or leave the key out."))
        return False
    if len(value) > limit:
        doc.add(
            path,
            _("the text is {size} characters long; at most {limit} are allowed.").format(
                size=len(value), limit=limit
            ),
        )
        return False
    return True


def texts(doc: Document, value: object, path: FieldPath) -> tuple[Text, ...] | None:
    """A non-empty list of texts."""
    entries = items(doc, value, path, _("text"))
    if entries is None:
        return None
    found = [text(doc, item, (*path, i)) for i, item in enumerate(entries)]
    kept = [item for item in found if item is not None]
    return tuple(kept) if len(kept) == len(found) else None


def items(doc: Document, value: object, path: FieldPath, what: str) -> list[object] | None:
    """A non-empty list; ``what`` names one entry in the message."""
    if not isinstance(value, list):
        doc.add(
            path,
            _("{value} is not a list; write one {what} per line, each starting with '- '.").format(
                value=describe(value), what=what
            ),
        )
        return None
    if not value:
        doc.add(path, _("the list is empty; it needs at least one {what}.").format(what=what))
        return None
    return value


def technique_ref(
    doc: Document, value: object, path: FieldPath, techniques: Collection[str]
) -> str | None:
    """A known technique id, or a problem naming the closest id and all known ones."""
    if isinstance(value, str) and value in techniques:
        return value
    shown = describe(value)
    doc.add(
        path,
        _("{value} is not a known technique.").format(value=shown)
        + (closest(value, techniques) if isinstance(value, str) else "")
        + _(" Known techniques: {ids}.").format(ids=", ".join(sorted(techniques))),
    )
    return None


def span_at(
    doc: Document, data: Mapping[str, object], path: FieldPath, key: str, high: int, unit: str
) -> Range | None:
    """The range under ``key`` of ``data`` (from 1 to ``high``), or ``None`` when absent."""
    if key not in data:
        return None
    return span(doc, data[key], (*path, key), 1, high, unit)


def whole_at(
    doc: Document, data: Mapping[str, object], path: FieldPath, key: str, low: int, high: int
) -> int | None:
    """Whole seconds under ``key`` of ``data``, or ``None`` when absent."""
    if key not in data:
        return None
    return whole(doc, data[key], (*path, key), low, high, _("seconds"))
