"""The Profile page and the API accept every country code and refuse what is not one."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from unknot.core.screening import Tier
from unknot.services import safety
from unknot.services.app import Actor
from unknot.store import repo
from webclient import csrf

HTML = {"Accept": "text/html"}


@pytest.mark.parametrize(
    ("typed", "stored", "emergency", "same_day_tel"),
    [
        ("JP", "JP", "119", "tel:%237119"),
        ("nz", "NZ", "111", "tel:0800611116"),
        ("UK", "GB", "999", "tel:111"),
        ("AT", "AT", "112", None),
        ("BR", "BR", "112", None),
    ],
)
def test_a_country_code_is_saved_and_its_numbers_shown(
    client: TestClient, typed: str, stored: str, emergency: str, same_day_tel: str | None
) -> None:
    response = client.patch("/api/v1/profile", json={"country": typed}, headers=csrf(client))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["country"] == stored
    assert body["numbers"]["emergency"] == emergency
    assert body["numbers"]["emergency_tel"] == f"tel:{emergency}"
    assert body["numbers"]["same_day_tel"] == same_day_tel
    assert body["numbers"]["checked"] is None
    page = client.get("/profile", headers=HTML).text
    assert f'value="{stored}"' in page and f"emergency {emergency}" in page


@pytest.mark.parametrize("bad", ["XX", "1X", "Q"])
def test_a_code_that_is_not_a_country_is_refused_with_the_known_ones(
    client: TestClient, bad: str
) -> None:
    response = client.patch("/api/v1/profile", json={"country": bad}, headers=csrf(client))
    assert response.status_code == 422
    body = response.json()
    [error] = body["field_errors"]
    assert error["field"] == "country"
    assert f"'{bad}' is not a country code" in error["message"]
    assert "Japan (JP)" in error["message"] and "Norway (NO)" in error["message"]
    assert body["hint"] == "The Country field on the Profile page lists every country code."
    assert client.get("/api/v1/profile").json()["country"] == ""  # nothing saved


def test_a_country_name_gets_its_code_suggested(client: TestClient) -> None:
    response = client.patch("/api/v1/profile", json={"country": "Japan"}, headers=csrf(client))
    assert response.status_code == 422
    assert "its two-letter code is JP" in response.json()["field_errors"][0]["message"]


def test_a_bad_country_with_other_bad_values_lists_them_all(client: TestClient) -> None:
    response = client.patch(
        "/api/v1/profile",
        json={"country": "XX", "timezone": "Mars/Olympus"},
        headers=csrf(client),
    )
    assert response.status_code == 422
    body = response.json()
    assert {f["field"] for f in body["field_errors"]} == {"country", "timezone"}
    assert "allowed values" in body["hint"] and "Country field" in body["hint"]


def test_the_screening_refuses_a_bad_country_and_saves_nothing(client: TestClient) -> None:
    answers = {q.id: False for q in safety.questions()}
    response = client.post(
        "/api/v1/screening", json={"answers": answers, "country": "XX"}, headers=csrf(client)
    )
    assert response.status_code == 422
    assert "'XX' is not a country code" in response.json()["field_errors"][0]["message"]
    assert client.get("/api/v1/safety").json()["screened_on"] is None


def test_the_screening_stores_an_alias_as_the_country(client: TestClient) -> None:
    answers = {q.id: False for q in safety.questions()}
    response = client.post(
        "/api/v1/screening", json={"answers": answers, "country": "uk"}, headers=csrf(client)
    )
    assert response.status_code == 200, response.text
    assert client.get("/api/v1/profile").json()["country"] == "GB"


def test_the_countries_list_names_every_code(client: TestClient) -> None:
    found = {c["code"]: c for c in client.get("/api/v1/countries").json()}
    assert len(found) == 249
    assert found["JP"] == {"code": "JP", "name": "Japan", "numbers": "own"}
    assert found["AT"]["numbers"] == "eu" and found["BR"]["numbers"] == "fallback"
    page = client.get("/profile", headers=HTML).text
    assert '<option value="BR">Brazil</option>' in page
    assert "<b>BR</b> Brazil" in page and "New Zealand (NZ)" in page


def test_an_old_unknown_saved_code_falls_back_without_breaking_a_page(
    client: TestClient, services: Actor
) -> None:
    from dataclasses import replace

    with services.unit() as session:
        old = repo.load_profile(session, services.person_id)
        repo.save_profile(session, services.person_id, replace(old, country="XQ"), services.clock())
    body = client.get("/api/v1/profile").json()
    assert body["country"] == "XQ" and body["numbers"]["code"] == "ZZ"
    assert client.get("/api/v1/safety").json()["emergency_number"] == "112"
    for path in ("/", "/profile", "/screening"):
        assert client.get(path, headers=HTML).status_code == 200, path
    assert "The saved country XQ is not a code we know" in client.get("/profile", headers=HTML).text


@pytest.mark.parametrize(
    ("code", "tier", "action", "today"),
    [
        ("JP", Tier.EMERGENCY, "call 119", "Call 119 now."),
        ("NZ", Tier.EMERGENCY, "call 111", "Call 111 now."),
        ("NO", Tier.EMERGENCY, "call 113", "Call 113 now."),
        ("DE", Tier.SAME_DAY, "on 116 117", "on 116 117"),
        ("SE", Tier.SAME_DAY, "on 1177", "on 1177"),
    ],
)
def test_today_shows_the_country_number_after_a_screening(
    client: TestClient, code: str, tier: Tier, action: str, today: str
) -> None:
    first = next(q for q in safety.questions() if q.tier is tier)  # the first question of a tier
    answers = {q.id: q.id == first.id for q in safety.questions()}
    response = client.post(
        "/api/v1/screening", json={"answers": answers, "country": code}, headers=csrf(client)
    )
    assert response.status_code == 200, response.text
    assert any(action in text for text in response.json()["actions"]), response.json()
    assert today in client.get("/", headers=HTML).text
