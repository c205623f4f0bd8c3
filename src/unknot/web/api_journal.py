"""The journal part of the JSON API: pain ratings, notes, check-ins, SPADI, history, insights."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, StrictBool
from starlette.concurrency import run_in_threadpool

from unknot.i18n import _
from unknot.web.api import Svc
from unknot.web.schemas import ERRORS, Rating, Strict, TextTime, Whole

router = APIRouter(prefix="/api/v1", responses=ERRORS, tags=["journal"])


class PainIn(Strict):
    value: Rating = Field(description="Shoulder pain 0-10 (0 no pain, 10 worst imaginable)")
    location: str = Field("", description="e.g. right-front; see docs/journal.md")
    note: str = Field("", max_length=2000)
    at: TextTime | None = Field(None, description="When; without a zone, the person's zone")


class NoteIn(Strict):
    text: str = Field(min_length=1, max_length=10000)
    at: TextTime | None = None


class CheckInIn(Strict):
    day: date | None = Field(None, description="The day it is about; default today")
    average_pain: Rating | None = None
    worst_pain: Rating | None = None
    locations: list[str] | None = None
    sleep_disturbed: StrictBool | None = None
    painkillers: StrictBool | None = None
    other_treatment: str | None = Field(None, max_length=2000)
    posture_breaks: StrictBool | None = None
    activity: StrictBool | None = None
    water: StrictBool | None = None
    stretching: StrictBool | None = None
    note: str | None = Field(None, max_length=2000)


class SpadiIn(Strict):
    answers: list[Whole | None] = Field(
        description="13 answers 0-10, pain items first; null = skipped"
    )
    note: str = Field("", max_length=2000)


class EditIn(Strict):
    changes: dict[str, Any]


class EntryOut(BaseModel):
    kind: str
    status: str
    id: str
    model_config = {"extra": "allow"}


class SavedOut(BaseModel):
    entry: EntryOut
    replaced: str | None = None


def _entry(record: Any) -> EntryOut:
    from unknot.services.journal.read import Entry

    return EntryOut(**Entry(record).to_json())


@router.post("/pain", response_model=EntryOut, status_code=201)
async def post_pain(body: PainIn, svc: Svc) -> Response:
    """Log a shoulder pain rating (several a day are fine)."""
    from unknot.services.journal.read import Entry
    from unknot.services.journal.write import log_pain

    # The hot path of the API: one hop to a worker thread for the database, and the reply
    # built directly (its shape is EntryOut, checked by the schema tests).
    entry = await run_in_threadpool(
        log_pain, svc, body.value, location=body.location, note=body.note, at=body.at
    )
    return JSONResponse(Entry(entry).to_json(), status_code=201)


@router.post("/notes", response_model=EntryOut, status_code=201)
def post_note(body: NoteIn, svc: Svc) -> EntryOut:
    from unknot.services.journal.write import add_note

    return _entry(add_note(svc, body.text, at=body.at))


@router.post("/checkins", response_model=SavedOut)
def post_checkin(body: CheckInIn, svc: Svc) -> SavedOut:
    """The day's check-in; a second one for the same day corrects the first."""
    from unknot.services.journal.write import check_in

    values = body.model_dump(exclude_none=True, exclude={"day"})
    if "locations" in values:
        values["locations"] = tuple(values["locations"])
    saved = check_in(svc, values, day=body.day)
    replaced = str(saved.replaced.id) if saved.replaced is not None else None
    return SavedOut(entry=_entry(saved.record), replaced=replaced)


@router.get("/spadi/form")
def spadi_form() -> dict[str, Any]:
    """The 13 SPADI items as published (Roach et al. 1991), with their anchors."""
    from dataclasses import asdict

    from unknot.services.journal.spadi_form import spadi_form as form

    return asdict(form())


@router.post("/spadi", response_model=EntryOut, status_code=201)
def post_spadi(body: SpadiIn, svc: Svc) -> EntryOut:
    from unknot.services.journal.write import record_spadi

    return _entry(record_spadi(svc, body.answers, note=body.note))


@router.get("/journal", response_model=list[EntryOut])
def get_journal(
    svc: Svc,
    since: date | None = None,
    history: Annotated[bool, Query(description="Include corrected and deleted entries")] = False,
) -> list[EntryOut]:
    from unknot.services.journal.read import entries

    return [EntryOut(**e.to_json()) for e in entries(svc, since, include_history=history)]


@router.patch("/journal/{entry_id}", response_model=SavedOut)
def patch_entry(entry_id: str, body: EditIn, svc: Svc) -> SavedOut:
    """Correct an entry: the new version replaces it; the old one stays as history."""
    from unknot.services.journal.write import edit

    saved = edit(svc, entry_id, _typed_changes(body.changes))
    replaced = str(saved.replaced.id) if saved.replaced is not None else None
    return SavedOut(entry=_entry(saved.record), replaced=replaced)


@router.delete("/journal/{entry_id}", response_model=EntryOut)
def delete_entry(entry_id: str, svc: Svc) -> EntryOut:
    """Mark an entry deleted (it stays in the history)."""
    from unknot.services.journal.write import delete

    entry = delete(svc, entry_id)
    return EntryOut(**{**entry.to_json(), "status": "deleted"})


def _typed_changes(changes: dict[str, Any]) -> dict[str, Any]:
    from unknot.errors import Problem, ValidationError
    from unknot.services.journal.times import parse_time

    typed = dict(changes)
    if isinstance(typed.get("taken_at"), str):
        typed["taken_at"] = parse_time(typed["taken_at"])
    for key in ("answers", "locations"):
        if isinstance(typed.get(key), list):
            typed[key] = tuple(typed[key])
    bad = [k for k, v in typed.items() if isinstance(v, dict | list)]
    if bad:
        raise ValidationError(
            _("Some changes have the wrong type."),
            problems=[Problem(_("must be a single value"), field=k) for k in bad],
        )
    return typed


@router.get("/insights", tags=["insights"])
def get_insights(svc: Svc, since: date | None = None) -> dict[str, Any]:
    """What the journal shows: trend, change per routine, SPADI, adherence, habits, prompts."""
    from unknot.core.insights.json_form import insights_json
    from unknot.services.insights import report

    return insights_json(report(svc, since))
