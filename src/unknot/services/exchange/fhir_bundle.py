"""FHIR R4 out: a collection Bundle of what a clinician's system can read (F11).

* the person: a Patient;
* each pain rating in force: an Observation (LOINC 72514-3, 0-10, one SNOMED body site);
* each SPADI in force: a QuestionnaireResponse to our SPADI Questionnaire, included too;
* each session: a Procedure (something the person did, with a period and how it ended).

Codes and the reasons for each choice are in ``docs/exchange.md``.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from unknot.i18n import _

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
PAIN_CODE = "72514-3"
PAIN_DISPLAY = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
SHOULDER_PAIN = "45326000"
BODY_SITES = {"right": ("91774008", "Right shoulder"), "left": ("91775009", "Left shoulder")}
SPADI_URL = "https://unknot.invalid/fhir/Questionnaire/spadi"
SPADI_VERSION = "1"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
SPADI_FILE = Path(__file__).parents[2] / "content" / "spadi.yaml"
PROCEDURE_STATUS = {"finished": "completed", "running": "in-progress"}  # the rest: stopped


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _when(value: str | None, zone: str) -> str | None:
    """An exported UTC time shown in the person's zone, with its offset."""
    if value is None:
        return None
    return datetime.fromisoformat(value).astimezone(_zone(zone)).isoformat()


def _ref(kind: str, key: str) -> dict[str, str]:
    return {"reference": f"urn:uuid:{key}", "type": kind}


def current(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows in force: not replaced by an edit and not deleted."""
    replaced = {row["replaces_id"] for row in rows if row.get("replaces_id")}
    return [r for r in rows if r["id"] not in replaced and r.get("deleted_at") is None]


@cache
def spadi_questionnaire() -> dict[str, Any]:
    """Our SPADI Questionnaire: two groups, 13 integer items from 0 to 10."""
    form = yaml.safe_load(SPADI_FILE.read_text(encoding="utf-8"))
    groups = [
        {
            "linkId": scale["id"],
            "type": "group",
            "text": scale["question"],
            "item": [
                {
                    "linkId": item["id"],
                    "type": "integer",
                    "text": item["text"],
                    "extension": [
                        {"url": MIN_VALUE, "valueInteger": 0},
                        {"url": MAX_VALUE, "valueInteger": 10},
                    ],
                }
                for item in scale["items"]
            ],
        }
        for scale in form["scales"]
    ]
    return {
        "resourceType": "Questionnaire",
        "id": "spadi",
        "url": SPADI_URL,
        "version": SPADI_VERSION,
        "name": "SPADI",
        "title": form["name"],
        "status": "active",
        "subjectType": ["Patient"],
        "description": form["attribution"],
        "item": groups,
    }


def _body_site(location: str, shoulder: str) -> tuple[str, str] | None:
    side = location.split("-")[0] if location else shoulder
    return BODY_SITES.get(side)


def pain_observation(row: dict[str, Any], patient: str, shoulder: str) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": row["id"],
        "status": "final",
        "category": [{"coding": [{"system": CATEGORY, "code": "survey", "display": "Survey"}]}],
        "code": {
            "coding": [{"system": LOINC, "code": PAIN_CODE, "display": PAIN_DISPLAY}],
            "text": "Shoulder pain (0-10)",
        },
        "subject": _ref("Patient", patient),
        "effectiveDateTime": _when(row["taken_at"], row["timezone"]),
        "valueInteger": row["value"],
    }
    notes = [row["note"]] if row["note"] else []
    site = _body_site(row["location"], shoulder)
    if site is not None:
        code, display = site
        resource["bodySite"] = {
            "coding": [{"system": SNOMED, "code": code, "display": display}],
            "text": row["location"] or display,
        }
    else:
        notes.append(_("Which shoulder was not recorded as one side (left or right)."))
    if row["session_id"]:
        resource["partOf"] = [_ref("Procedure", row["session_id"])]
    if notes:
        resource["note"] = [{"text": text} for text in notes]
    return resource


def spadi_response(row: dict[str, Any], patient: str) -> dict[str, Any]:
    answers = iter(row["answers"])
    groups = []
    for group in spadi_questionnaire()["item"]:
        items = []
        for item in group["item"]:
            value = next(answers)
            entry: dict[str, Any] = {"linkId": item["linkId"], "text": item["text"]}
            if value is not None:
                entry["answer"] = [{"valueInteger": value}]
            items.append(entry)
        groups.append({"linkId": group["linkId"], "text": group["text"], "item": items})
    return {
        "resourceType": "QuestionnaireResponse",
        "id": row["id"],
        "questionnaire": f"{SPADI_URL}|{SPADI_VERSION}",
        "status": "completed",
        "subject": _ref("Patient", patient),
        "authored": _when(row["taken_at"], row["timezone"]),
        "item": groups,
    }


def session_procedure(row: dict[str, Any], patient: str, zone: str) -> dict[str, Any]:
    period = {"start": _when(row["started_at"], zone)}
    if row["ended_at"]:
        period["end"] = _when(row["ended_at"], zone)
    resource: dict[str, Any] = {
        "resourceType": "Procedure",
        "id": row["id"],
        "status": PROCEDURE_STATUS.get(row["status"], "stopped"),
        "code": {
            "text": _("Guided self-care session (unknot routine {routine})").format(
                routine=row["routine_id"]
            )
        },
        "subject": _ref("Patient", patient),
        "performedPeriod": period,
    }
    if row["end_reason"]:
        resource["statusReason"] = {"text": row["end_reason"]}
    return resource


def patient(person: dict[str, Any]) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": person["id"],
        "identifier": [{"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{person['id']}"}],
    }
    if person["display_name"]:
        resource["name"] = [{"text": person["display_name"]}]
    return resource


def bundle(doc: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The FHIR R4 Bundle (type collection) of an exported backup document."""
    person = doc["person"]
    found = doc["tables"]
    profile = found["profile"][0] if found["profile"] else {"painful_shoulder": "", "timezone": ""}
    key = person["id"]
    resources = [patient(person), spadi_questionnaire()]
    resources += [session_procedure(row, key, profile["timezone"]) for row in found["session"]]
    resources += [
        pain_observation(row, key, profile["painful_shoulder"])
        for row in current(found["pain_rating"])
    ]
    resources += [spadi_response(row, key) for row in current(found["spadi"])]
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": now.isoformat(),
        "entry": [{"fullUrl": _full_url(r), "resource": r} for r in resources],
    }


def _full_url(resource: dict[str, Any]) -> str:
    if resource["resourceType"] == "Questionnaire":
        return f"{SPADI_URL}"
    return f"urn:uuid:{resource['id']}"
