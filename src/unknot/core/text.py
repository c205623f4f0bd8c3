"""Content text kept per locale (``{"en": "...", "ko": "..."}``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from unknot.i18n import pick


@dataclass(frozen=True)
class Text:
    """A piece of content text in one or more languages; English is always present."""

    by_locale: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, value: str | Mapping[str, str]) -> Text:
        if isinstance(value, str):
            return cls((("en", value),))
        return cls(tuple(sorted(value.items())))

    @property
    def en(self) -> str:
        return dict(self.by_locale).get("en", "")

    def __str__(self) -> str:
        return pick(dict(self.by_locale))

    def as_dict(self) -> dict[str, str]:
        return dict(self.by_locale)
