"""Request bodies: capped on every route, strict JSON, no booleans for numbers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from unknot.services.app import Actor
from unknot.services.exchange.transfer import export
from unknot.web.bodies import MAX_BODY
from webclient import csrf

SHAPE = {"status", "code", "message", "hint", "field_errors"}


def _json_headers(client: TestClient) -> dict[str, str]:
    return {**csrf(client), "Content-Type": "application/json"}


def _pain_count(client: TestClient) -> int:
    return len([e for e in client.get("/api/v1/journal").json() if e["kind"] == "pain"])


def test_a_body_over_the_cap_is_refused_before_it_is_read(client: TestClient) -> None:
    big = b'{"value": 3, "note": "' + b"x" * MAX_BODY + b'"}'
    response = client.post("/api/v1/pain", content=big, headers=_json_headers(client))
    assert response.status_code == 413
    body = response.json()
    assert set(body) == SHAPE and body["code"] == "too_large"
    assert "larger than 2048 KB" in body["message"] and body["hint"]


def test_a_streamed_body_over_the_cap_is_refused_too(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"value": 3, "note": "'
        for _ in range(3):
            yield b"x" * (1024 * 1024)
        yield b'"}'

    response = client.post("/api/v1/notes", content=chunks(), headers=_json_headers(client))
    assert response.status_code == 413 and response.json()["code"] == "too_large"


def test_every_route_has_the_cap_even_a_page(client: TestClient) -> None:
    headers = {**csrf(client), "Content-Length": str(MAX_BODY + 1)}
    response = client.post("/login", content=b"", headers=headers)
    assert response.status_code == 413


def test_a_body_under_the_cap_still_works(client: TestClient) -> None:
    note = {"text": "a long note " * 800}
    response = client.post("/api/v1/notes", json=note, headers=csrf(client))
    assert response.status_code == 201


@pytest.mark.parametrize("depth", [40, 900, 100_000])
def test_deeply_nested_json_is_a_422_not_a_500(client: TestClient, depth: int) -> None:
    body = b'{"text": ' + b"[" * depth + b"]" * depth + b"}"
    response = client.post("/api/v1/notes", content=body, headers=_json_headers(client))
    assert response.status_code == 422
    found = response.json()
    assert set(found) == SHAPE and found["code"] == "too_deep"
    assert "nested more than 32 levels" in found["message"]


def test_duplicate_keys_are_refused_and_nothing_is_saved(client: TestClient) -> None:
    body = b'{"value": 3, "value": 9}'
    response = client.post("/api/v1/pain", content=body, headers=_json_headers(client))
    assert response.status_code == 422
    found = response.json()
    assert found["code"] == "duplicate_key" and '"value" twice' in found["message"]
    assert _pain_count(client) == 0


@pytest.mark.parametrize("value", [True, False])
def test_true_or_false_is_not_a_pain_rating(client: TestClient, value: bool) -> None:
    response = client.post("/api/v1/pain", json={"value": value}, headers=csrf(client))
    assert response.status_code == 422
    assert response.json()["field_errors"][0]["field"] == "value"
    assert "not true or false" in response.json()["field_errors"][0]["message"]
    assert _pain_count(client) == 0


def test_the_pages_own_forms_still_send_ratings_as_text(client: TestClient) -> None:
    response = client.post("/api/v1/pain", json={"value": "4"}, headers=csrf(client))
    assert response.status_code == 201 and response.json()["value"] == 4


def test_check_in_flags_must_be_true_or_false(client: TestClient) -> None:
    values = {"average_pain": 3, "worst_pain": 5, "water": "yes"}
    response = client.post("/api/v1/checkins", json=values, headers=csrf(client))
    assert response.status_code == 422
    assert response.json()["field_errors"][0]["field"] == "water"


def test_a_json_import_with_a_duplicate_key_is_refused(
    client: TestClient, services: Actor, tmp_path: Path
) -> None:
    made = export(services, "json", tmp_path / "b.json").path
    text = made.read_text("utf-8").replace('"person": {', '"person": {"id": "x", ', 1)
    response = client.post("/api/v1/import", content=text.encode(), headers=_json_headers(client))
    assert response.status_code == 422
    assert '"id" twice in one object' in response.json()["message"]
    json.loads(made.read_text("utf-8"))  # the untouched export is plain JSON
