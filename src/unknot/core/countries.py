"""Emergency, same-day and in-person help by country (clinical-facts §8).

Each country is one :class:`CountryNumbers` record; the data is ``content/countries.yaml``
(read by :mod:`unknot.content.countries_loader`). Texts with ``{emergency}``, ``{same_day}``
and ``{in_person}`` are filled by :func:`fill_numbers`.

Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from unknot.core.text import Text

# ISO 3166 "unknown or unspecified" user-assigned code, the key of the §8 fallback.
FALLBACK_CODE = "ZZ"

PLACEHOLDERS = frozenset({"emergency", "same_day", "in_person"})

# Where to be seen in person today when a country has no words of its own (issue 12).
GENERIC_IN_PERSON = Text.of("an emergency department or urgent care clinic")

_NO_WORDS = Text.of("")
_DIALABLE = re.compile(r"^\+?[0-9#*]+$")


def tel_href(number: str | None) -> str | None:
    """A ``tel:`` link for a phone number, or None when it is not one.

    Spaces, dashes, dots and brackets are dropped; ``#`` is written ``%23`` (a bare ``#``
    would start a URL fragment). ``"116 117"`` gives ``"tel:116117"``, ``"#7119"`` gives
    ``"tel:%237119"``; words ("your own doctor") give None.
    """
    if not number:
        return None
    dial = re.sub(r"[\s\-.()]", "", number)
    if not _DIALABLE.match(dial) or not any(c.isdigit() for c in dial):
        return None
    return "tel:" + dial.replace("#", "%23")


@dataclass(frozen=True)
class CountryNumbers:
    """One country's help: the emergency number, same-day advice and where to be seen today.

    ``same_day`` is the words (what ``{same_day}`` becomes: "NHS 111 (call 111 or go to
    111.nhs.uk)"); ``same_day_number`` the number alone when there is one ("111", "116 117",
    "#7119"), else None. ``checked`` is the date someone read the national service's own page
    for this row, None while nobody has.
    """

    code: str
    name: Text
    emergency: str
    same_day: Text
    note: Text
    emergency_words: Text = _NO_WORDS
    same_day_number: str | None = None
    in_person: Text = GENERIC_IN_PERSON
    checked: date | None = None

    @property
    def emergency_tel(self) -> str | None:
        """``tel:`` link for the emergency number ("tel:999")."""
        return tel_href(self.emergency)

    @property
    def same_day_tel(self) -> str | None:
        """``tel:`` link for the same-day number, None when the advice has no single number."""
        return tel_href(self.same_day_number)

    @property
    def is_fallback(self) -> bool:
        return self.code == FALLBACK_CODE

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON and the web pages (words in the current language)."""
        return {
            "code": self.code,
            "name": str(self.name),
            "emergency": self.emergency,
            "emergency_words": str(self.emergency_words) or self.emergency,
            "emergency_tel": self.emergency_tel,
            "same_day": str(self.same_day),
            "same_day_number": self.same_day_number,
            "same_day_tel": self.same_day_tel,
            "in_person": str(self.in_person),
            "note": str(self.note),
            "checked": self.checked.isoformat() if self.checked else None,
        }


# Last resort if the data has no fallback entry: an emergency screen must never fail.
LAST_RESORT = CountryNumbers(
    code=FALLBACK_CODE,
    name=Text.of("your country"),
    emergency="112",
    same_day=Text.of("a local doctor or urgent care service"),
    note=Text.of("112 works in many countries; if it does not, call your local emergency number."),
    emergency_words=Text.of("112, or your local emergency number"),
)


def numbers_for(countries: Mapping[str, CountryNumbers], code: str | None) -> CountryNumbers:
    """The numbers for an ISO 3166 country code; unknown or missing -> the 112 fallback (§8).

    ``countries`` holds every listed code, alias (UK, EL) and EU member; any other code,
    a stored code that is no longer known, or no code at all gives the fallback.
    """
    key = (code or "").strip().upper()
    if key and key in countries:
        return countries[key]
    return countries.get(FALLBACK_CODE, LAST_RESORT)


def fill_numbers(template: str, numbers: CountryNumbers) -> str:
    """Put the country's help into a text with ``{emergency}``, ``{same_day}``, ``{in_person}``."""
    return (
        template.replace("{emergency}", numbers.emergency)
        .replace("{same_day}", str(numbers.same_day))
        .replace("{in_person}", str(numbers.in_person))
    )
