"""The JSON API under /api/v1: everything the pages do (F14)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from unknot.core.content import Technique, estimate_seconds
from unknot.core.screening import HipSurgery
from unknot.errors import ValidationError
from unknot.i18n import _
from unknot.services import safety
from unknot.services.acting import for_request
from unknot.services.app import Actor
from unknot.web import schemas as s

router = APIRouter(prefix="/api/v1", responses=s.ERRORS)


def actor_of(request: Request) -> Actor:
    """The request's Actor, built once per request (its profile facts are loaded once too)."""
    found = getattr(request.state, "actor", None)
    if found is None:
        found = request.state.actor = for_request(request.app.state.app)
    return found


async def _actor(request: Request) -> Actor:
    """The dependency form: async, so FastAPI does not hop to a worker thread for it."""
    return actor_of(request)


Svc = Annotated[Actor, Depends(_actor)]


@router.get("/health", response_model=s.OkOut, tags=["session"])
def health() -> s.OkOut:
    """A trivial answer: the server is up (no database)."""
    return s.OkOut()


@router.get("/csrf", response_model=s.CsrfOut, tags=["session"])
def csrf(request: Request) -> s.CsrfOut:
    """The CSRF token to send back in ``X-CSRF-Token`` on every write (cookie set too)."""
    return s.CsrfOut(token=request.state.csrf)


def profile_out(actor: Actor) -> s.ProfileOut:
    from unknot.core.countries import numbers_for
    from unknot.services.profile import country_names, get_profile

    profile = get_profile(actor)
    numbers = numbers_for(safety.countries(), profile.country)
    return s.ProfileOut(
        painful_shoulder=profile.painful_shoulder.value,
        causes=list(profile.causes),
        minutes_available=profile.minutes_available,
        pressure=profile.pressure.value,
        country=profile.country,
        country_name=country_names().get(profile.country, ""),
        numbers=s.CountryNumbersOut.of(numbers),
        timezone=profile.timezone,
        language=profile.language,
    )


@router.get("/profile", response_model=s.ProfileOut, tags=["profile"])
def get_profile(svc: Svc) -> s.ProfileOut:
    return profile_out(svc)


@router.get("/countries", response_model=list[s.CountryOut], tags=["profile"])
def get_countries() -> list[s.CountryOut]:
    """Every country code the profile accepts, and whose numbers each one gets."""
    from unknot.services.profile import country_kinds

    return [s.CountryOut(code=c, name=n, numbers=k) for c, n, k in country_kinds()]


@router.patch("/profile", response_model=s.ProfileOut, tags=["profile"])
def patch_profile(body: s.ProfileIn, svc: Svc) -> s.ProfileOut:
    """Change some settings; all are checked first and saved together, or none."""
    from unknot.services.profile import change_profile

    change_profile(svc, body.model_dump(exclude_none=True))
    return profile_out(svc)


@router.get("/screening/questions", response_model=list[s.QuestionOut], tags=["safety"])
def questions(svc: Svc) -> list[s.QuestionOut]:
    """The screening questions, with the person's emergency numbers in the help texts."""
    from unknot.core.screening import fill_numbers

    numbers = safety.status(svc).numbers()
    return [
        s.QuestionOut(
            id=q.id,
            group=q.group,
            tier=q.tier.value,
            text=fill_numbers(str(q.text), numbers),
            help=fill_numbers(str(q.help), numbers),
            assessable=q.assessable,
        )
        for q in safety.questions()
    ]


def safety_out(svc: Actor) -> s.SafetyOut:
    from unknot.services.screening_out import calls

    current = safety.status(svc)
    numbers = current.numbers()
    by_id = {q.id: q for q in safety.questions()}
    blocked = current.blocked_today
    return s.SafetyOut(
        screened_on=current.screened_on.isoformat() if current.screened_on else None,
        tier=current.tier.value if current.tier else None,
        due=current.due,
        can_start=current.can_start,
        blocked_today=blocked,
        waiting_for_assessment=current.waiting_for_assessment,
        conditions=sorted(safety.context(current).conditions),
        emergency_number=numbers.emergency,
        same_day=str(numbers.same_day),
        emergency_tel=numbers.emergency_tel,
        same_day_tel=numbers.same_day_tel,
        in_person=current.in_person,
        in_person_place=str(numbers.in_person),
        advice=safety.status_advice(current) if current.tier else "",
        calls=[s.CallOut(**c) for c in calls(current.tier, numbers)] if blocked else [],
        can_confirm_check=current.can_confirm_check,
        rules_changed=current.screened_on is not None and not current.rules_current,
        rules_note=safety.rules_note_text(current),
        routine_advised=current.routine_advised,
        routine_status=current.routine_status,
        routine_reasons=[str(by_id[i].reason) for i in current.routine_ids],
    )


@router.get("/safety", response_model=s.SafetyOut, tags=["safety"])
def get_safety(svc: Svc) -> s.SafetyOut:
    return safety_out(svc)


@router.post("/screening", response_model=s.ScreeningResultOut, tags=["safety"])
def post_screening(body: s.ScreeningIn, svc: Svc) -> s.ScreeningResultOut:
    """Record a complete screening: every question answered yes or no.

    ``checked`` names yes answers that a clinician has already checked (an injury in the last
    2 weeks, or a see-a-clinician question): they stay on record and do not stop a session.
    """
    from unknot.services.screening_out import calls, outcome_dict, result_headline

    hip = None
    if body.hip_surgery is not None:
        try:
            operated = date.fromisoformat(body.hip_surgery.operated_on)
        except ValueError:
            raise ValidationError(
                _("The operation date {value!r} is not a date like 2026-01-20.").format(
                    value=body.hip_surgery.operated_on
                )
            ) from None
        hip = HipSurgery(
            body.hip_surgery.side,
            body.hip_surgery.approach,
            operated,
            body.hip_surgery.surgeon_cleared,
        )
    result = safety.record(svc, body.answers, hip, body.country, body.checked)
    numbers = safety.status(svc).numbers()
    out = outcome_dict(result, numbers)
    return s.ScreeningResultOut(
        tier=out["tier"],
        session_allowed=out["session_allowed"],
        headline=result_headline(result),
        reasons=[s.ItemOut(**i) for i in out["reasons"]],
        checked=[s.ItemOut(**i) for i in out["checked"]],
        changes=[s.ItemOut(**i) for i in out["changes"]],
        advice=out["advice"],
        calls=[s.CallOut(**c) for c in calls(result.tier, numbers)],
        conditions=out["conditions"],
        actions=[i["text"] for i in out["reasons"]] + [out["advice"]],
        safety=safety_out(svc),
    )


@router.post("/screening/assessed", response_model=s.SafetyOut, tags=["safety"])
def post_assessed(svc: Svc) -> s.SafetyOut:
    """Confirm a clinician has checked you since a result that a check lifts."""
    safety.confirm_assessed(svc)
    return safety_out(svc)


@router.post("/screening/routine", response_model=s.SafetyOut, tags=["safety"])
def post_routine(body: s.RoutineIn, svc: Svc) -> s.SafetyOut:
    """Mark the routine appointment the screening advised as booked or seen."""
    safety.mark_routine(svc, body.state)
    return safety_out(svc)


def technique_out(technique: Technique) -> s.TechniqueOut:
    return s.TechniqueOut(
        id=technique.id,
        name=str(technique.name),
        kind=technique.kind.value,
        summary=str(technique.summary),
        position=technique.position,
        equipment=list(technique.equipment),
        laterality=technique.laterality.value,
        steps=[str(step) for step in technique.steps],
        pressure=str(technique.pressure),
        cautions=[str(c) for c in technique.cautions],
        tags=sorted(technique.tags),
        evidence=str(technique.evidence),
        sources=[{"label": src.label, "ref": src.ref} for src in technique.sources],
        illustration=technique.illustration,
    )


def library_of(svc: Actor) -> Any:
    from unknot.services.library import load_library

    return load_library(svc.settings.routines_dir, strict=False)


@router.get("/techniques", response_model=list[s.TechniqueOut], tags=["library"])
def list_techniques(svc: Svc) -> list[s.TechniqueOut]:
    return [technique_out(t) for t in library_of(svc).techniques.values()]


@router.get("/techniques/{technique_id}", response_model=s.TechniqueOut, tags=["library"])
def get_technique(technique_id: str, svc: Svc) -> s.TechniqueOut:
    from unknot.services.library import find_technique

    return technique_out(find_technique(library_of(svc), technique_id))


@router.get("/routines", response_model=list[s.RoutineOut], tags=["library"])
def list_routines(svc: Svc) -> list[s.RoutineOut]:
    library = library_of(svc)
    return [
        s.RoutineOut(
            id=r.id,
            name=str(r.name),
            description=str(r.description),
            techniques=[item.technique for item in r.items],
            estimated_s=estimate_seconds(r, library),
            builtin=r.builtin,
        )
        for r in library.routines.values()
    ]


@router.get("/plan", tags=["plan"])
def get_plan(
    svc: Svc,
    routine: Annotated[str | None, Query(max_length=80)] = None,
    pain: Annotated[int | None, Query(ge=0, le=10)] = None,
) -> dict[str, Any]:
    """Today's plan as JSON (docs/plan.schema.json), compiled by the same core as the CLI."""
    from unknot.core.plan import plan_to_json
    from unknot.services.plan import build_plan

    return plan_to_json(build_plan(svc, routine, pain).plan)


@router.get("/sessions", tags=["sessions"])
def list_sessions(
    svc: Svc, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> list[dict[str, Any]]:
    from unknot.services.session.record import history

    return [summary.to_json() for summary in history(svc, limit)]
