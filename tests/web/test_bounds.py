"""Dates and text are bounded on every write and import: the API, the CLI and files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from unknot.cli import app as cli_app
from unknot.services.app import Actor
from unknot.services.exchange.transfer import export
from webclient import csrf

runner = CliRunner()


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    cli_app._register()


def _problems(response: object) -> list[str]:
    body = response.json()  # type: ignore[attr-defined]
    return [f"{p['field']}: {p['message']}" for p in body["field_errors"]] or [body["message"]]


@pytest.mark.parametrize("at", [0, 1_700_000_000, "0001-01-01T00:00:00+00:00", "1999-12-31T23:00Z"])
def test_a_time_before_2000_or_a_number_is_refused(client: TestClient, at: object) -> None:
    response = client.post("/api/v1/pain", json={"value": 3, "at": at}, headers=csrf(client))
    assert response.status_code == 422, response.text
    text = " ".join(_problems(response))
    assert "before 2000-01-01" in text or "as text" in text
    assert client.get("/api/v1/journal").json() == []


def test_the_journal_page_stays_up_in_new_york(client: TestClient) -> None:
    client.put("/api/v1/profile", json={"timezone": "America/New_York"}, headers=csrf(client))
    at = "0001-01-01T00:00:00+00:00"
    assert (
        client.post("/api/v1/pain", json={"value": 3, "at": at}, headers=csrf(client)).status_code
        == 422
    )
    assert client.get("/journal", headers={"Accept": "text/html"}).status_code == 200


def test_a_time_far_in_the_future_is_refused(client: TestClient) -> None:
    at = "2999-01-01T00:00:00+00:00"
    response = client.post("/api/v1/notes", json={"text": "x", "at": at}, headers=csrf(client))
    assert response.status_code == 422 and "in the future" in " ".join(_problems(response))


@pytest.mark.parametrize("bad", ["nul\x00here", "bell\x07", "esc\x1b[31m", "del\x7f"])
def test_control_characters_are_refused_in_text(client: TestClient, bad: str) -> None:
    for path, body in (
        ("/api/v1/pain", {"value": 3, "note": bad}),
        ("/api/v1/notes", {"text": bad}),
        ("/api/v1/checkins", {"average_pain": 2, "worst_pain": 3, "note": bad}),
    ):
        response = client.post(path, json=body, headers=csrf(client))
        assert response.status_code == 422, (path, response.text)
        assert "invisible control character" in " ".join(_problems(response))
    assert client.get("/api/v1/journal").json() == []


def test_tabs_and_new_lines_are_fine(client: TestClient) -> None:
    response = client.post(
        "/api/v1/notes", json={"text": "line one\n\tline two\r\n"}, headers=csrf(client)
    )
    assert response.status_code == 201


def test_the_cli_refuses_an_early_date() -> None:
    result = runner.invoke(cli_app.app, ["log", "pain", "3", "--at", "0001-01-01 00:00"])
    out = " ".join(result.output.split())
    assert result.exit_code == 1 and "before 2000-01-01" in out


def test_a_json_import_with_an_early_date_or_a_nul_is_refused(
    client: TestClient, services: Actor, tmp_path: Path
) -> None:
    client.post("/api/v1/pain", json={"value": 3, "note": "ok"}, headers=csrf(client))
    made = export(services, "json", tmp_path / "b.json").path
    doc = json.loads(made.read_text("utf-8"))
    row = doc["tables"]["pain_rating"][0]
    fresh = "0b7e2d1c-0000-4000-8000-000000000001"
    for change in (
        {"id": fresh, "taken_at": "0001-01-01T00:00:00+00:00"},
        {"id": fresh, "note": "a\x00b"},
    ):
        bad = {**doc, "tables": {**doc["tables"], "pain_rating": [{**row, **change}]}}
        response = client.post(
            "/api/v1/import",
            content=json.dumps(bad).encode(),
            headers={**csrf(client), "Content-Type": "application/json"},
        )
        assert response.status_code == 422, response.text
        text = " ".join(_problems(response))
        assert "before 2000-01-01" in text or "control character" in text


def test_a_csv_import_with_an_early_date_or_a_control_character_is_refused(
    client: TestClient,
) -> None:
    for row in ("1999-01-01 08:00,3,,", "2026-03-01 08:00,3,,bad\x01note"):
        body = f"time,value,location,note\n{row}\n".encode()
        response = client.post(
            "/api/v1/import", content=body, headers={**csrf(client), "Content-Type": "text/csv"}
        )
        assert response.status_code == 422, response.text
        text = " ".join(_problems(response))
        assert "before 2000-01-01" in text or "control character" in text


def test_a_report_before_2000_is_refused_not_a_server_error(client: TestClient) -> None:
    client.put("/api/v1/profile", json={"timezone": "America/New_York"}, headers=csrf(client))
    response = client.get("/api/v1/insights", params={"since": "0001-01-01"})
    assert response.status_code == 422
    assert "nothing before 2000-01-01" in response.json()["message"]
    assert client.get("/api/v1/journal", params={"since": "0001-01-01"}).status_code == 200


def test_control_characters_are_refused_in_every_input_body(client: TestClient) -> None:
    response = client.post("/api/v1/trial/stop", json={"reason": "a\x00b"}, headers=csrf(client))
    assert response.status_code == 422
    assert "reason: " in _problems(response)[0] and "control character" in _problems(response)[0]
