"""The profile's country: any ISO code, aliases stored as the country, the rest refused whole."""

from __future__ import annotations

from dataclasses import replace

import pytest

from unknot.errors import ValidationError
from unknot.services import safety
from unknot.services.app import Actor
from unknot.services.profile import (
    change_profile,
    check_country,
    countries_with_numbers,
    country_code,
    get_profile,
)
from unknot.store import repo


def no_answers() -> dict[str, bool]:
    return {q.id: False for q in safety.questions()}


@pytest.mark.parametrize(
    ("typed", "code"),
    [("gb", "GB"), ("UK", "GB"), ("el", "GR"), (" jp", "JP"), ("BR", "BR"), ("EU", "EU")],
)
def test_country_code_normalises(typed: str, code: str) -> None:
    assert country_code(typed) == code


@pytest.mark.parametrize("bad", ["XX", "ZZ", "", "G", "GBR", "1X", "Britain"])
def test_country_code_refuses_what_is_not_a_country(bad: str) -> None:
    with pytest.raises(ValueError, match=r"is not a country code"):
        country_code(bad)


def test_the_refusal_lists_every_country_with_numbers_of_its_own() -> None:
    with pytest.raises(ValueError) as info:
        country_code("XX")
    for code, name in countries_with_numbers():
        assert f"{name} ({code})" in str(info.value)
    assert len(countries_with_numbers()) == 14  # §8's rows but the EU


def test_a_bad_country_keeps_every_other_change_out(clocked_actor: Actor) -> None:
    change_profile(clocked_actor, {"painful_shoulder": "left", "country": "NO"})
    with pytest.raises(ValidationError) as info:
        change_profile(clocked_actor, {"painful_shoulder": "right", "country": "XX"})
    assert [p.field for p in info.value.problems] == ["country"]
    profile = get_profile(clocked_actor)
    assert (profile.painful_shoulder.value, profile.country) == ("left", "NO")


def test_a_screening_with_a_bad_country_saves_nothing(clocked_actor: Actor) -> None:
    with pytest.raises(ValidationError, match="country"):
        safety.record(clocked_actor, no_answers(), country="XX")
    assert safety.status(clocked_actor).screened_on is None
    safety.record(clocked_actor, no_answers(), country="uk")
    assert get_profile(clocked_actor).country == "GB"
    assert check_country("nz") == "NZ"


def test_a_saved_code_that_is_not_a_country_gets_the_fallback(
    clocked_actor: Actor,
) -> None:
    with clocked_actor.unit() as session:
        old = repo.load_profile(session, clocked_actor.person_id)
        repo.save_profile(
            session,
            clocked_actor.person_id,
            replace(old, country="XQ"),
            clocked_actor.clock(),
        )
    safety.record(clocked_actor, no_answers())
    numbers = safety.status(clocked_actor).numbers()
    assert (numbers.code, numbers.emergency) == ("ZZ", "112")
