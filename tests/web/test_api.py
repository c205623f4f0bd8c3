from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from fastapi.testclient import TestClient

from unknot.services import safety
from unknot.services.app import Actor
from webclient import BASE, csrf, make_client

SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "plan.schema.json").read_text())


def all_no() -> dict[str, bool]:
    return {q.id: False for q in safety.questions()}


def test_profile_round_trip(client: TestClient) -> None:
    response = client.patch(
        "/api/v1/profile",
        json={"painful_shoulder": "left", "minutes_available": 15},
        headers=csrf(client),
    )
    assert response.status_code == 200, response.text
    assert client.get("/api/v1/profile").json()["painful_shoulder"] == "left"


def test_an_unknown_painful_shoulder_is_shown_on_today_and_profile(client: TestClient) -> None:
    assert client.get("/api/v1/profile").json()["painful_shoulder"] == ""
    html = {"Accept": "text/html"}
    for path in ("/", "/profile"):
        assert 'id="shoulder-unknown"' in client.get(path, headers=html).text, path
    plan = client.get("/api/v1/plan").json()
    assert any(
        a["rule"] == "deep_tissue_ball" and "don't know which shoulder hurts yet" in a["reason"]
        for a in plan["adaptations"]
    )
    client.patch("/api/v1/profile", json={"painful_shoulder": "both"}, headers=csrf(client))
    for path in ("/", "/profile"):
        assert 'id="shoulder-unknown"' not in client.get(path, headers=html).text, path


def test_bad_profile_values_get_the_one_error_shape(client: TestClient) -> None:
    response = client.patch(
        "/api/v1/profile",
        json={"painful_shoulder": "middle", "minutes_available": 0},
        headers=csrf(client),
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error" and body["status"] == 422
    assert {f["field"] for f in body["field_errors"]} == {"painful_shoulder", "minutes_available"}


def test_unknown_fields_and_wrong_types_are_refused(client: TestClient) -> None:
    response = client.patch("/api/v1/profile", json={"colour": "blue"}, headers=csrf(client))
    assert response.status_code == 422
    assert response.json()["field_errors"][0]["field"] == "colour"


def test_screening_then_plan_matches_the_schema(client: TestClient) -> None:
    answers = all_no() | {"blood_thinner": True}
    response = client.post(
        "/api/v1/screening", json={"answers": answers, "country": "GB"}, headers=csrf(client)
    )
    assert response.status_code == 200, response.text
    assert response.json()["tier"] == "clear"
    assert response.json()["conditions"] == ["anticoagulant"]
    assert response.json()["safety"]["emergency_number"] == "999"
    plan = client.get("/api/v1/plan", params={"routine": "hip-full"}).json()
    jsonschema.validate(plan, SCHEMA)
    assert any(a["rule"] == "soften_bleeding" for a in plan["adaptations"])


def test_incomplete_screening_is_refused_and_nothing_saved(client: TestClient) -> None:
    response = client.post(
        "/api/v1/screening", json={"answers": {"heart_symptoms": False}}, headers=csrf(client)
    )
    assert response.status_code == 422
    assert client.get("/api/v1/safety").json()["screened_on"] is None


def test_writes_need_the_csrf_token(client: TestClient) -> None:
    response = client.patch("/api/v1/profile", json={"pressure": "firm"})
    assert response.status_code == 403 and response.json()["code"] == "csrf_failed"


def test_writes_from_another_origin_are_refused(client: TestClient) -> None:
    headers = csrf(client) | {"Origin": "http://evil.example"}
    response = client.patch("/api/v1/profile", json={"pressure": "firm"}, headers=headers)
    assert response.status_code == 403 and response.json()["code"] == "origin_not_allowed"


def test_api_writes_must_be_json(client: TestClient) -> None:
    response = client.post(
        "/api/v1/screening",
        content="answers=1",
        headers=csrf(client) | {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 415


def test_unknown_host_is_refused(client: TestClient) -> None:
    response = client.get("/api/v1/profile", headers={"Host": "attacker.example"})
    assert response.status_code == 400 and response.json()["code"] == "host_not_allowed"


def test_security_headers_on_every_response(client: TestClient) -> None:
    for path in ("/", "/api/v1/profile", "/static/app.css", "/nowhere"):
        response = client.get(path)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"


def test_not_found_uses_the_error_shape(client: TestClient) -> None:
    response = client.get("/api/v1/techniques/no-such-thing")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert client.get("/api/v1/nowhere").json()["code"] == "not_found"


def test_a_token_protects_everything(services: Actor) -> None:
    with make_client(services, token="s3cret-token") as client:
        assert client.get("/api/v1/profile").status_code == 401
        page = client.get("/", headers={"Accept": "text/html"}, follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"] == "/login"
        assert (
            client.get(
                "/api/v1/profile", headers={"Authorization": "Bearer s3cret-token"}
            ).status_code
            == 200
        )
        wrong = client.post("/api/v1/login", json={"token": "nope"}, headers=csrf(client))
        assert wrong.status_code == 422
        right = client.post("/api/v1/login", json={"token": "s3cret-token"}, headers=csrf(client))
        assert right.status_code == 200
        assert client.get("/api/v1/profile").status_code == 200


def test_openapi_is_served_and_lists_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/v1/plan" in spec["paths"] and "/api/v1/screening" in spec["paths"]
    assert client.get("/docs").status_code == 404  # no CDN-loading docs page


def test_pages_render(client: TestClient) -> None:
    for path in (
        "/",
        "/library",
        "/library/hip-deep-tissue",
        "/profile",
        "/screening",
        "/login",
        "/journal",
        "/journal/spadi",
        "/insights",
        "/trust",
        "/settings",
    ):
        response = client.get(path, headers={"Accept": "text/html"})
        assert response.status_code == 200, path
        assert "<main" in response.text and 'name="csrf-token"' in response.text
    assert BASE


def test_pain_log_edit_delete_keeps_history(client: TestClient) -> None:
    headers = csrf(client)
    made = client.post(
        "/api/v1/pain", json={"value": 4, "location": "right-front"}, headers=headers
    )
    assert made.status_code == 201, made.text
    entry_id = made.json()["id"]
    edited = client.patch(
        f"/api/v1/journal/{entry_id[:8]}", json={"changes": {"value": 3}}, headers=headers
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["replaced"] == entry_id
    current = client.get("/api/v1/journal").json()
    assert [e["value"] for e in current if e["kind"] == "pain"] == [3]
    history = client.get("/api/v1/journal", params={"history": True}).json()
    assert sorted(e["status"] for e in history if e["kind"] == "pain") == ["corrected", "current"]
    new_id = edited.json()["entry"]["id"]
    assert client.delete(f"/api/v1/journal/{new_id}", headers=headers).status_code == 200
    assert [e for e in client.get("/api/v1/journal").json() if e["kind"] == "pain"] == []


def test_out_of_range_pain_is_refused_with_the_field(client: TestClient) -> None:
    response = client.post("/api/v1/pain", json={"value": 11}, headers=csrf(client))
    assert response.status_code == 422
    assert response.json()["field_errors"][0]["field"] == "value"
    assert client.get("/api/v1/journal").json() == []


def test_checkin_spadi_and_insights(client: TestClient) -> None:
    headers = csrf(client)
    first = client.post(
        "/api/v1/checkins",
        json={"average_pain": 3, "worst_pain": 5, "water": True},
        headers=headers,
    )
    assert first.status_code == 200, first.text and first.json()["replaced"] is None
    again = client.post("/api/v1/checkins", json={"worst_pain": 6}, headers=headers)
    assert again.json()["replaced"] == first.json()["entry"]["id"]
    form = client.get("/api/v1/spadi/form").json()
    assert sum(len(scale["items"]) for scale in form["scales"]) == 13
    empty = client.post("/api/v1/spadi", json={"answers": [None] * 13}, headers=headers)
    assert empty.status_code == 422, empty.text
    assert empty.json()["field_errors"] == [
        {
            "field": "answers",
            "message": "no question was answered: answer at least one",
            "location": "",
        }
    ]
    spadi = client.post("/api/v1/spadi", json={"answers": [5] * 13}, headers=headers)
    assert spadi.status_code == 201 and spadi.json()["scores"]["total"] == 50.0
    insights = client.get("/api/v1/insights")
    assert insights.status_code == 200, insights.text


def test_export_download_and_import_back_into_an_empty_store(
    client: TestClient, tmp_path: Path
) -> None:
    headers = csrf(client)
    client.post("/api/v1/pain", json={"value": 6, "note": "=HYPERLINK(1)"}, headers=headers)
    backup = client.get("/api/v1/export", params={"format": "json"})
    assert backup.status_code == 200
    assert "attachment" in backup.headers["content-disposition"]
    for fmt in ("csv", "fhir"):
        assert client.get("/api/v1/export", params={"format": fmt}).status_code == 200
    assert client.get("/api/v1/export", params={"format": "xml"}).status_code == 422
    again = client.post(
        "/api/v1/import",
        content=backup.content,
        headers=headers | {"Content-Type": "application/json"},
    )
    assert again.status_code == 200, again.text
    assert sum(again.json()["added"].values()) == 0  # the same records: nothing added twice


def test_a_broken_import_changes_nothing(client: TestClient) -> None:
    headers = csrf(client) | {"Content-Type": "text/csv"}
    response = client.post(
        "/api/v1/import", content=b"time,value\n2026-01-01 10:00,4\nx,99\n", headers=headers
    )
    assert response.status_code == 422
    assert response.json()["field_errors"]
    assert client.get("/api/v1/journal").json() == []


def test_an_import_error_names_the_persons_file_not_a_server_path(client: TestClient) -> None:
    headers = csrf(client) | {"Content-Type": "text/csv", "X-File-Name": "my%20ratings.csv"}
    response = client.post("/api/v1/import", content=b"time,value\nx,99\n", headers=headers)
    assert response.status_code == 422
    said = json.dumps(response.json())
    assert "my ratings.csv" in said and "unknot-import-" not in said and "upload." not in said
    fhir = client.get("/api/v1/export", params={"format": "fhir"}).content
    headers = csrf(client) | {"Content-Type": "application/json"}  # no name sent
    response = client.post("/api/v1/import", content=fhir, headers=headers)
    assert response.status_code == 422
    assert response.json()["message"].startswith("The uploaded file is a FHIR health-record")
    assert response.json()["hint"] == "Import a full backup instead (Settings, Full backup)."
