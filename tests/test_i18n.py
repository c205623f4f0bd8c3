"""The language lives in each context: threads, runs and requests never share it."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from unknot import i18n
from unknot.i18n import _, ngettext

StubLocale = Callable[..., Path]


def test_stub_catalogue_translates_and_english_is_the_source(stub_locale: StubLocale) -> None:
    stub_locale("Today", ("{n} day", "{n} days"))
    with i18n.using("ko"):
        assert _("Today") == "(ko) Today"
        assert ngettext("{n} day", "{n} days", 2) == "(ko) {n} days"
        assert ngettext("{n} day", "{n} days", 1) == "(ko) {n} day"
        assert _("") == ""  # not the catalogue's header
    assert _("Today") == "Today"


def test_two_threads_speak_two_languages_at_once(stub_locale: StubLocale) -> None:
    stub_locale("Today", "Journal", languages=("en", "ko"))
    both_active = threading.Barrier(2)
    heard: dict[str, list[str]] = {}

    def speak(language: str) -> None:
        with i18n.using(language):
            both_active.wait()  # each thread translates only once the other has switched too
            heard[language] = [_("Today"), _("Journal"), i18n.current_language()]
            both_active.wait()

    threads = [threading.Thread(target=speak, args=(lang,)) for lang in ("en", "ko")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert heard == {
        "en": ["(en) Today", "(en) Journal", "en"],
        "ko": ["(ko) Today", "(ko) Journal", "ko"],
    }
    assert i18n.current_language() == "en" and _("Today") == "Today"  # this thread untouched


@pytest.mark.parametrize(
    ("candidates", "chosen"),
    [
        (("ko", "en", "en"), "ko"),  # --language first
        ((None, "ko", "en"), "ko"),  # then the profile
        ((None, "", "ko"), "ko"),  # then UNKNOT_LANGUAGE
        ((None, "", ""), "en"),  # then English
        (("fr", "ko", None), "ko"),  # a language unknot does not have is passed over
        (("en_GB.UTF-8", "ko"), "en_GB.UTF-8"),
    ],
)
def test_choose_language_precedence(candidates: tuple[str | None, ...], chosen: str) -> None:
    assert i18n.choose_language(*candidates) == chosen


@pytest.mark.parametrize(
    ("name", "country", "language", "locale"),
    [
        ("en", "GB", "en", "en_GB"),
        ("en-GB", "", "en", "en_GB"),
        ("en_GB.UTF-8", "KR", "en", "en_GB"),  # the language's own country wins
        ("ko", "", "ko", "ko"),
        ("fr_FR", "FR", "en", "en_FR"),  # not available: English, still for France
        ("", "", "en", "en"),
    ],
)
def test_formatting_locale_is_language_plus_country(
    name: str, country: str, language: str, locale: str
) -> None:
    with i18n.using(name, country):
        assert (i18n.current_language(), i18n.formatting_locale()) == (language, locale)
    assert i18n.formatting_locale() == "en"


NOTHING_TRANSLATED_ON_IMPORT = """
import gettext, importlib, pkgutil, sys
from unknot import i18n

heard = []

class Listening(gettext.NullTranslations):
    def gettext(self, message):
        heard.append(message)
        return message

    def ngettext(self, singular, plural, n):
        heard.append(singular)
        return singular

i18n._ACTIVE.set(i18n.Active("en", "", Listening()))
import unknot
names = [m.name for m in pkgutil.walk_packages(unknot.__path__, "unknot.")]
for name in names:
    if not name.startswith(("unknot.store.migrations", "unknot.__main__")):
        importlib.import_module(name)
assert len(names) > 100, names
sys.stdout.write("\\n".join(heard))
"""


@pytest.mark.slow  # imports every module (scipy, fastapi, matplotlib) in a fresh interpreter
def test_nothing_is_translated_at_import_time() -> None:
    done = subprocess.run(
        [sys.executable, "-c", NOTHING_TRANSLATED_ON_IMPORT], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "", done.stdout
