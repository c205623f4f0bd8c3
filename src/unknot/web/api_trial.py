"""Personal trials over the API (issue 8, F9): the design check, commit, today, events, report.

The handlers only parse and call :mod:`unknot.services.trial` (``lifecycle``, ``status``,
``today``), exactly as ``unknot trial`` does; the sentences come from
:mod:`unknot.core.trial_text`, the same as the terminal and the PDF.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field, StrictBool, StrictInt

from unknot.core.trial import DECISION_THRESHOLD, Design
from unknot.web.api import Svc
from unknot.web.schemas import ERRORS, Strict

router = APIRouter(prefix="/api/v1", responses=ERRORS, tags=["trial"])


class DesignIn(Strict):
    """A trial design; the keys are the options of ``unknot trial plan``."""

    arm_a: str = Field("hip-full", max_length=80, description="The routine under test")
    arm_b: str = Field("shoulder", max_length=80, description="A routine, or 'none'")
    period: StrictInt = Field(7, description="Days per period: 7 or 14")
    pairs: StrictInt = Field(3, description="AB/BA pairs: 2 to 4")
    baseline: StrictBool = Field(
        False, description="Begin with a baseline period without a routine"
    )
    run_in: StrictInt = Field(0, description="Run-in days before everything: 0 to 14")
    mcid: float = Field(2.0, description="Smallest difference that matters, in points")
    trend: StrictBool = Field(False, description="A linear trend in the main model")
    threshold: float = Field(
        DECISION_THRESHOLD, description="Conclude when P(better) is at least this"
    )

    def design(self) -> Design:
        return Design(
            self.arm_a,
            self.arm_b,
            self.period,
            self.pairs,
            self.baseline,
            self.run_in,
            self.mcid,
            self.trend,
            self.threshold,
        )


class PlanIn(DesignIn):
    assessed_by_clinician: StrictBool = Field(description="Has a clinician assessed the shoulder?")
    start: date | None = Field(None, description="First day, YYYY-MM-DD; default today")


class ReasonIn(Strict):
    reason: str = Field("", max_length=500, description="Why; the report shows it")


class CheckOut(BaseModel):
    design: dict[str, Any]
    design_lines: list[str]
    check: dict[str, Any]
    noise_line: str
    sims_line: str
    scenario_lines: list[str]
    verdict: str


class TrialNowOut(BaseModel):
    trial: dict[str, Any] | None
    today: dict[str, Any] | None


def check_out(svc: Any, design: Design) -> CheckOut:
    from unknot.core import trial_text as words
    from unknot.services.trial import lifecycle as trials
    from unknot.services.trial import status as trial_status
    from unknot.services.trial.json_form import check_json, design_json

    check = check_json(trials.design_check(svc, design))
    names = {arm: trial_status.routine_name(svc, design.routine_of(arm)) for arm in ("A", "B")}
    return CheckOut(
        design=design_json(design),
        design_lines=words.design_lines(design, names),
        check=check,
        noise_line=words.noise_line(check),
        sims_line=words.sims_line(check),
        scenario_lines=words.scenario_lines(check),
        verdict=words.verdict_line(check, flags=False),
    )


def trial_now(svc: Any) -> TrialNowOut:
    from unknot.services.trial import status as trial_status
    from unknot.services.trial import today as trial_today

    status = trial_status.current_status(svc)
    today = trial_today.today(svc)
    return TrialNowOut(
        trial=status.to_json() if status else None, today=today.to_json() if today else None
    )


@router.get("/trial", response_model=TrialNowOut)
def get_trial(svc: Svc) -> TrialNowOut:
    """The open trial (planned, running or paused) and what it asks of you today, or nulls."""
    return trial_now(svc)


@router.get("/trials")
def list_trials(svc: Svc) -> list[dict[str, Any]]:
    """Every trial you have planned, newest first (periods are revealed as they start)."""
    from unknot.services.trial import status as trial_status

    return [t.to_json() for t in trial_status.trials(svc)]


@router.post("/trial/check", response_model=CheckOut)
def post_check(body: DesignIn, svc: Svc) -> CheckOut:
    """The design-time check by simulation: commits nothing (``unknot trial plan --check-only``)."""
    from unknot.services.trial import lifecycle as trials

    trials.check_planning_allowed(svc)
    return check_out(svc, body.design())


@router.post("/trial", response_model=TrialNowOut, status_code=201)
def post_trial(body: PlanIn, svc: Svc) -> TrialNowOut:
    """Commit a trial: the design check is run again and stored; the order of every pair is
    drawn once from a new seed. One open trial at a time."""
    from unknot.services.trial import lifecycle as trials

    design = body.design()
    trials.check_planning_allowed(svc)
    trials.require_no_open_trial(svc)
    check = trials.design_check(svc, design)
    trials.plan_trial(
        svc, design, assessed_by_clinician=body.assessed_by_clinician, start=body.start, check=check
    )
    return trial_now(svc)


def _event(kind: str, body: ReasonIn, svc: Any) -> TrialNowOut:
    from unknot.services.trial import lifecycle as trials

    act = {"pause": trials.pause, "resume": trials.resume, "extend": trials.extend,
           "stop": trials.stop}[kind]  # fmt: skip
    act(svc, body.reason)
    return trial_now(svc)


@router.post("/trial/pause", response_model=TrialNowOut)
def post_pause(body: ReasonIn, svc: Svc) -> TrialNowOut:
    """Pause from today (a reason is required); the schedule waits and the report flags it."""
    return _event("pause", body, svc)


@router.post("/trial/resume", response_model=TrialNowOut)
def post_resume(body: ReasonIn, svc: Svc) -> TrialNowOut:
    """Resume a paused trial from today, where it left off."""
    return _event("resume", body, svc)


@router.post("/trial/extend", response_model=TrialNowOut)
def post_extend(body: ReasonIn, svc: Svc) -> TrialNowOut:
    """Add one AB/BA pair, its order the next draw of the trial's seed (a reason is required)."""
    return _event("extend", body, svc)


@router.post("/trial/stop", response_model=TrialNowOut)
def post_stop(body: ReasonIn, svc: Svc) -> TrialNowOut:
    """Stop early from today (a reason is required); the report analyses what there is."""
    return _event("stop", body, svc)


TrialId = Annotated[uuid.UUID | None, Query(description="A trial's id; default the latest")]


@router.get("/trial/report")
def get_report(svc: Svc, trial: TrialId = None) -> dict[str, Any]:
    """The trial report in the CENT 2015 structure (docs/trials.md), as JSON."""
    from unknot.services.trial.report import trial_report

    return trial_report(svc, trial).to_json()


@router.get(
    "/trial/report.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "The PDF"}},
)
def get_report_pdf(svc: Svc, trial: TrialId = None) -> Response:
    """The same report as a PDF, with its figures."""
    from unknot.documents.trial_pdf import pdf_bytes
    from unknot.services.trial.report import trial_report

    report = trial_report(svc, trial)
    name = f"unknot-trial-{report.today.isoformat()}.pdf"
    return Response(
        pdf_bytes(report),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
