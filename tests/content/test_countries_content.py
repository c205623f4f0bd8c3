"""countries.yaml has every row of clinical-facts §8; it and the ISO list fail loudly if broken."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from unknot.content.countries_loader import (
    COUNTRIES_FILE,
    ISO_FILE,
    load_aliases,
    load_countries,
    load_iso_names,
)
from unknot.core.countries import FALLBACK_CODE, numbers_for
from unknot.errors import ContentError

COUNTRIES = load_countries()
ISO = load_iso_names()
# One record per row of clinical-facts §8 ("European Union" is EU), and the fallback.
SECTION_8 = {"GB", "EU", "US", "CA", "AU", "KR", "JP", "NZ", "NO", "CH", "DE", "SE", "DK"}
SECTION_8 |= {"FR", "IE", FALLBACK_CODE}


def rows() -> dict[str, Any]:
    data = yaml.safe_load(COUNTRIES_FILE.read_text(encoding="utf-8"))
    return data["countries"]  # type: ignore[no-any-return]


def test_every_row_of_section_8_is_one_record() -> None:
    assert set(rows()) == SECTION_8
    for code in SECTION_8:
        assert COUNTRIES[code].code == code


def test_iso_list_holds_every_country_code_and_no_other() -> None:
    assert len(ISO) == 249
    assert (ISO["GB"], ISO["KR"], ISO["BR"], ISO["JP"]) == (
        "United Kingdom",
        "South Korea",
        "Brazil",
        "Japan",
    )
    assert not {"UK", "EU", "EL", "ZZ", "XX"} & set(ISO)


def test_aliases_point_at_iso_countries() -> None:
    assert load_aliases() == {"UK": "GB", "EL": "GR"}


def test_every_iso_code_gets_a_record() -> None:
    for code in ISO:
        numbers = numbers_for(COUNTRIES, code)
        assert numbers.emergency and numbers.emergency_tel, code
        assert numbers.code in (code, FALLBACK_CODE), code


def write_variant(tmp_path: Path, change: Any) -> Path:
    data = yaml.safe_load(COUNTRIES_FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / COUNTRIES_FILE.name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["countries"].pop("ZZ"), "fallback entry ZZ"),
        (lambda d: d["countries"]["GB"].pop("in_person"), "'countries.GB.in_person': is missing"),
        (lambda d: d["countries"]["GB"].pop("checked"), "'countries.GB.checked': is missing"),
        (lambda d: d["countries"]["GB"].update(colour="red"), "is not a known field"),
        (lambda d: d["countries"]["GB"].update(emergency=999), "quoted string of digits"),
        (
            lambda d: d["countries"]["GB"].update(same_day_number="NHS"),
            "must be a phone number or null",
        ),
        (
            lambda d: d["countries"]["GB"].update(same_day_number="112"),
            "must contain the same_day_number",
        ),
        (lambda d: d["countries"]["GB"].update(checked="soon"), "YYYY-MM-DD"),
        (lambda d: d["countries"]["GB"].update(note="call {ambulance}"), "unknown placeholder"),
        (lambda d: d["countries"].update(XX=d["countries"]["GB"]), "'XX' is not an ISO 3166-1"),
        (lambda d: d["countries"]["EU"]["members"].update(DE="Germany"), "listed more than once"),
        (lambda d: d["aliases"].update(UK="XY"), "'XY' is not an ISO 3166-1 country code"),
        (lambda d: d["aliases"].update(DE="GB"), "is also a country of its own"),
    ],
)
def test_broken_countries_are_refused(tmp_path: Path, change: Any, expected: str) -> None:
    path = write_variant(tmp_path, change)
    with pytest.raises(ContentError, match=re.escape(expected)) as info:
        load_countries(path)
    assert "countries.yaml" in info.value.message


def test_a_checked_date_is_read_as_a_date(tmp_path: Path) -> None:
    path = tmp_path / COUNTRIES_FILE.name
    text = COUNTRIES_FILE.read_text(encoding="utf-8")
    path.write_text(text.replace("checked: null", "checked: 2026-03-04", 1), encoding="utf-8")
    assert load_countries(path)["GB"].checked is not None


def test_a_broken_iso_list_is_refused(tmp_path: Path) -> None:
    path = tmp_path / ISO_FILE.name
    path.write_text("# codes\nGB\tUnited Kingdom\nGB\tAgain\ngb\tlower\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_iso_names(path)
    assert "listed more than once" in info.value.message
    assert "line 4" in info.value.message
