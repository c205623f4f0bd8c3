"""Stop-the-session in the browser API: uploads in format 3, 2 and 1 (a phone that was
offline), the server's own re-check, and the next start's "Has that passed?"."""

from __future__ import annotations

import copy
import json
import os
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from test_player_api import put, screened, session_body

from unknot.services.app import Actor
from unknot.services.session.record import ASK, STOPPED_TODAY, stop_followup
from unknot.store import tables
from webclient import csrf

FORMAT_1 = Path(__file__).parents[1] / "data" / "session-format1.json"
FORMAT_2 = Path(__file__).parents[1] / "data" / "session-format2.json"
TWO = (Path(__file__).parents[1] / "data" / "routines" / "two.yaml").read_text()


def recorded_routine(client: TestClient) -> None:
    """The routine the recorded uploads ran, in the routines folder, and a screening."""
    routines = Path(os.environ["UNKNOT_CONFIG_DIR"]) / "routines"
    routines.mkdir(parents=True, exist_ok=True)
    (routines / "two.yaml").write_text(TWO)
    screened(client)


def stop(plan: dict[str, Any], index: int, rule: str, action: str) -> dict[str, Any]:
    return {
        "step_index": index,
        "technique": plan["steps"][index]["technique"],
        "rule": rule,
        "action": action,
        "reason": "from the page",
        "at_s": 20.0,
    }


def test_the_plan_is_format_3_with_the_stop_session_action(client: TestClient) -> None:
    plan = screened(client)
    assert plan["format"] == 3
    assert plan["stop_rules"]["actions"]["stop_session"]["leave_out_later"] is True
    actions = {s["id"]: s["action"] for s in plan["stop_rules"]["symptoms"]}
    assert actions["dizzy"] == actions["swollen_leg"] == "stop_session"
    dizzy = next(s for s in plan["stop_rules"]["symptoms"] if s["id"] == "dizzy")
    assert "NHS 111" in dizzy["advice"]  # the same-day number, filled in on the server
    text = json.dumps(plan["stop_rules"])
    assert "{same_day}" not in text and "{emergency}" not in text  # every placeholder filled


def test_a_stopped_session_is_saved_and_the_next_start_asks(
    client: TestClient, services: Actor
) -> None:
    plan = screened(client)
    ident = uuid.uuid4()
    body = session_body(
        plan,
        status="stopped",
        ended_at="2026-03-02T18:05:00Z",
        stops=[stop(plan, 0, "symptom.dizzy", "stop_session")],
    )
    saved = put(client, ident, body)
    assert saved.status_code == 200, saved.text
    [session] = client.get("/api/v1/sessions").json()
    assert session["status"] == "stopped"
    assert session["stops"][0]["action"] == "stop_session"
    assert "NHS 111" not in session["stops"][0]["reason"]  # the reason; the advice is shown
    due = stop_followup(services)
    assert due is not None and due.state == ASK and due.rule_id == "symptom.dizzy"
    page = client.get("/player").text
    assert "you felt dizzy or light-headed. Has that passed?" in page
    assert 'id="check" hidden' in page  # the quick check waits for the answer
    answer = client.post(
        f"/api/v1/sessions/{ident}/stop-followup", json={"passed": False}, headers=csrf(client)
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["can_start"] is False
    assert "no session today" in answer.json()["message"].lower()
    assert "NHS 111" in answer.json()["message"]
    page = client.get("/player").text
    assert "Has that passed?" not in page and 'href="tel:111"' in page
    client.post(
        f"/api/v1/sessions/{ident}/stop-followup", json={"passed": True}, headers=csrf(client)
    )
    assert stop_followup(services) is None
    assert "Has that passed?" not in client.get("/player").text


def test_today_says_a_session_stopped_earlier_today_instead_of_offering_a_start(
    client: TestClient, services: Actor
) -> None:
    plan = screened(client)
    assert "Start the guided session" in client.get("/").text
    now = services.clock()
    body = session_body(
        plan,
        status="stopped",
        started_at=(now - timedelta(minutes=6)).isoformat(),
        ended_at=(now - timedelta(minutes=1)).isoformat(),
        stops=[stop(plan, 0, "symptom.dizzy", "stop_session")],
    )
    assert put(client, uuid.uuid4(), body).status_code == 200
    due = stop_followup(services)
    assert due is not None and due.state == STOPPED_TODAY
    today = client.get("/").text
    assert "stopped earlier today" in today and 'href="tel:111"' in today
    assert "Start the guided session" not in today


def test_a_second_sharp_pain_the_page_missed_is_a_session_stop_on_the_server(
    client: TestClient,
) -> None:
    plan = screened(client)
    ident = uuid.uuid4()
    sharp = [stop(plan, 0, "symptom.sharp_pain", "stop_technique")] * 2
    saved = put(client, ident, session_body(plan, status="finished", stops=sharp))
    assert saved.status_code == 200, saved.text
    [session] = client.get("/api/v1/sessions").json()
    assert [(s["rule"], s["action"]) for s in session["stops"]] == [
        ("symptom.sharp_pain", "stop_technique"),
        ("symptom.sharp_pain", "stop_technique"),  # what the page did, kept as it ran
        ("session.sharp_pain_twice", "stop_session"),  # and what the rules make of it
    ]
    assert "server's own check" in session["stops"][2]["reason"]
    assert "server's own check" not in session["stops"][1]["reason"]


def test_an_unknown_session_rule_is_refused(client: TestClient) -> None:
    plan = screened(client)
    body = session_body(plan, stops=[stop(plan, 0, "session.sleepy", "stop_session")])
    refused = put(client, uuid.uuid4(), body)
    assert refused.status_code == 422
    assert "sleepy" in refused.text


def test_the_stop_followup_of_an_unknown_session_is_not_found(client: TestClient) -> None:
    screened(client)
    missing = client.post(
        f"/api/v1/sessions/{uuid.uuid4()}/stop-followup",
        json={"passed": True},
        headers=csrf(client),
    )
    assert missing.status_code == 404


def test_a_format_1_upload_is_stored_and_shown_in_its_format(
    client: TestClient, services: Actor
) -> None:
    """A phone that was offline under format 1 sends its session after the bump to 2."""
    recorded_routine(client)
    body = json.loads(FORMAT_1.read_text(encoding="utf-8"))
    assert body["plan"]["format"] == 1
    ident = uuid.uuid4()
    saved = put(client, ident, copy.deepcopy(body))
    assert saved.status_code == 200, saved.text
    with services.unit() as db:
        row = db.get(tables.SessionRow, ident)
        assert row is not None
        assert row.plan_format == 1 and row.plan == body["plan"]  # as it ran, unchanged
    [shown] = client.get("/api/v1/sessions").json()
    assert shown["status"] == "finished" and shown["steps_planned"] == 6
    assert [s["outcome"] for s in shown["steps"]] == [s["outcome"] for s in body["steps"]]
    assert shown["pain_before"] == 2 and shown["pain_after"] == 1
    # Its dizziness was "stop this technique" under format 1; today's rules stop the session,
    # so the server says so (with its note) and the next start asks about it.
    ran, dizzy = shown["stops"]
    assert (ran["rule"], ran["action"]) == ("symptom.dizzy", "stop_technique")  # as it ran
    assert (dizzy["rule"], dizzy["action"]) == ("symptom.dizzy", "stop_session")
    assert "server's own check" in dizzy["reason"]
    due = stop_followup(services)
    assert due is not None and due.state in (ASK, STOPPED_TODAY)
    # The same body again changes nothing (a replay from the phone's queue).
    assert put(client, ident, copy.deepcopy(body)).json()["changed"] is False
    # The history page and the terminal history show it too.
    assert client.get("/journal").status_code == 200


def test_a_format_1_upload_shows_in_the_terminal_history(
    client: TestClient, services: Actor
) -> None:
    from typer.testing import CliRunner

    from unknot.cli import app as cli_app

    recorded_routine(client)
    body = json.loads(FORMAT_1.read_text(encoding="utf-8"))
    assert put(client, uuid.uuid4(), body).status_code == 200
    cli_app._register()
    result = CliRunner().invoke(cli_app.app, ["history", "--json"])
    assert result.exit_code == 0, result.output
    [session] = json.loads(result.output)
    assert session["routine"] == "test-two" and len(session["steps"]) == 4


def test_a_format_2_upload_is_stored_and_shown_in_its_format(
    client: TestClient, services: Actor
) -> None:
    """A phone that was offline under format 2 sends its session after the bump to 3."""
    recorded_routine(client)
    body = json.loads(FORMAT_2.read_text(encoding="utf-8"))
    assert body["plan"]["format"] == 2 and "pain_rules" in body["plan"]["stop_rules"]
    ident = uuid.uuid4()
    saved = put(client, ident, copy.deepcopy(body))
    assert saved.status_code == 200, saved.text
    assert saved.json()["server_stops"] == 0  # its page decided as today's rules do
    with services.unit() as db:
        row = db.get(tables.SessionRow, ident)
        assert row is not None
        assert row.plan_format == 2 and row.plan == body["plan"]  # as it ran, unchanged
    [shown] = client.get("/api/v1/sessions").json()
    assert shown["status"] == "stopped" and shown["steps_planned"] == 6
    assert [s["outcome"] for s in shown["steps"]] == [s["outcome"] for s in body["steps"]]
    assert [(s["rule"], s["action"]) for s in shown["stops"]] == [
        ("pain.rise", "stop_technique"),
        ("symptom.dizzy", "stop_session"),
    ]
    assert shown["pain_before"] == 2 and shown["pain_after"] == 3
    due = stop_followup(services)
    assert due is not None and due.rule_id == "symptom.dizzy"
    assert put(client, ident, copy.deepcopy(body)).json()["changed"] is False
    assert client.get("/journal").status_code == 200
