"""The personal-trial pages (issue 8): plan with its design check, today and the events, the
report in the CENT order. Writes go through /api/v1/trial (static/trial.js and app.js)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from unknot.core import trial as core
from unknot.core import trial_text as words
from unknot.i18n import _
from unknot.web.api import actor_of, safety_out
from unknot.web.layout import page

router = APIRouter(include_in_schema=False)


def routine_choices(svc: Any) -> list[tuple[str, str]]:
    from unknot.services.trial import status as trial_status

    return [(rid, trial_status.routine_name(svc, rid)) for rid in trial_status.routine_ids(svc)]


@router.get("/trial", response_class=HTMLResponse)
def trial_page(request: Request) -> Response:
    from unknot.services.trial import lifecycle as trials
    from unknot.services.trial import status as trial_status
    from unknot.services.trial import today as trial_today

    svc = actor_of(request)
    status = trial_status.current_status(svc)
    today = trial_today.today(svc)
    past = [t for t in trial_status.trials(svc) if status is None or t.id != status.id]
    context: dict[str, Any] = {
        "status": status,
        "today": today,
        "past": past,
        "safety": safety_out(svc),
        "routines": routine_choices(svc),
        "defaults": core.Design(),
        "no_routine": core.NO_ROUTINE,
        "over": trial_status.recently_over(svc) if status is None else None,
    }
    if status is None:
        from datetime import timedelta

        from unknot.core.insights.text import clinician_text
        from unknot.services.journal.times import person_zone

        day = person_zone(svc).today(svc.clock())
        check = trial_today.clinician(svc, day)
        context["clinician_due"] = check.due
        context["clinician_text"] = clinician_text(check) if check.due else ""
        context["first_day"] = day.isoformat()
        context["suggested"] = trials.suggested_start(svc)
        context["last_day"] = (day + timedelta(trials.MAX_START_AHEAD)).isoformat()
    if status is not None:
        context["design_lines"] = words.design_lines(status.design, status.arm_names)
        context["periods"] = [s for s in status.revealed if s["kind"] == core.PERIOD]
        context["lead"] = [s for s in status.revealed if s["kind"] != core.PERIOD]
    return page(request, "trial.html", "trial", _("Personal trial"), **context)


@router.get("/trial/report", response_class=HTMLResponse)
def trial_report_page(
    request: Request,
    trial: Annotated[uuid.UUID | None, Query(description="A trial's id")] = None,
) -> Response:
    from unknot.core.trial_report import residual_acf
    from unknot.services.trial.report import trial_report
    from unknot.web.trial_charts import BIN_CLASSES, acf_chart, bins_chart, series_chart

    report = trial_report(actor_of(request), trial)
    body = report.to_json()
    lags, acf, band = residual_acf(report)
    analysis = body["analysis"]
    at_mcid = analysis["primary"].get("at_mcid", []) if analysis else []
    planned = body["design_planned"]["mcid"]
    at_mcid = sorted(at_mcid, key=lambda at: at["mcid"] != planned)  # the trial's own MCID first
    sections = [
        (_("Why an N-of-1 trial"), [body["why"]]),
        (_("Condition and concurrent treatments"), words.condition_lines(body["condition"])),
        (_("Interventions as given"), words.intervention_lines(body["interventions"])),
        (_("Design as planned"), words.planned_lines(body["design_planned"])),
        (_("Design as run"), words.run_lines(body["design_as_run"], body["events"])),
        (_("Randomisation"), words.random_lines(body["randomisation"])),
        (_("Blinding"), [body["blinding"]]),
        (_("Outcomes"), list(body["outcomes"].values())),
        (_("Statistical methods"), [body["methods"]]),
    ]
    return page(
        request,
        "trial_report.html",
        "trial",
        report.title,
        report=report,
        body=body,
        sections=sections,
        headers=words.period_headers(),
        rows=[words.period_cells(p) for p in [*body["lead_in"], *body["periods"]]],
        harms=words.harm_lines(body["harms"]),
        series_svg=series_chart(report),
        acf_svg=acf_chart(lags, acf, band),
        acf=list(zip(lags, acf, strict=True)),
        acf_band=band,
        bars=[(at, bins_chart(at, f"bins{i}")) for i, at in enumerate(at_mcid)],
        analysis=analysis,
        method_names=method_names(),
        interim_line=words.interim_line(),
        bin_classes=BIN_CLASSES,
        trial_id=trial,
    )


def method_names() -> dict[str, str]:
    return {
        "gls_ar1": _("AR(1) regression"),
        "paired_t": _("Paired t"),
        "serial_t": _("Serial t (Tang & Landes)"),
        "randomisation": _("Randomisation test"),
    }
