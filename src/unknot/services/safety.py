"""Screening: record it, read it back, and decide whether a session may start today (F3)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from unknot.content import safety_loader
from unknot.core.adapt import SafetyContext
from unknot.core.screening import (
    CountryNumbers,
    HipSurgery,
    Question,
    Screening,
    ScreeningResult,
    Tier,
    evaluate,
    fill_numbers,
    hip_surgery_conditions,
    numbers_for,
    screening_due,
    severity,
    stored_tier,
    tier_under_current_rules,
)
from unknot.core.stoprules import StopRules
from unknot.errors import SafetyError, ValidationError
from unknot.i18n import _
from unknot.services.app import Actor, local_now
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


# What the store keeps in ``screening.note`` when a screening was lifted by a rule change (the
# migration of issue 12 does it to stored rows; ``status`` does the same for any older row).
NOTE_TIER_D = "rules:tier_d"
ROUTINE_STATES = ("booked", "seen")


@cache
def screening_data() -> Screening:
    return safety_loader.load_screening_data()


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
    rules_current: bool = True  # made under today's screening rules
    rules_note: str = ""  # NOTE_TIER_D: unblocked because a rule is now tier D
    checked_ids: tuple[str, ...] = ()  # "yes" answers a clinician had already checked
    routine_status: str = ""  # "", "booked" or "seen" (tier D advice)
    check_lifts: bool = False  # every blocking answer is one a clinician's check lifts
    in_person: bool = False  # the same-day step is to be seen in person today

    @property
    def due(self) -> bool:
        if self.screened_on is None or self.tier is None or not self.rules_current:
            return True  # none, unreadable, or made under older rules: ask again
        if self.tier in (Tier.EMERGENCY, Tier.SAME_DAY) and self.screened_on != self.today:
            return True  # yesterday's red flag: ask again before anything else
        return screening_due(self.screened_on, self.today)

    @property
    def screened_today(self) -> bool:
        """A full screening today: the quick "anything new?" check would ask it again."""
        return self.screened_on == self.today

    @property
    def blocked_today(self) -> bool:
        cleared = self.assessed and self.check_lifts
        return not self.due and self.tier in (Tier.EMERGENCY, Tier.SAME_DAY) and not cleared

    @property
    def waiting_for_assessment(self) -> bool:
        return not self.due and self.tier is Tier.SOON and not self.assessed

    @property
    def can_start(self) -> bool:
        return not (self.due or self.blocked_today or self.waiting_for_assessment)

    @property
    def can_confirm_check(self) -> bool:
        """A clinician's check would open sessions again (tier C, or a recent injury)."""
        blocking = self.tier in (Tier.SOON, Tier.SAME_DAY) and not self.due
        return blocking and self.check_lifts and not self.assessed

    @property
    def routine_ids(self) -> tuple[str, ...]:
        """The answers that advise a routine appointment (tier D), in question order."""
        by_id = {q.id: q for q in questions()}
        return tuple(i for i in self.hit_ids if i in by_id and by_id[i].tier is Tier.ROUTINE)

    @property
    def routine_advised(self) -> bool:
        """Tier D advice stands: shown on Today and in reports until marked seen."""
        return bool(self.routine_ids) and self.routine_status != "seen"

    def numbers(self) -> CountryNumbers:
        return numbers_for(countries(), self.country)


def advice_text(key: str, numbers: CountryNumbers) -> str:
    """The next step for an outcome (``ScreeningResult.advice_key``), with the numbers."""
    return fill_numbers(str(screening_data().advice[key]), numbers)


def status_advice(current: SafetyStatus) -> str:
    """The next step for the stored screening, as Today shows it."""
    if current.tier is None:
        return ""
    key = "in_person" if current.in_person else current.tier.value
    return advice_text(key, current.numbers())


def rules_note_text(current: SafetyStatus) -> str:
    if current.rules_note != NOTE_TIER_D:
        return ""
    return _(
        "The screening rules have changed: pain that is not better after 2 weeks, or a "
        "shoulder that has been hard to move for a while, now means booking a routine "
        "appointment, and self-care can go on meanwhile. You no longer need to wait for a "
        "clinician because of that answer."
    )


def routine_report_text(current: SafetyStatus) -> str:
    """The tier D advice for a report: what was advised, why, and whether booked or seen."""
    if not current.routine_ids or current.screened_on is None:
        return ""
    by_id = {q.id: q for q in questions()}
    why = " ".join(str(by_id[i].reason) for i in current.routine_ids)
    state = {
        "": _("not booked yet"),
        "booked": _("booked"),
        "seen": _("seen"),
    }.get(current.routine_status, current.routine_status)
    return _(
        "The screening of {day} advised a routine appointment with a GP or physiotherapist "
        "(it does not stop self-care): {why} Appointment: {state}."
    ).format(day=current.screened_on.isoformat(), why=why, state=state)


def record(
    actor: Actor,
    answers: Mapping[str, bool],
    hip_surgery: HipSurgery | None = None,
    country: str | None = None,
    checked: Iterable[str] = (),
) -> ScreeningResult:
    """Evaluate and store a full screening (and the hip details and country with it)."""
    from unknot.services.profile import check_country

    now = local_now(actor)
    result = evaluate(questions(), answers, now.date(), hip_surgery, checked)
    with actor.unit() as session:
        profile = actor.profile_in(session)
        if country:
            from unknot.core.profile import update_profile

            profile = update_profile(profile, {"country": check_country(country)})
            repo.save_profile(session, actor.person_id, profile, now)
            session.flush()
        repo.save_hip_surgery(
            session, actor.person_id, hip_surgery.as_dict() if hip_surgery else {}, now
        )
        repo.add_screening(
            session,
            actor.person_id,
            taken_at=now,
            answers=dict(result.answers),
            tier=result.tier.value,
            triggered=[hit.rule_id for hit in result.hits],
            checked=[hit.rule_id for hit in result.checked],
            conditions=sorted(result.conditions),
            country=profile.country,
            rules_version=screening_data().version,
        )
    actor.profile_changed(profile)
    return result


def status(actor: Actor) -> SafetyStatus:
    now = local_now(actor)
    with actor.unit() as session:
        row = repo.latest_screening(session, actor.person_id)
        hip_data = repo.load_hip_surgery(session, actor.person_id)
        country = actor.profile_in(session).country
    hip = HipSurgery.from_dict(hip_data) if hip_data else None
    if row is None:
        return SafetyStatus(now.date(), None, None, (), frozenset(), hip, False, country)
    return _status_of(row, now.date(), now.tzinfo, hip, country)


def _status_of(
    row: Any, today: date, zone: Any, hip: HipSurgery | None, country: str
) -> SafetyStatus:
    current = screening_data()
    triggered = tuple(str(i) for i in row.triggered)
    checked = tuple(str(i) for i in (row.checked or ()))
    tier = stored_tier(row.tier)
    rules_current = row.rules_version == current.version
    note = NOTE_TIER_D if row.note == NOTE_TIER_D else ""
    if tier is not None and not rules_current:
        now_tier = tier_under_current_rules(tier, triggered, checked, current.questions)
        if now_tier is not tier and severity(now_tier) <= severity(Tier.ROUTINE):
            note = NOTE_TIER_D
        tier = now_tier
    by_id = {q.id: q for q in current.questions}
    open_ids = [i for i in triggered if i not in checked]
    blocking = [
        i
        for i in open_ids
        if by_id.get(i) is None or severity(by_id[i].tier) > severity(Tier.ROUTINE)
    ]
    return SafetyStatus(
        today=today,
        screened_on=row.taken_at.astimezone(zone).date(),
        tier=tier,
        hit_ids=triggered,
        conditions=frozenset(row.conditions),
        hip_surgery=hip,
        assessed=row.assessed_at is not None,
        country=country,
        rules_current=rules_current,
        rules_note=note,
        checked_ids=checked,
        routine_status=row.routine_status or "",
        check_lifts=bool(blocking) and all(i in by_id and by_id[i].assessable for i in blocking),
        in_person=tier is Tier.SAME_DAY
        and any(i in by_id and by_id[i].in_person for i in open_ids),
    )


def confirm_assessed(actor: Actor) -> None:
    """The person says a clinician has checked them since a result a check can lift."""
    current = status(actor)
    if not current.can_confirm_check:
        raise SafetyError(
            _("There is no screening waiting for a clinician's check."),
            hint=_("Run `unknot screen` first."),
            web_hint=_("Answer the safety screening on the Safety page first."),
        )
    _update_latest(actor, assessed_at=local_now(actor))


def mark_routine(actor: Actor, state: str) -> SafetyStatus:
    """Mark the routine-appointment advice as booked or seen (it never blocks a session)."""
    if state not in ROUTINE_STATES:
        raise ValidationError(
            _("The appointment can be marked {choices}, not {value!r}.").format(
                choices=" or ".join(ROUTINE_STATES), value=state
            ),
            hint=_("Say booked once it is booked, and seen once you have been seen."),
        )
    if not status(actor).routine_ids:
        raise SafetyError(
            _("Your last screening did not advise a routine appointment."),
            hint=_("Run `unknot screen` to answer the screening again."),
            web_hint=_("Answer the safety screening on the Safety page."),
        )
    _update_latest(actor, routine_status=state, routine_marked_at=local_now(actor))
    return status(actor)


def _update_latest(actor: Actor, **fields: object) -> None:
    """Set ``fields`` on the person's latest stored screening (none stored: nothing to do)."""
    with actor.unit() as session:
        row = repo.latest_screening(session, actor.person_id)
        if row is not None:
            for name, value in fields.items():
                setattr(row, name, value)


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
        changed = current.screened_on is not None and not current.rules_current
        raise SafetyError(
            _("The safety screening has changed since your last one: please answer it again.")
            if changed
            else _("A safety screening is needed before a session."),
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
            status_advice(current),
            hint=_("No session today. Run `unknot screen` again tomorrow."),
            web_hint=_("No session today. Answer the screening on the Safety page tomorrow."),
        )
    if current.waiting_for_assessment:
        raise SafetyError(
            _("Your screening says a clinician should check your shoulder before self-care."),
            hint=_("Once a clinician has checked you, run `unknot screen --assessed`."),
            web_hint=_(
                'Once a clinician has checked you, press "A clinician has checked me" on the '
                "Safety page."
            ),
        )
