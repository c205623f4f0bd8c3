"""Country records: the right numbers per code, the fallback, tel: links, filled texts."""

from __future__ import annotations

from datetime import date

import pytest

from unknot.content.countries_loader import load_countries
from unknot.core.countries import (
    FALLBACK_CODE,
    GENERIC_IN_PERSON,
    LAST_RESORT,
    CountryNumbers,
    fill_numbers,
    numbers_for,
    tel_href,
)
from unknot.core.text import Text

COUNTRIES = load_countries()
GENERIC = GENERIC_IN_PERSON.en

# code -> (emergency, same-day number, words in the same-day advice, in-person words)
TABLE = [
    ("GB", "999", "111", "NHS 111", "an urgent treatment centre, a minor injuries unit or A&E"),
    ("JP", "119", "#7119", "if your area has one", GENERIC),
    ("NZ", "111", "0800 611 116", "Healthline", GENERIC),
    ("NO", "113", "116 117", "legevakt", GENERIC),
    ("DE", "112", "116 117", "Bereitschaftsdienst", GENERIC),
    ("SE", "112", "1177", "Vårdguiden", GENERIC),
    ("CH", "144", None, "canton", GENERIC),
    ("DK", "112", None, "Capital Region 1813", GENERIC),
    ("FR", "15", "116 117", "otherwise call 15", GENERIC),
    ("IE", "112", None, "out-of-hours", GENERIC),
    ("AU", "000", "1800 022 222", "13 HEALTH", GENERIC),
    ("KR", "119", "119", "local clinic", GENERIC),
    ("CA", "911", "811", "811", GENERIC),
    ("US", "911", None, "urgent care clinic", "an urgent care clinic or an emergency room"),
    ("AT", "112", None, "out-of-hours doctor", GENERIC),  # an EU member without its own row
    ("BR", "112", None, "local doctor", GENERIC),  # a real country without a row: fallback
    ("UK", "999", "111", "NHS 111", "an urgent treatment centre, a minor injuries unit or A&E"),
    ("jp", "119", "#7119", "#7119", GENERIC),
    (" no ", "113", "116 117", "116 117", GENERIC),
]


@pytest.mark.parametrize(("code", "emergency", "same_day", "words", "in_person"), TABLE)
def test_codes_give_the_numbers_of_section_8(
    code: str, emergency: str, same_day: str | None, words: str, in_person: str
) -> None:
    numbers = numbers_for(COUNTRIES, code)
    assert numbers.emergency == emergency
    assert numbers.same_day_number == same_day
    assert words in numbers.same_day.en
    assert numbers.in_person.en == in_person


@pytest.mark.parametrize(
    ("code", "name", "record"),
    [
        ("UK", "United Kingdom", "GB"),
        ("EL", "Greece", "GR"),
        ("AT", "Austria", "AT"),
        ("BR", "your country", FALLBACK_CODE),
        ("XX", "your country", FALLBACK_CODE),
        ("", "your country", FALLBACK_CODE),
        (None, "your country", FALLBACK_CODE),
    ],
)
def test_aliases_eu_members_and_unlisted_codes(code: str | None, name: str, record: str) -> None:
    numbers = numbers_for(COUNTRIES, code)
    assert (numbers.code, numbers.name.en) == (record, name)


def test_the_fallback_says_to_call_the_local_emergency_number() -> None:
    fallback = numbers_for(COUNTRIES, "BR")
    assert fallback.is_fallback and fallback.emergency == "112"
    assert "local emergency number" in fallback.note.en


def test_the_not_verified_caveats_of_section_8_are_kept() -> None:
    assert "not yet checked" in COUNTRIES["AU"].same_day.en
    assert "1800MEDICARE" in COUNTRIES["AU"].same_day.en
    assert "Queensland" in COUNTRIES["AU"].same_day.en
    assert "if your area has one (not every area does" in COUNTRIES["JP"].same_day.en
    assert "112 is the police" in COUNTRIES["NO"].emergency_words.en


def test_no_row_claims_a_check_nobody_made() -> None:
    # Nobody has read the national services' own pages yet (clinical-facts §8).
    assert {code: n.checked for code, n in COUNTRIES.items() if n.checked} == {}


def test_every_record_has_words_for_each_number() -> None:
    for code, numbers in COUNTRIES.items():
        assert numbers.emergency_words.en.startswith(numbers.emergency), code
        assert numbers.in_person.en, code
        if numbers.same_day_number:
            assert numbers.same_day_number in numbers.same_day.en, code


@pytest.mark.parametrize(
    ("number", "href"),
    [
        ("999", "tel:999"),
        ("116 117", "tel:116117"),
        ("#7119", "tel:%237119"),
        ("0800 611 116", "tel:0800611116"),
        ("+44 20 7946 0000", "tel:+442079460000"),
        ("70-11-31-31", "tel:70113131"),
        ("your own doctor", None),
        ("", None),
        (None, None),
        ("1+1", None),
        ("#", None),
    ],
)
def test_tel_href(number: str | None, href: str | None) -> None:
    assert tel_href(number) == href


def test_records_give_tel_links_for_their_numbers() -> None:
    assert COUNTRIES["GB"].emergency_tel == "tel:999"
    assert COUNTRIES["GB"].same_day_tel == "tel:111"
    assert COUNTRIES["DE"].same_day_tel == "tel:116117"
    assert COUNTRIES["JP"].same_day_tel == "tel:%237119"
    assert COUNTRIES["US"].same_day_tel is None
    assert numbers_for(COUNTRIES, "BR").emergency_tel == "tel:112"


def test_as_dict_carries_every_field_for_the_pages() -> None:
    data = COUNTRIES["NO"].as_dict()
    assert data == {
        "code": "NO",
        "name": "Norway",
        "emergency": "113",
        "emergency_words": "113 (medical emergencies; 112 is the police)",
        "emergency_tel": "tel:113",
        "same_day": "the out-of-hours doctor (legevakt) on 116 117",
        "same_day_number": "116 117",
        "same_day_tel": "tel:116117",
        "in_person": GENERIC,
        "note": "In Norway, 113 is the number for a medical emergency; 112 is the police.",
        "checked": None,
    }
    checked = CountryNumbers(
        "XX", Text.of("X"), "1", Text.of("1"), Text.of(""), checked=date(2026, 1, 2)
    )
    assert checked.as_dict()["checked"] == "2026-01-02"


def test_numbers_for_never_fails_without_data() -> None:
    assert numbers_for({}, "GB") is LAST_RESORT
    assert LAST_RESORT.emergency == "112" and LAST_RESORT.emergency_tel == "tel:112"


def test_fill_numbers_fills_all_three_placeholders() -> None:
    text = "Call {emergency}; ask {same_day}; or go to {in_person} today."
    assert fill_numbers(text, COUNTRIES["GB"]) == (
        "Call 999; ask NHS 111 (call 111 or go to 111.nhs.uk); or go to an urgent treatment "
        "centre, a minor injuries unit or A&E today."
    )
    assert fill_numbers(text, numbers_for(COUNTRIES, "JP")).startswith("Call 119;")
