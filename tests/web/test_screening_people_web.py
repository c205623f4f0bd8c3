"""The screening table's people on the web: the API's result and the page they read next."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from screening_people import PEOPLE, Person
from unknot.services import safety
from webclient import csrf


@pytest.mark.parametrize("person", PEOPLE, ids=[p.who for p in PEOPLE])
def test_each_person_is_told_the_right_thing_on_the_web(client: TestClient, person: Person) -> None:
    body = {
        "answers": {q.id: q.id in person.yes for q in safety.questions()},
        "country": person.country,
        "checked": list(person.checked),
    }
    response = client.post("/api/v1/screening", json=body, headers=csrf(client))
    assert response.status_code == 200, response.text
    out = response.json()
    assert (out["tier"], out["session_allowed"]) == (person.tier, person.allowed)
    assert out["conditions"] == sorted(person.conditions)
    for words in person.advice_has:
        assert words in out["advice"], (words, out["advice"])
    numbers = safety.countries()[person.country]
    hrefs = [c["href"] for c in out["calls"]]
    if person.tier in ("emergency", "same_day"):
        assert numbers.emergency_tel in hrefs  # a number to tap, on the result
    else:
        assert hrefs == []
    today = client.get("/", headers={"Accept": "text/html"}).text
    assert ("Start the guided session" in today) is person.allowed
    if not person.allowed and person.tier in ("emergency", "same_day"):
        assert f'href="{numbers.emergency_tel}"' in today  # and on Today
