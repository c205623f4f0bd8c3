"""Every profile value is checked, and one error lists every bad value with its field."""

from __future__ import annotations

import pytest

from unknot.core.profile import Profile, country_from_locale, update_profile
from unknot.errors import ValidationError


def test_every_bad_profile_value_is_named_once_and_nothing_changes() -> None:
    profile = Profile()
    changes = {
        "favourite_colour": "blue",
        "causes": ["posture", "Gardening"],
        "minutes_available": "ten",
        "pressure": "hard",
        "country": "GBR",
        "language": "Klingon",
        "timezone": None,  # not given: left as it is
    }
    with pytest.raises(ValidationError) as caught:
        update_profile(profile, changes)
    assert [p.render() for p in caught.value.problems] == [
        "field 'favourite_colour': is not a profile setting",
        "field 'causes': 'gardening' not known; choose from strain, posture, rotator-cuff "
        "or tension (stress)",
        "field 'minutes_available': 'ten' is not a whole number of minutes",
        "field 'pressure': 'hard' is not light, medium or firm",
        "field 'country': 'GBR' is not a two-letter country code such as GB, US or KR",
        "field 'language': 'Klingon' is not available; choose en, ko",
    ]
    assert profile == Profile()


def test_minutes_outside_the_range_and_good_values_are_kept() -> None:
    with pytest.raises(ValidationError) as caught:
        update_profile(Profile(), {"minutes_available": 0})
    assert "is outside" in caught.value.problems[0].message
    changed = update_profile(Profile(), {"pressure": " Firm ", "country": "gb", "language": "EN"})
    assert (changed.pressure.value, changed.country, changed.language) == ("firm", "GB", "en")


@pytest.mark.parametrize(
    ("name", "country"),
    [("en_GB.UTF-8", "GB"), ("ko-KR", "KR"), ("sr_RS@latin", "RS"), ("C", ""), ("en_1", "")],
)
def test_country_from_locale(name: str, country: str) -> None:
    assert country_from_locale(name) == country
