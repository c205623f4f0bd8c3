"""JSON read strictly: a key given twice in one object, or nesting deeper than any unknot
document, is refused with a clear message instead of being guessed at (or, for deep nesting,
crashing the parser). Used by the API's guard and by ``unknot import``."""

from __future__ import annotations

import json
from typing import Any

from unknot.i18n import _

MAX_DEPTH = 32  # a backup nests about 9 levels (document, table, row, plan, step, cue …)


class JsonShapeError(ValueError):
    def __init__(self, code: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    made = dict(pairs)
    if len(made) == len(pairs):  # the common case, cheap: a backup has millions of objects
        return made
    seen: set[str] = set()
    for key, _value in pairs:
        if key in seen:
            raise JsonShapeError(
                "duplicate_key",
                _('The JSON gives "{key}" twice in one object; nothing was changed.').format(
                    key=key
                ),
                _("Give each name once, with the value you mean."),
            )
        seen.add(key)
    return made


def _too_deep() -> JsonShapeError:
    return JsonShapeError(
        "too_deep",
        _("The JSON is nested more than {n} levels deep; nothing was changed.").format(n=MAX_DEPTH),
        _("Send only the fields unknot describes; no unknot document nests that deep."),
    )


def depth(value: Any) -> int:
    """How deeply lists and objects nest in ``value`` (0 for a plain value), without recursion;
    counting stops just past MAX_DEPTH."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            level += 1
            deepest = max(deepest, level)
            if level > MAX_DEPTH:
                return level
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level) for child in children)
    return deepest


def loads(text: str | bytes, *, walk: bool = True) -> Any:
    """The JSON value; JsonShapeError for a duplicate key or deep nesting, and
    json.JSONDecodeError (a ValueError) when the text is not JSON at all.

    ``walk=False`` skips counting the depth of every value (a large backup is checked field by
    field anyway); nesting past the parser's own limit is still refused."""
    try:
        value = json.loads(text, object_pairs_hook=_refuse_duplicates)
    except RecursionError:
        raise _too_deep() from None
    if walk and depth(value) > MAX_DEPTH:
        raise _too_deep()
    return value
