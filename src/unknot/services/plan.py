"""Today's plan: the person's routine compiled with their profile and screening."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from unknot.core.content import Library
from unknot.core.plan import Plan, choose_routine, compile_plan
from unknot.core.profile import Profile
from unknot.core.progression import levels
from unknot.core.screening import CountryNumbers, fill_numbers
from unknot.core.stoprules import to_plan_data
from unknot.errors import ContentError, NotFoundError
from unknot.i18n import _
from unknot.services import safety
from unknot.services.app import Actor
from unknot.services.library import find_routine, load_library_lenient
from unknot.services.profile import get_profile
from unknot.services.session.record import progress

FULL_ROUTINE = "hip-full"
SHORT_ROUTINE = "hip-short"


@dataclass(frozen=True)
class TodaysPlan:
    plan: Plan
    safety: safety.SafetyStatus
    profile: Profile


def stop_rule_data(numbers: CountryNumbers) -> dict[str, Any]:
    """The stop rules for the players, with the person's emergency numbers filled in.

    Every text a player may show is filled here, on the server: the symptoms' labels, reasons
    and advice, the session rules, the pain rules' reasons and the follow-up questions.
    """
    data = to_plan_data(safety.stop_rules(), lambda text: fill_numbers(text, numbers))
    data["emergency_number"] = numbers.emergency
    data["same_day"] = str(numbers.same_day)
    return data


def check_routine(actor: Actor, routine: str | None) -> None:
    """Refuse a routine name that matches nothing, before any question is asked."""
    if routine:
        _requested(*load_library_lenient(actor.settings.routines_dir), routine)


def _requested(library: Library, broken: ContentError | None, routine: str | None) -> str | None:
    try:
        return find_routine(library, routine).id if routine else None
    except NotFoundError:
        if broken is not None:  # perhaps the routine asked for is in the broken file
            raise broken from None
        raise


@dataclass(frozen=True)
class _Inputs:
    """What a plan is compiled from for this person today."""

    library: Library
    broken: ContentError | None
    current: safety.SafetyStatus
    profile: Profile
    levels: dict[str, float]


def _inputs(actor: Actor) -> _Inputs:
    library, broken = load_library_lenient(actor.settings.routines_dir)
    current = safety.status(actor)
    return _Inputs(library, broken, current, get_profile(actor), levels(progress(actor)))


def build_plan(
    actor: Actor, routine: str | None = None, pain_before: int | None = None
) -> TodaysPlan:
    """Compile the plan for today. It works before a screening too, and then says so."""
    got = _inputs(actor)
    library, broken, current, profile = got.library, got.broken, got.current, got.profile
    requested = _requested(library, broken, routine)
    chosen, notes = choose_routine(library, profile, requested, SHORT_ROUTINE, FULL_ROUTINE)
    plan = compile_plan(
        library,
        chosen,
        profile,
        safety.context(current, pain_before),
        levels=got.levels,
        stop_rules=stop_rule_data(current.numbers()),
        extra_adaptations=tuple(notes),
    )
    if broken is not None:
        left_out = _(
            "Left out: {problem} Check your routine files with `unknot routines check FILE`."
        ).format(problem=broken.message)
        plan = Plan(**{**plan.__dict__, "notices": (*plan.notices, left_out)})
    if current.screened_on is None:
        warning = _(
            "You have not done the safety screening yet, so this plan cannot allow for your "
            "health. `unknot start` will ask the questions first."
        )
        plan = Plan(**{**plan.__dict__, "notices": (warning, *plan.notices)})
    return TodaysPlan(plan, current, profile)


def lengths_today(actor: Actor) -> dict[str, int]:
    """How long each routine in the library plays for this person today, in seconds.

    The same compile as :func:`build_plan` (profile, screening, the doses reached so far), so
    the library, ``unknot routines``, Today and the plan all give a routine one length.
    """
    got = _inputs(actor)
    context = safety.context(got.current, None)
    return {
        routine.id: compile_plan(
            got.library, routine, got.profile, context, levels=got.levels
        ).total_s
        for routine in got.library.routines.values()
    }


def length_note(total_s: int, profile: Profile) -> str:
    """Why a plan's length is not the minutes the profile gives (empty without minutes)."""
    if profile.minutes_available is None or not total_s:
        return ""
    minutes = profile.minutes_available
    if total_s <= minutes * 60:
        return _(
            "It fits in the {minutes} minutes you have: doses start low and lengthen as you "
            "tolerate them."
        ).format(minutes=minutes)
    return _(
        "That is more than the {minutes} minutes you have: your doses have lengthened as you "
        "tolerated them. On a short day, choose the short routine."
    ).format(minutes=minutes)
