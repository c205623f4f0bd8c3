"""The API's answers to requests that are wrong in shape (issue 15): a body that is not JSON,
a field it does not have beside a value out of range, and HEAD where GET works."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from webclient import csrf


def journal(client: TestClient) -> list[object]:
    body: list[object] = client.get("/api/v1/journal").json()
    return body


@pytest.mark.parametrize("body", [b'{"value": 3,', b"value=3", b"[1, 2"])
def test_a_body_that_is_not_json_is_a_400_saying_so(client: TestClient, body: bytes) -> None:
    headers = {**csrf(client), "Content-Type": "application/json"}
    answer = client.post("/api/v1/pain", content=body, headers=headers)
    assert answer.status_code == 400, answer.text
    said = answer.json()
    assert said["code"] == "malformed_json"
    assert said["message"].startswith("The request body is not valid JSON (")
    assert "nothing was changed" in said["hint"]
    assert journal(client) == []


def test_a_request_without_a_body_is_a_400_saying_so(client: TestClient) -> None:
    headers = {**csrf(client), "Content-Type": "application/json"}
    answer = client.post("/api/v1/pain", content=b"", headers=headers)
    assert answer.status_code == 400, answer.text
    assert answer.json()["message"] == "The request has no body; it needs one JSON object."


def test_an_extra_field_does_not_hide_a_rating_out_of_range(client: TestClient) -> None:
    answer = client.post("/api/v1/pain", json={"value": 11, "colour": "red"}, headers=csrf(client))
    assert answer.status_code == 422
    fields = {f["field"]: f["message"] for f in answer.json()["field_errors"]}
    assert fields == {
        "value": "11 is not a whole number from 0 to 10",
        "colour": "this request has no such field; leave it out",
    }
    checkin = {"average_pain": 3, "worst_pain": 12, "mood": "fine"}
    answer = client.post("/api/v1/checkins", json=checkin, headers=csrf(client))
    fields = {f["field"]: f["message"] for f in answer.json()["field_errors"]}
    assert fields["worst_pain"] == "12 is not a whole number from 0 to 10" and "mood" in fields
    assert journal(client) == []


@pytest.mark.parametrize(
    "path", ["/", "/journal", "/insights", "/api/v1/health", "/api/v1/journal", "/api/v1/plan"]
)
def test_head_answers_wherever_get_does_without_a_body(client: TestClient, path: str) -> None:
    got = client.get(path)
    head = client.head(path)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers["content-length"] == str(len(got.content))


def test_head_is_listed_as_allowed_and_writes_still_need_their_method(client: TestClient) -> None:
    answer = client.delete("/api/v1/journal", headers=csrf(client))
    assert answer.status_code == 405
    assert "HEAD" in answer.headers["allow"] and "GET" in answer.headers["allow"]
    assert client.head("/api/v1/pain").status_code == 405  # POST only: no GET, so no HEAD
