"""The one translation function for user-facing text.

Every string a person reads goes through :func:`_` (or :func:`ngettext`). Catalogues are GNU
gettext ``.mo`` files under ``unknot/locale/<lang>/LC_MESSAGES/unknot.mo``; English is the
source language, so a missing catalogue falls back to the text as written.
"""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "unknot"
LOCALE_DIR = Path(__file__).parent / "locale"
SUPPORTED = ("en", "ko")

_current: gettext.NullTranslations = gettext.NullTranslations()
_current_lang = "en"


def set_language(lang: str) -> None:
    """Switch the active catalogue; unknown languages fall back to English."""
    global _current, _current_lang
    code = lang.split("_")[0].split("-")[0].lower() if lang else "en"
    _current = gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)
    _current_lang = code if code in SUPPORTED else "en"


def current_language() -> str:
    return _current_lang


def _(message: str) -> str:
    """Translate ``message`` into the active language."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def pick(texts: dict[str, str]) -> str:
    """Choose the text for the active language from content data kept per locale."""
    return texts.get(_current_lang) or texts.get("en") or next(iter(texts.values()), "")
