"""PUT /api/v1/sessions/{id}: the browser player's idempotent save, validation, stop re-check."""

from __future__ import annotations

import copy
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from unknot.services import safety
from unknot.services.app import Actor
from unknot.store import tables
from webclient import csrf


def screened(client: TestClient) -> dict[str, Any]:
    answers = {q.id: False for q in safety.questions()}
    client.post(
        "/api/v1/screening", json={"answers": answers, "country": "GB"}, headers=csrf(client)
    )
    plan: dict[str, Any] = client.get(
        "/api/v1/plan", params={"routine": "hip-short", "pain": 2}
    ).json()
    return plan


def session_body(plan: dict[str, Any], **changes: Any) -> dict[str, Any]:
    first = plan["steps"][0]
    body = {
        "plan": plan,
        "started_at": "2026-03-02T18:00:00+00:00",
        "ended_at": None,
        "status": "running",
        "end_reason": "",
        "pain_before": 2,
        "pain_after": None,
        "steps": [
            {
                "index": 0,
                "technique": first["technique"],
                "side": first["side"],
                "target_s": first["duration_s"],
                "actual_s": first["duration_s"],
                "outcome": "completed",
                "started_at_s": 0,
            }
        ],
        "stops": [],
        "ratings": [],
    }
    return body | changes


def put(client: TestClient, ident: uuid.UUID, body: dict[str, Any]) -> Any:
    return client.put(f"/api/v1/sessions/{ident}", json=body, headers=csrf(client))


def test_the_same_body_twice_changes_nothing(client: TestClient, services: Actor) -> None:
    plan = screened(client)
    ident = uuid.uuid4()
    first = put(client, ident, session_body(plan))
    assert first.status_code == 200, first.text
    assert first.json()["changed"] is True
    again = put(client, ident, session_body(plan))
    assert again.json()["changed"] is False
    sessions = client.get("/api/v1/sessions").json()
    assert [s["id"] for s in sessions] == [str(ident)]
    assert sessions[0]["pain_before"] == 2 and len(sessions[0]["steps"]) == 1
    with services.unit() as db:
        row = db.get(tables.SessionRow, ident)
        assert row is not None and row.face == "browser"


def test_a_later_body_replaces_steps_stops_and_ratings(client: TestClient) -> None:
    plan = screened(client)
    ident = uuid.uuid4()
    put(client, ident, session_body(plan, ratings=[during(plan, 3)]))
    later = session_body(plan, status="finished", pain_after=1, ended_at="2026-03-02T18:10:00Z")
    later["steps"] = later["steps"] * 2
    response = put(client, ident, later)
    assert response.status_code == 200, response.text
    stored = client.get("/api/v1/sessions").json()[0]
    assert stored["status"] == "finished" and stored["pain_after"] == 1
    assert len(stored["steps"]) == 2 and stored["technique_ratings"] == []


def during(plan: dict[str, Any], value: int, index: int = 1) -> dict[str, Any]:
    return {
        "value": value,
        "context": "during",
        "step_index": index,
        "technique": plan["steps"][index]["technique"],
        "at_s": 20.0,
    }


def test_the_server_records_a_stop_the_page_left_out(client: TestClient) -> None:
    plan = screened(client)
    ident = uuid.uuid4()
    response = put(client, ident, session_body(plan, ratings=[during(plan, 5)]))
    assert response.json()["server_stops"] == 1
    stops = client.get("/api/v1/sessions").json()[0]["stops"]
    assert [s["rule"] for s in stops] == ["pain.rise"]
    assert "server's own check" in stops[0]["reason"]
    # Sent again with the page's own stop event: nothing is added twice.
    stop = {
        "step_index": 1,
        "technique": plan["steps"][1]["technique"],
        "rule": "pain.rise",
        "action": "stop_technique",
        "reason": "page",
        "at_s": 20.0,
    }
    body = session_body(plan, ratings=[during(plan, 5)], stops=[stop])
    assert put(client, ident, body).json()["server_stops"] == 0
    assert len(client.get("/api/v1/sessions").json()[0]["stops"]) == 1


def test_left_out_steps_are_saved_and_the_server_stop_says_gentle_only(
    client: TestClient,
) -> None:
    plan = screened(client)
    assert [s["gentle"] for s in plan["steps"]][:2] == [True, True]  # circles are gentle
    [gentle] = plan["stop_rules"]["pain"]["also"]
    assert gentle["rule_id"] == "pain.gentle_only" and gentle["reason"]
    later = [s for s in plan["steps"] if not s["gentle"]]
    assert later  # hip-short's deep tissue and stretch
    body = session_body(plan, ratings=[during(plan, 7)])
    body["steps"] += [
        {
            "index": s["index"],
            "technique": s["technique"],
            "side": s["side"],
            "target_s": s["duration_s"],
            "actual_s": 0,
            "outcome": "left_out",
            "started_at_s": 20.0,
        }
        for s in later
    ]
    response = put(client, uuid.uuid4(), body)
    assert response.status_code == 200, response.text
    stored = client.get("/api/v1/sessions").json()[0]
    assert [s["outcome"] for s in stored["steps"]][1:] == ["left_out"] * len(later)
    assert "gentle techniques only for the rest of this session" in stored["stops"][0]["reason"]


def test_an_emergency_symptom_stops_the_session_with_the_number(client: TestClient) -> None:
    plan = screened(client)
    stop = {
        "step_index": 1,
        "technique": None,
        "rule": "symptom.chest_pain",
        "action": "stop_technique",  # the page got it wrong: the server's rules decide
        "reason": "x",
        "at_s": 3.0,
    }
    response = put(client, uuid.uuid4(), session_body(plan, stops=[stop], status="finished"))
    assert response.json()["status"] == "stopped"
    ran, saved = client.get("/api/v1/sessions").json()[0]["stops"]
    assert ran["action"] == "stop_technique"  # what the page did is kept as it ran
    assert saved["action"] == "emergency" and "999" in saved["reason"]


def test_bad_bodies_get_field_errors(client: TestClient) -> None:
    plan = screened(client)
    body = session_body(plan, pain_before=11, status="done")
    body["steps"][0]["outcome"] = "great"
    response = put(client, uuid.uuid4(), body)
    assert response.status_code == 422
    fields = {f["field"] for f in response.json()["field_errors"]}
    assert {"pain_before", "status", "steps.0.outcome"} <= fields


def test_true_or_false_is_not_a_pain_in_a_session(client: TestClient) -> None:
    plan = screened(client)
    body = session_body(plan, pain_before=True, pain_after=False)
    body["ratings"] = [during(plan, 3) | {"value": True}]
    response = put(client, uuid.uuid4(), body)
    assert response.status_code == 422
    fields = {f["field"] for f in response.json()["field_errors"]}
    assert fields == {"pain_before", "pain_after", "ratings.0.value"}


def test_a_session_that_does_not_fit_its_plan_is_refused(client: TestClient) -> None:
    plan = screened(client)
    body = session_body(plan)
    body["steps"][0]["index"] = 999
    body["plan"] = copy.deepcopy(plan)
    body["plan"]["routine"]["id"] = "no-such-routine"
    response = put(client, uuid.uuid4(), body)
    assert response.status_code == 422
    fields = {f["field"] for f in response.json()["field_errors"]}
    assert fields == {"plan.routine.id", "steps.0.step_index"}


def test_a_session_plan_cannot_change(client: TestClient) -> None:
    plan = screened(client)
    ident = uuid.uuid4()
    put(client, ident, session_body(plan))
    other = copy.deepcopy(plan)
    other["notices"] = ["changed"]
    response = put(client, ident, session_body(other))
    assert response.status_code == 409
    assert "another plan" in response.json()["message"]


def test_writes_need_the_csrf_token(client: TestClient) -> None:
    plan = screened(client)
    response = client.put(f"/api/v1/sessions/{uuid.uuid4()}", json=session_body(plan))
    assert response.status_code == 403


def test_player_page_and_offline_files(client: TestClient) -> None:
    page = client.get("/player?routine=hip-short")
    assert page.status_code == 200 and 'src="/static/player.js"' in page.text
    worker = client.get("/sw.js")
    assert worker.headers["content-type"].startswith("text/javascript")
    assert "@VERSION@" not in worker.text
    manifest = client.get("/manifest.webmanifest")
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    assert manifest.json()["display"] == "standalone"


def test_times_out_of_range_are_field_errors_not_crashes(client: TestClient) -> None:
    plan = screened(client)
    for value in ("9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00", "1990-01-01T00:00Z"):
        response = put(client, uuid.uuid4(), session_body(plan, started_at=value))
        assert response.status_code == 422, value
        assert response.json()["field_errors"][0]["field"] == "started_at"


def test_last_sessions_follow_up_is_asked_once(client: TestClient) -> None:
    plan = screened(client)
    ident = uuid.uuid4()
    put(client, ident, session_body(plan, status="finished"))  # on an earlier day
    assert 'id="followup"' in client.get("/player").text
    answers = {"settled": True, "worse_next_morning": True}
    response = client.post(f"/api/v1/sessions/{ident}/followup", json=answers, headers=csrf(client))
    assert response.status_code == 200, response.text
    assert response.json()["ok"] is False
    advice = " ".join(response.json()["advice"].split())
    # Asked at the start of the next session: it says what changes now, not "next time".
    assert advice.startswith("So from this session on, the techniques you did last time step")
    assert "Next time" not in advice
    assert 'id="followup"' not in client.get("/player").text
    missing = client.post(
        f"/api/v1/sessions/{uuid.uuid4()}/followup", json=answers, headers=csrf(client)
    )
    assert missing.status_code == 404


@pytest.mark.parametrize("bad", ["nul\x00here", "esc\x1b[31m"])
def test_control_characters_are_refused_in_a_session(client: TestClient, bad: str) -> None:
    plan = screened(client)
    body = session_body(plan, end_reason=bad)
    body["plan"]["steps"][0]["title"] += bad
    response = put(client, uuid.uuid4(), body)
    assert response.status_code == 422
    found = {f["field"]: f["message"] for f in response.json()["field_errors"]}
    assert set(found) == {"end_reason", "plan.steps.0.title"}
    assert "invisible control character" in found["end_reason"]
    assert client.get("/api/v1/sessions").json() == []


def test_a_browser_session_before_2000_is_refused(client: TestClient) -> None:
    plan = screened(client)
    body = session_body(plan, started_at="1999-12-31T23:00:00+00:00")
    response = put(client, uuid.uuid4(), body)
    assert response.status_code == 422
    found = response.json()["field_errors"]
    assert [f["field"] for f in found] == ["started_at"]
    assert "between the years 2000 and 2100" in found[0]["message"]
    assert client.get("/api/v1/sessions").json() == []
