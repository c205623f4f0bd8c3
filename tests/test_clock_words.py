"""Times follow the person's locale (issue 13: the formatting locale is the language plus the
country); the date keeps the one form read the same way everywhere."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from unknot import i18n

AFTERNOON = datetime(2026, 12, 2, 14, 30)


@pytest.mark.parametrize(
    ("language", "country", "shown"),
    [
        ("en", "GB", "14:30"),
        ("en", "IE", "14:30"),
        ("en", "US", "2:30\u00a0PM"),
        ("en", "AU", "2:30\u00a0pm"),
        ("ko", "KR", "오후 2:30"),
        ("en", "", "14:30"),  # no country: the 24-hour time unknot always showed
        ("en", "KR", "14:30"),  # a pairing CLDR does not know: the same
    ],
)
def test_a_time_of_day_as_written_where_the_person_lives(
    language: str, country: str, shown: str
) -> None:
    with i18n.using(language, country):
        assert i18n.time_of_day(AFTERNOON) == shown
        assert i18n.time_of_day(time(14, 30)) == shown
        assert i18n.date_and_time(AFTERNOON) == f"2026-12-02 {shown}"


def test_no_narrow_space_that_a_font_may_lack() -> None:
    with i18n.using("en", "US"):
        assert "\u202f" not in i18n.time_of_day(AFTERNOON)


def test_each_context_formats_for_its_own_country() -> None:
    with i18n.using("en", "US"):
        with i18n.using("en", "GB"):
            assert i18n.time_of_day(AFTERNOON) == "14:30"
        assert i18n.time_of_day(AFTERNOON).endswith("PM")
