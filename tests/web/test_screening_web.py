"""The screening on the web (issue 12): tel: links, in person today, routine appointments,
short lists, and old screenings under new rules."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from unknot.services import safety
from unknot.services.app import Actor
from webclient import csrf

HTML = {"Accept": "text/html"}


def answers(*yes: str) -> dict[str, bool]:
    return {q.id: q.id in yes for q in safety.questions()}


def post(client: TestClient, *yes: str, country: str = "GB", checked: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    response = client.post(
        "/api/v1/screening",
        json={"answers": answers(*yes), "country": country, "checked": list(checked)},
        headers=csrf(client),
    )
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize(
    ("country", "yes", "hrefs"),
    [
        ("GB", "heart_symptoms", ["tel:999"]),
        ("JP", "sudden_vision_loss", ["tel:119"]),
        ("NZ", "exertion_pattern", ["tel:0800611116", "tel:111"]),
        ("NO", "leg_clot_signs", ["tel:116117", "tel:113"]),
        ("GB", "injury_cannot_lift", ["tel:111", "tel:999"]),
    ],
)
def test_emergency_and_same_day_results_carry_tel_links(
    client: TestClient, country: str, yes: str, hrefs: list[str]
) -> None:
    body = post(client, yes, country=country)
    assert [c["href"] for c in body["calls"]] == hrefs
    assert body["session_allowed"] is False
    today = client.get("/", headers=HTML).text
    for href in hrefs:
        assert f'href="{href}"' in today, href  # Today carries the same links


def test_a_fall_yesterday_means_in_person_today_on_the_web(client: TestClient) -> None:
    body = post(client, "recent_injury", "injury_cannot_lift", "injury_weak_arm")
    assert body["headline"] == "Be seen in person today"
    assert "urgent treatment centre, a minor injuries unit or A&E" in body["advice"]
    assert len({r["text"] for r in body["reasons"]}) == len(body["reasons"]) == 3
    today = client.get("/", headers=HTML).text
    assert "Go and be seen in person today" in today


def test_a_checked_injury_lets_the_session_start(client: TestClient) -> None:
    body = post(client, "recent_injury", checked=("recent_injury",))
    assert body["tier"] == "clear" and body["session_allowed"] is True
    assert body["checked"][0]["question"] == "recent_injury"
    assert client.get("/api/v1/safety").json()["can_start"] is True


def test_a_clinicians_check_afterwards_lifts_a_recent_injury(client: TestClient) -> None:
    post(client, "recent_injury")
    state = client.get("/api/v1/safety").json()
    assert state["blocked_today"] and state["can_confirm_check"]
    assert "A clinician has checked me" in client.get("/screening", headers=HTML).text
    response = client.post("/api/v1/screening/assessed", headers=csrf(client))
    assert response.status_code == 200 and response.json()["can_start"] is True


def test_the_routine_appointment_is_shown_on_today_and_insights_and_can_be_marked(
    client: TestClient,
) -> None:
    body = post(client, "not_improving")
    assert body["tier"] == "routine" and body["session_allowed"] is True
    assert body["calls"] == []
    today = client.get("/", headers=HTML).text
    assert 'id="routine-advice"' in today and "I have booked it" in today
    assert "Start the guided session" in today  # it never blocks
    assert 'id="routine-advice"' in client.get("/insights", headers=HTML).text
    for state in ("booked", "seen"):
        response = client.post(
            "/api/v1/screening/routine", json={"state": state}, headers=csrf(client)
        )
        assert response.status_code == 200, response.text
        assert response.json()["routine_status"] == state
    assert 'id="routine-advice"' not in client.get("/", headers=HTML).text
    insights = client.get("/insights", headers=HTML).text
    assert "Appointment: seen." in insights


def test_a_wrong_routine_state_is_refused(client: TestClient) -> None:
    post(client, "not_improving")
    response = client.post(
        "/api/v1/screening/routine", json={"state": "maybe"}, headers=csrf(client)
    )
    assert response.status_code == 422
    post(client)
    response = client.post(
        "/api/v1/screening/routine", json={"state": "booked"}, headers=csrf(client)
    )
    assert response.status_code in (409, 422) and "routine appointment" in response.text


def test_the_screening_page_has_short_lists_each_with_none_of_these(client: TestClient) -> None:
    page = client.get("/screening", headers=HTML).text
    sets = re.findall(r'<fieldset data-group="[^"]+">(.*?)</fieldset>', page, flags=re.S)
    data = safety.screening_data()
    assert len(sets) == len(data.groups)
    for body in sets:
        assert 1 <= body.count('name="q:') <= 6
        assert body.count('name="none:') == 1
    for q in data.questions:
        assert (f'name="c:{q.id}"' in page) is q.assessable, q.id


def test_an_old_screening_blocked_only_by_a_tier_d_answer_is_unblocked_with_a_note(
    client: TestClient, services: Actor
) -> None:
    from unknot.store import repo

    with services.unit() as session:
        repo.add_screening(
            session,
            services.person_id,
            taken_at=datetime.now(UTC),
            answers={},
            tier="soon",
            triggered=["not_improving"],
            conditions=[],
            country="GB",
            rules_version="2026-11-25.1",
        )
    state = client.get("/api/v1/safety").json()
    assert state["tier"] == "routine" and not state["waiting_for_assessment"]
    assert state["rules_changed"] and state["due"]
    today = client.get("/", headers=HTML).text
    assert 'id="rules-note"' in today and "no longer need to wait" in today


def test_the_safety_page_repeats_todays_emergency_with_its_tel_link(client: TestClient) -> None:
    post(client, "heart_symptoms", country="NO")
    page = client.get("/screening", headers=HTML).text
    assert 'href="tel:113"' in page and "No session today" in page


def test_a_blocked_today_shows_the_advice_and_not_the_techniques(client: TestClient) -> None:
    post(client, "exertion_pattern", country="GB")
    today = client.get("/", headers=HTML).text
    assert "No session today" in today and 'href="tel:111"' in today
    assert 'id="plan-h"' not in today and "Start the guided session" not in today
