"""The FHIR R4 Bundle validates with fhir.resources (R4B models) and carries the right codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from exchange_factories import (
    sample_journal,
    write,
)
from unknot.services.app import Actor
from unknot.services.exchange.fhir_bundle import SPADI_URL
from unknot.services.exchange.transfer import export


def _bundle(store: Actor, tmp_path: Path, shoulder: str = "right") -> dict[str, Any]:
    write(store, sample_journal(store.person_id, shoulder))
    path = export(store, "fhir", tmp_path / "fhir.json").path
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    Bundle.model_validate(data)  # raises when anything is not valid R4
    return data


def _of(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == kind]


def test_bundle_validates_and_holds_every_resource_kind(store: Actor, tmp_path: Path) -> None:
    data = _bundle(store, tmp_path)
    assert data["type"] == "collection"
    kinds = [e["resource"]["resourceType"] for e in data["entry"]]
    assert kinds.count("Patient") == 1 and kinds.count("Questionnaire") == 1
    # 7 ratings: one replaced by an edit and one deleted leave 5 in force
    assert kinds.count("Observation") == 5
    assert kinds.count("QuestionnaireResponse") == 1 and kinds.count("Procedure") == 1
    [patient] = _of(data, "Patient")
    assert patient["id"] == str(store.person_id)


def test_pain_observation_codes_and_body_site(store: Actor, tmp_path: Path) -> None:
    data = _bundle(store, tmp_path, shoulder="right")
    by_value = {o["valueInteger"]: o for o in _of(data, "Observation")}
    for obs in by_value.values():
        assert obs["status"] == "final"
        assert obs["code"]["coding"][0] == {
            "system": "http://loinc.org",
            "code": "72514-3",
            "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
        }
        assert obs["category"][0]["coding"][0]["code"] == "survey"
        assert obs["subject"]["reference"] == f"urn:uuid:{store.person_id}"
    # the edited rating (left-top) names the left shoulder itself
    assert by_value[3]["bodySite"]["coding"] == [
        {"system": "http://snomed.info/sct", "code": "91775009", "display": "Left shoulder"}
    ]
    # no location: the profile's painful shoulder
    assert by_value[1]["bodySite"]["coding"][0]["code"] == "91774008"
    # both shoulders: no single body site, and a note says so
    assert "bodySite" not in by_value[2]
    assert "one side" in by_value[2]["note"][-1]["text"]
    # times keep the record's own zone (Europe/Berlin, UTC+1 in February)
    assert by_value[5]["effectiveDateTime"] == "2026-02-20T18:00:00+01:00"
    assert by_value[5]["partOf"][0]["reference"].startswith("urn:uuid:")


def test_without_a_side_anywhere_the_body_site_is_left_out(store: Actor, tmp_path: Path) -> None:
    data = _bundle(store, tmp_path, shoulder="both")
    by_value = {o["valueInteger"]: o for o in _of(data, "Observation")}
    assert "bodySite" not in by_value[1] and by_value[1]["note"]
    assert by_value[3]["bodySite"]["coding"][0]["code"] == "91775009"


def test_spadi_response_answers_the_published_questionnaire(store: Actor, tmp_path: Path) -> None:
    data = _bundle(store, tmp_path)
    [questionnaire] = _of(data, "Questionnaire")
    assert questionnaire["url"] == SPADI_URL
    groups = questionnaire["item"]
    assert [g["linkId"] for g in groups] == ["pain", "disability"]
    items = [i for g in groups for i in g["item"]]
    assert len(items) == 13 and {i["type"] for i in items} == {"integer"}
    assert all([e["valueInteger"] for e in i["extension"]] == [0, 10] for i in items)
    [response] = _of(data, "QuestionnaireResponse")
    assert response["questionnaire"] == f"{SPADI_URL}|1" and response["status"] == "completed"
    answered = {i["linkId"]: i.get("answer") for g in response["item"] for i in g["item"]}
    assert list(answered) == [f"pain_{n}" for n in range(1, 6)] + [
        f"disability_{n}" for n in range(1, 9)
    ]
    assert answered["pain_1"] == [{"valueInteger": 5}]
    assert answered["disability_2"] is None  # unanswered item: no answer
    assert answered["disability_8"] == [{"valueInteger": 10}]


def test_session_is_a_procedure_with_its_period_and_ending(store: Actor, tmp_path: Path) -> None:
    [procedure] = _of(_bundle(store, tmp_path), "Procedure")
    assert procedure["status"] == "stopped"
    assert procedure["statusReason"] == {"text": "Pain went up."}
    assert procedure["performedPeriod"] == {
        "start": "2026-02-20T18:00:00+01:00",
        "end": "2026-02-20T18:06:00+01:00",
    }
    assert "hip-short" in procedure["code"]["text"]
