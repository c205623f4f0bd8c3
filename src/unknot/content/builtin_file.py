"""Reading one of unknot's built-in data files, collecting every problem before failing.

Shared by the safety loader (screening, stop rules) and the countries loader: a broken
built-in file is refused with one ``ContentError`` that lists all its problems.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from unknot.core.content import Source
from unknot.core.countries import PLACEHOLDERS
from unknot.core.text import Text
from unknot.errors import ContentError, Problem

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class Check:
    """Collects problems while reading one file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.absent: set[str] = set()  # missing sections: already reported once

    def fail(self, field: str, message: str) -> None:
        if any(field == a or field.startswith((a + ".", a + "[")) for a in self.absent):
            return
        self.problems.append(Problem(message, location=self.path.name, field=field))

    def mapping(self, value: Any, field: str) -> dict[str, Any]:
        if isinstance(value, dict):
            return value
        if value is None:
            self.absent.add(field)  # reported as missing by its parent's keys()
        else:
            self.fail(field, f"must be a mapping, got {type(value).__name__}")
        return {}

    def keys(
        self,
        data: Mapping[str, Any],
        field: str,
        required: set[str],
        optional: Iterable[str] = (),
    ) -> None:
        for key in sorted(required - set(data)):
            self.fail(f"{field}.{key}" if field else key, "is missing")
        for key in sorted(set(data) - required - set(optional)):
            self.fail(f"{field}.{key}" if field else key, "is not a known field")

    def string(self, value: Any, field: str) -> str:
        if isinstance(value, str) and value.strip():
            return value.strip()
        self.fail(field, f"must be a non-empty string, got {value!r}")
        return ""

    def text(self, value: Any, field: str, allow_empty: bool = False) -> Text:
        by_locale = {"en": value} if isinstance(value, str) else value
        if not isinstance(by_locale, dict) or not isinstance(by_locale.get("en"), str):
            self.fail(field, "must be a string or a mapping of locales with an 'en' entry")
            return Text.of("")
        for locale, words in by_locale.items():
            if not isinstance(words, str) or (not words.strip() and not allow_empty):
                self.fail(f"{field}.{locale}", "must be a non-empty string")
                continue
            bad = sorted(set(_PLACEHOLDER.findall(words)) - PLACEHOLDERS)
            if bad:
                self.fail(
                    f"{field}.{locale}",
                    f"unknown placeholder(s) {bad}; use "
                    + " or ".join("{" + p + "}" for p in sorted(PLACEHOLDERS)),
                )
        return Text.of({k: str(v).strip() for k, v in by_locale.items()})

    def sources(
        self, value: Any, field: str, table: Mapping[str, Source], need_url: bool = True
    ) -> tuple[Source, ...]:
        if not isinstance(value, list) or not value:
            self.fail(field, "must be a non-empty list of source keys")
            return ()
        found = []
        for key in value:
            if key not in table:
                self.fail(field, f"unknown source {key!r}; add it to the sources table")
            else:
                found.append(table[key])
        if need_url and found and not any(is_url(s.ref) for s in found):
            self.fail(field, "needs at least one source with a web address")
        return tuple(found)

    def raise_if_any(self, what: str) -> None:
        if self.problems:
            raise ContentError(
                f"The built-in {what} file {self.path.name} is not valid "
                f"({len(self.problems)} problem(s)): "
                + "; ".join(p.render() for p in self.problems),
                hint="This is a bug in unknot's built-in data; please report it.",
                problems=list(self.problems),
            )


def is_url(ref: str) -> bool:
    return ref.startswith(("https://", "http://"))


def is_title(ref: str) -> bool:
    """A publisher and title without an address: several words, nothing like a host name."""
    return " " in ref and not re.search(r"://|www\.|\.(com|org|net|uk|io)\b", ref)


def read_builtin(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ContentError(
            f"The built-in file {path.name} cannot be read: {exc}",
            hint="Reinstall unknot; if that does not help, please report it.",
        ) from exc
    if not isinstance(data, dict):
        raise ContentError(
            f"The built-in file {path.name} must hold a mapping at the top level.",
            hint="This is a bug in unknot's built-in data; please report it.",
        )
    return data
