"""Screening: record it, read it back, and decide whether a session may start today (F3)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache

from unknot.content import safety_loader
from unknot.core.adapt import SafetyContext
from unknot.core.screening import (
    CountryNumbers,
    HipSurgery,
    Question,
    ScreeningResult,
    Tier,
    evaluate,
    hip_surgery_conditions,
    numbers_for,
    screening_due,
)
from unknot.core.stoprules import StopRules
from unknot.errors import SafetyError
from unknot.i18n import _
from unknot.services.app import Services, local_now
from unknot.store import repo

HIP_CONDITIONS = frozenset(
    {"hip_surgery_recent", "hip_replacement_anterior", "hip_replacement_posterior"}
)


@cache
def questions() -> tuple[Question, ...]:
    return safety_loader.load_screening()


@cache
def countries() -> dict[str, CountryNumbers]:
    from unknot.content import countries_loader

    return countries_loader.load_countries()


@cache
def stop_rules() -> StopRules:
    return safety_loader.load_stop_rules()


@dataclass(frozen=True)
class SafetyStatus:
    """Where the person stands today, as the faces need to show it."""

    today: date
    screened_on: date | None
    tier: Tier | None
    hit_ids: tuple[str, ...]
    conditions: frozenset[str]
    hip_surgery: HipSurgery | None
    assessed: bool
    country: str

    @property
    def due(self) -> bool:
        if self.tier in (Tier.EMERGENCY, Tier.SAME_DAY) and self.screened_on != self.today:
            return True  # yesterday's red flag: ask again before anything else
        return screening_due(self.screened_on, self.today)

    @property
    def blocked_today(self) -> bool:
        return not self.due and self.tier in (Tier.EMERGENCY, Tier.SAME_DAY)

    @property
    def waiting_for_assessment(self) -> bool:
        return not self.due and self.tier is Tier.SOON and not self.assessed

    @property
    def can_start(self) -> bool:
        return not (self.due or self.blocked_today or self.waiting_for_assessment)

    def numbers(self) -> CountryNumbers:
        return numbers_for(countries(), self.country)


def record(
    services: Services,
    answers: Mapping[str, bool],
    hip_surgery: HipSurgery | None = None,
    country: str | None = None,
) -> ScreeningResult:
    """Evaluate and store a full screening (and the hip details and country with it)."""
    from unknot.services.profile import check_country

    now = local_now(services)
    result = evaluate(questions(), answers, now.date(), hip_surgery)
    with services.unit() as session:
        profile = repo.load_profile(session, services.person_id)
        if country:
            from unknot.core.profile import update_profile

            profile = update_profile(profile, {"country": check_country(country)})
            repo.save_profile(session, services.person_id, profile, now)
            session.flush()
        repo.save_hip_surgery(
            session, services.person_id, hip_surgery.as_dict() if hip_surgery else {}, now
        )
        repo.add_screening(
            session,
            services.person_id,
            taken_at=now,
            answers=dict(result.answers),
            tier=result.tier.value,
            triggered=[hit.rule_id for hit in result.hits],
            conditions=sorted(result.conditions),
            country=profile.country,
            rules_version=safety_loader.screening_version(),
        )
    return result


def status(services: Services) -> SafetyStatus:
    now = local_now(services)
    with services.unit() as session:
        row = repo.latest_screening(session, services.person_id)
        hip_data = repo.load_hip_surgery(session, services.person_id)
        country = repo.load_profile(session, services.person_id).country
    hip = HipSurgery.from_dict(hip_data) if hip_data else None
    if row is None:
        return SafetyStatus(now.date(), None, None, (), frozenset(), hip, False, country)
    screened_on = row.taken_at.astimezone(now.tzinfo).date()
    return SafetyStatus(
        today=now.date(),
        screened_on=screened_on,
        tier=Tier(row.tier),
        hit_ids=tuple(row.triggered),
        conditions=frozenset(row.conditions),
        hip_surgery=hip,
        assessed=row.assessed_at is not None,
        country=country,
    )


def confirm_assessed(services: Services) -> None:
    """The person says a clinician has assessed them since the 'see a clinician' result."""
    now = local_now(services)
    with services.unit() as session:
        row = repo.latest_screening(session, services.person_id)
        if row is None or row.tier != Tier.SOON.value:
            raise SafetyError(
                _("There is no screening waiting for a clinician's assessment."),
                hint=_("Run `unknot screen` first."),
                web_hint=_("Answer the safety screening on the Safety page first."),
            )
        row.assessed_at = now


def context(current: SafetyStatus, pain_before: int | None = None) -> SafetyContext:
    """The facts the plan rules need; hip rules are recomputed for today's date."""
    conditions = set(current.conditions)
    operated = ""
    if current.hip_surgery is not None:
        conditions -= HIP_CONDITIONS
        conditions |= hip_surgery_conditions(current.hip_surgery, current.today)
        operated = current.hip_surgery.side
    return SafetyContext(frozenset(conditions), operated, pain_before)


def require_can_start(current: SafetyStatus) -> None:
    """Raise a SafetyError that says what to do when a session may not start today."""
    numbers = current.numbers()
    if current.due:
        raise SafetyError(
            _("A safety screening is needed before a session."),
            hint=_("Run `unknot screen` (it takes about two minutes)."),
            web_hint=_("Answer the safety screening on the Safety page (about two minutes)."),
        )
    if current.tier is Tier.EMERGENCY:
        raise SafetyError(
            _(
                "Your screening today found signs that need emergency help: call {number} now."
            ).format(number=numbers.emergency),
            hint=_("No session today. Run `unknot screen` again on another day."),
            web_hint=_("No session today. Answer the screening on the Safety page another day."),
        )
    if current.blocked_today:
        raise SafetyError(
            _("Your screening today says to get same-day medical advice: {where}.").format(
                where=str(numbers.same_day)
            ),
            hint=_("No session today. Run `unknot screen` again tomorrow."),
            web_hint=_("No session today. Answer the screening on the Safety page tomorrow."),
        )
    if current.waiting_for_assessment:
        raise SafetyError(
            _("Your screening says a clinician should assess your shoulder before self-care."),
            hint=_("Once you have been assessed, run `unknot screen --assessed`."),
            web_hint=_(
                'Once you have been assessed, press "A clinician has assessed me" on the '
                "Safety page."
            ),
        )
