"""The one translation function for user-facing text, and the language each context uses.

Every string a person reads goes through :func:`_` (or :func:`ngettext`). Catalogues are GNU
gettext ``.mo`` files under ``unknot/locale/<lang>/LC_MESSAGES/unknot.mo``; English is the
source language, so a missing catalogue falls back to the text as written.

The active language lives in a :class:`contextvars.ContextVar`, not in a module global: each
thread, task and web request sees the language set for it (:func:`activate`, :func:`using`),
and two people served at once in two languages never see each other's. Nothing is translated
at import time: text that must be written down before it is shown (command help, tables of
labels) is marked with :func:`N_` and translated where it is shown.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass
from datetime import datetime, time
from functools import lru_cache
from pathlib import Path

DOMAIN = "unknot"
LOCALE_DIR = Path(__file__).parent / "locale"
SUPPORTED = ("en", "ko")
NAMES = {"en": "English", "ko": "한국어"}  # each language in its own words, never translated
ENGLISH = "en"


@dataclass(frozen=True)
class Active:
    """The language a context speaks, the country it formats for, and the catalogue."""

    language: str
    country: str
    catalogue: gettext.NullTranslations


_SOURCE = Active(ENGLISH, "", gettext.NullTranslations())  # what a fresh context speaks
_ACTIVE: ContextVar[Active] = ContextVar("unknot_language")


def _active() -> Active:
    return _ACTIVE.get(_SOURCE)


def split_locale(name: str) -> tuple[str, str]:
    """``"en-GB"``, ``"en_GB.UTF-8"`` -> ``("en", "GB")``; ``"ko"`` -> ``("ko", "")``."""
    base = name.strip().split(".")[0].split("@")[0].replace("-", "_")
    parts = base.split("_")
    country = parts[1].upper() if len(parts) > 1 and len(parts[1]) == 2 else ""
    return parts[0].lower(), country if country.isalpha() else ""


def is_supported(name: str | None) -> bool:
    return bool(name) and split_locale(name or "")[0] in SUPPORTED


def choose_language(*candidates: str | None) -> str:
    """The first candidate unknot speaks, in order of precedence; English when none is.

    The CLI passes ``--language``, the profile's language, then ``UNKNOT_LANGUAGE``.
    """
    return next((c for c in candidates if c and is_supported(c)), ENGLISH)


@lru_cache(maxsize=32)
def _catalogue(language: str, folder: Path) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, folder, languages=[language], fallback=True)


def activate(name: str, country: str = "") -> Token[Active]:
    """Speak ``name`` (``"ko"``, ``"en_GB"``) in this context from now on; unknown -> English.

    ``country`` is the person's country, used for formatting when ``name`` carries none.
    Returns the token that :func:`deactivate` takes to restore what was active before.
    """
    language, own_country = split_locale(name or ENGLISH)
    if language not in SUPPORTED:
        language, own_country = ENGLISH, ""
    chosen_country = own_country or country.strip().upper()
    return _ACTIVE.set(Active(language, chosen_country, _catalogue(language, LOCALE_DIR)))


def deactivate(token: Token[Active]) -> None:
    _ACTIVE.reset(token)


@contextmanager
def using(name: str, country: str = "") -> Iterator[None]:
    """Speak ``name`` inside the block only."""
    token = activate(name, country)
    try:
        yield
    finally:
        deactivate(token)


def current_language() -> str:
    return _active().language


def formatting_locale() -> str:
    """The language plus the country, for dates, times and numbers: ``"en_GB"``, or ``"en"``."""
    active = _active()
    return f"{active.language}_{active.country}" if active.country else active.language


def time_of_day(moment: datetime | time) -> str:
    """A clock time as people write it where the person lives: ``14:30`` for en-GB, ``2:30 PM``
    for en-US, ``오후 2:30`` for Korean in Korea.

    Without a country (or for a pairing CLDR does not know, such as English in Korea) the time
    is the 24-hour ``14:30`` that unknot has always shown: unambiguous everywhere.
    """
    shown = moment.time() if isinstance(moment, datetime) else moment
    locale = _clock_locale(formatting_locale())
    if locale is None:
        return f"{shown:%H:%M}"
    from babel.dates import format_time  # only when a time is shown: quick commands skip it

    # CLDR puts a narrow no-break space before "PM"; the plain no-break space is in every font.
    return format_time(shown, "short", locale=locale).replace("\u202f", "\u00a0")


def date_and_time(moment: datetime) -> str:
    """``2026-12-02 14:30`` (or ``2026-12-02 2:30 PM``): the date stays in the one form read the
    same way everywhere; the time follows the locale (:func:`time_of_day`)."""
    return f"{moment:%Y-%m-%d} {time_of_day(moment)}"


def clock_locale() -> str:
    """The locale :func:`time_of_day` writes times in, as a browser names it (``en-GB``), or
    ``""`` for the 24-hour ``14:30`` (so the player's times agree with the server's)."""
    found = _clock_locale(formatting_locale())
    return found.replace("_", "-") if found else ""


@lru_cache(maxsize=16)
def _clock_locale(name: str) -> str | None:
    if "_" not in name:
        return None
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        return None
    return name


def _(message: str) -> str:
    """Translate ``message`` into the active language."""
    if not message:  # gettext("") is the catalogue's header, not a translation
        return message
    return _active().catalogue.gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for translation where it is shown, not where it is written."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active().catalogue.ngettext(singular, plural, n)


def pick(texts: dict[str, str]) -> str:
    """Choose the text for the active language from content data kept per locale."""
    language = current_language()
    return texts.get(language) or texts.get(ENGLISH) or next(iter(texts.values()), "")
