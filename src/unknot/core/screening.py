"""First-run safety screening (F3): red-flag tiers, conditions for the plan, hip surgery rules.

The questions themselves are data (``unknot/content/screening.yaml``, each with its sources
from clinical-facts §1 and §2); this module evaluates a complete set of yes/no answers into one
:class:`ScreeningResult`: the most severe tier reached, the rules that fired and the
conditions the plan compiler acts on.

Pure: no clock (``today`` is an argument), no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from unknot.core.content import Source
from unknot.core.text import Text
from unknot.errors import Problem, ValidationError
from unknot.i18n import _


class Tier(StrEnum):
    """How urgent a screening outcome is, from least to most severe."""

    CLEAR = "clear"  # nothing found
    CAUTION = "caution"  # a contraindication or precaution: the plan adapts
    SOON = "soon"  # see a clinician in the next few days; no session until assessed
    SAME_DAY = "same_day"  # get same-day advice; no session today
    EMERGENCY = "emergency"  # call emergency services now

    @property
    def severity(self) -> int:
        return _SEVERITY[self]


_SEVERITY = {tier: rank for rank, tier in enumerate(Tier)}


def severity(tier: Tier) -> int:
    """0 for CLEAR up to 4 for EMERGENCY; compare tiers with this, never as strings."""
    return _SEVERITY[tier]


def most_severe(tiers: Iterable[Tier]) -> Tier:
    """The most severe of ``tiers`` (CLEAR when there are none)."""
    return max(tiers, key=severity, default=Tier.CLEAR)


# The vocabulary the plan compiler acts on. Every condition a question (or the hip surgery
# form) sets must be one of these; the content loader checks it.
CONDITIONS: frozenset[str] = frozenset(
    {
        "anticoagulant",  # §2: no forceful/deep massage, no tool [NCCIH] [MAYO]
        "bleeding_disorder",  # §2 idem
        "low_platelets",  # §2 idem
        "severe_osteoporosis",  # §2: no deep pressure [NCCIH-old] [MAYO]
        "recent_fracture",  # §2 idem
        "bone_cancer",  # §2 idem
        "cancer",  # §2: no deep pressure over a tumour area; consult first [NCCIH]
        "dvt",  # §2: no massage at all [NCCIH-old] [MAYO] [UCLH]
        "fever",  # §2: no massage [NCCIH-old]
        "skin_problem_hip",  # §2: avoid the area (the hip / low back) [NCCIH] [MAYO]
        "pregnancy",  # §2: ask a clinician first [NCCIH]
        "fragile_skin",  # §2: ask a clinician first; light pressure [NCCIH-old]
        "heart_condition",  # §2: ask a clinician first [NCCIH-old]
        "back_pain",  # §7.2: no pendulum (bent forward) [MedlinePlus]
        "shoulder_instability",  # §7.6: doorway stretch only with care [rebalancept]
        "hip_surgery_recent",  # §2: no hip massage/stretch for 12 weeks w/o surgeon's OK
        "hip_replacement_anterior",  # §2: no hip extension, no half-kneeling [ANT] [DUKE]
        "hip_replacement_posterior",  # §2: no hip flexion past 90°, no crossing [KP]
    }
)

GROUPS = ("emergency", "same_day", "soon", "contraindications")

# The question whose "yes" is detailed by the hip surgery form (see ``evaluate``).
HIP_SURGERY_QUESTION = "hip_surgery"

# §2 "Hip replacement": "at least 12 weeks" (aecorner video note) is the longest of the
# periods the sources give (6 weeks [HEND], 6-8 weeks [SUNNY]), so the app uses 12 weeks.
HIP_SURGERY_RECENT_DAYS = 84

HIP_SIDES = ("left", "right", "both")
HIP_APPROACHES = ("anterior", "posterior", "lateral", "resurfacing", "unknown")

# A stored screening is asked again after 30 days. Choice (ours, not from a source): the NHS
# advice is to see a GP when shoulder pain is no better after 2 weeks [NHS-SP], and conditions
# such as pregnancy, a new blood thinner or an operation change over weeks; a monthly full
# screening plus the quick check before every session keeps the answers current without
# making the routine a questionnaire.
RESCREEN_AFTER_DAYS = 30


@dataclass(frozen=True)
class Question:
    """One yes/no screening question; ``action`` says what to do on "yes".

    ``action`` may contain ``{emergency}`` and ``{same_day}``, filled by :func:`fill_numbers`.
    """

    id: str
    group: str
    tier: Tier
    text: Text
    help: Text
    sources: tuple[Source, ...]
    conditions: tuple[str, ...]
    action: Text


@dataclass(frozen=True)
class HipSurgery:
    """Details of a hip operation (replacement, resurfacing or other)."""

    side: str
    approach: str
    operated_on: date
    surgeon_cleared: bool

    def __post_init__(self) -> None:
        problems = []
        if self.side not in HIP_SIDES:
            problems.append(Problem(f"must be one of {', '.join(HIP_SIDES)}", field="side"))
        if self.approach not in HIP_APPROACHES:
            choices = ", ".join(HIP_APPROACHES)
            problems.append(Problem(f"must be one of {choices}", field="approach"))
        if problems:
            raise ValidationError(
                _("The hip surgery details are not valid."),
                hint=_("Choose the side and the approach from the listed values."),
                problems=problems,
            )

    def as_dict(self) -> dict[str, Any]:
        return {
            "side": self.side,
            "approach": self.approach,
            "operated_on": self.operated_on.isoformat(),
            "surgeon_cleared": self.surgeon_cleared,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> HipSurgery:
        try:
            return cls(
                side=str(data["side"]),
                approach=str(data["approach"]),
                operated_on=date.fromisoformat(str(data["operated_on"])),
                surgeon_cleared=bool(data["surgeon_cleared"]),
            )
        except (KeyError, ValueError) as exc:
            raise ValidationError(
                _("The stored hip surgery details cannot be read: {error}.").format(error=exc),
                hint=_("Enter the hip surgery details again."),
            ) from exc


@dataclass(frozen=True)
class RuleHit:
    rule_id: str
    tier: Tier
    message: Text
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class ScreeningResult:
    tier: Tier
    hits: tuple[RuleHit, ...]
    conditions: frozenset[str]
    taken_on: date
    hip_surgery: HipSurgery | None
    answers: tuple[tuple[str, bool], ...] = ()  # every answer, in question order (audit)

    @property
    def blocks_session_today(self) -> bool:
        """Emergency or same-day advice: no session today, whatever else is true."""
        return severity(self.tier) >= severity(Tier.SAME_DAY)

    @property
    def needs_assessment(self) -> bool:
        """See a clinician soon: no session until the person confirms they were assessed."""
        return self.tier is Tier.SOON

    @property
    def adapts_plan(self) -> bool:
        return bool(self.conditions)


def evaluate(
    questions: Sequence[Question],
    answers: Mapping[str, bool],
    today: date,
    hip_surgery: HipSurgery | None = None,
) -> ScreeningResult:
    """Evaluate a complete screening: every question answered, no unknown answers.

    The tier is the most severe tier among the "yes" answers (emergency beats everything).
    If the hip surgery question is answered "yes" without details, the conservative
    conditions of its data apply (recent surgery and both approaches' precautions); with
    details, :func:`hip_surgery_conditions` decides.
    """
    _check_answers(questions, answers)
    if hip_surgery is not None and not _hip_answer(questions, answers):
        raise ValidationError(
            _("Hip surgery details were given but the hip surgery question was answered no."),
            hint=_("Answer yes to the hip surgery question, or leave the details out."),
        )
    hits: list[RuleHit] = []
    conditions: set[str] = set()
    for question in questions:
        if not answers[question.id]:
            continue
        hits.append(RuleHit(question.id, question.tier, question.action, question.sources))
        if question.id == HIP_SURGERY_QUESTION and hip_surgery is not None:
            conditions |= hip_surgery_conditions(hip_surgery, today)
        else:
            conditions |= set(question.conditions)
    return ScreeningResult(
        tier=most_severe(hit.tier for hit in hits),
        hits=tuple(hits),
        conditions=frozenset(conditions),
        taken_on=today,
        hip_surgery=hip_surgery,
        answers=tuple((q.id, bool(answers[q.id])) for q in questions),
    )


def _check_answers(questions: Sequence[Question], answers: Mapping[str, bool]) -> None:
    known = [q.id for q in questions]
    unknown = sorted(set(answers) - set(known))
    missing = [qid for qid in known if qid not in answers]
    not_bool = sorted(k for k, v in answers.items() if k in known and not isinstance(v, bool))
    problems = [Problem(_("no such screening question"), field=k) for k in unknown]
    problems += [Problem(_("not answered"), field=k) for k in missing]
    problems += [Problem(_("the answer must be yes or no"), field=k) for k in not_bool]
    if not problems:
        return
    parts = []
    if unknown:
        parts.append(_("unknown question ids: {ids}").format(ids=", ".join(unknown)))
    if missing:
        parts.append(_("unanswered questions: {ids}").format(ids=", ".join(missing)))
    if not_bool:
        parts.append(_("answers that are not yes/no: {ids}").format(ids=", ".join(not_bool)))
    raise ValidationError(
        _("The screening is not complete or not valid ({details}).").format(
            details="; ".join(parts)
        ),
        hint=_("Answer every screening question with yes or no, using the listed question ids."),
        problems=problems,
    )


def _hip_answer(questions: Sequence[Question], answers: Mapping[str, bool]) -> bool:
    return any(q.id == HIP_SURGERY_QUESTION and answers[q.id] for q in questions)


def hip_surgery_conditions(s: HipSurgery, today: date) -> frozenset[str]:
    """Conditions from a hip operation (clinical-facts §2 "Hip replacement").

    - Within 12 weeks (day 0 to day 83) and not cleared by the surgeon: ``hip_surgery_recent``
      (no hip massage or stretch) — app rule of §2, 12 weeks from the aecorner note, with 6
      weeks [HEND] and 6-8 weeks [SUNNY] inside it.
    - Anterior approach: ``hip_replacement_anterior`` (no hip extension or half-kneeling on the
      operated side) [ANT] [DUKE].
    - Posterior or lateral approach: ``hip_replacement_posterior`` (hip flexion at most 90°,
      knees apart) [KP]; [HEND] reserves precautions for "posterior or lateral approach".
    - Resurfacing or unknown approach: both sets, because the approach (and so which movement
      is risky) is not known — the conservative choice; the alternatives cost little.

    Approach precautions stay after 12 weeks and after clearance: the form's clearance is a
    general OK to resume hip work, not a release from the surgeon's specific precautions
    ("thereafter follow their specific precautions", §2); a clinician can lift them.
    """
    if s.operated_on > today:
        raise ValidationError(
            _("The hip operation date {day} is in the future.").format(day=s.operated_on),
            hint=_("Enter the date of the operation that has already happened."),
        )
    found: set[str] = set()
    if (today - s.operated_on).days < HIP_SURGERY_RECENT_DAYS and not s.surgeon_cleared:
        found.add("hip_surgery_recent")
    if s.approach in ("anterior", "resurfacing", "unknown"):
        found.add("hip_replacement_anterior")
    if s.approach in ("posterior", "lateral", "resurfacing", "unknown"):
        found.add("hip_replacement_posterior")
    return frozenset(found)


def screening_due(taken_on: date | None, today: date) -> bool:
    """True when there is no screening or it is RESCREEN_AFTER_DAYS old or more.

    A screening dated in the future (a wrong clock) is treated as due: asking again is safe.
    """
    if taken_on is None or taken_on > today:
        return True
    return (today - taken_on).days >= RESCREEN_AFTER_DAYS


@dataclass(frozen=True)
class CountryNumbers:
    code: str
    name: Text
    emergency: str
    same_day: Text
    note: Text


# ISO 3166 "unknown or unspecified" user-assigned code, the key of the §8 fallback.
FALLBACK_CODE = "ZZ"

# Last resort if the data has no fallback entry: an emergency screen must never fail.
_LAST_RESORT = CountryNumbers(
    code=FALLBACK_CODE,
    name=Text.of("your country"),
    emergency="112",
    same_day=Text.of("a local doctor or urgent care service"),
    note=Text.of("112 works in many countries; if it does not, call your local emergency number."),
)


def numbers_for(countries: Mapping[str, CountryNumbers], code: str | None) -> CountryNumbers:
    """The numbers for an ISO 3166 country code; unknown or missing -> the 112 fallback (§8)."""
    key = (code or "").strip().upper()
    if key and key in countries:
        return countries[key]
    return countries.get(FALLBACK_CODE, _LAST_RESORT)


def fill_numbers(template: str, numbers: CountryNumbers) -> str:
    """Put the country's numbers into an action text with ``{emergency}`` / ``{same_day}``."""
    return template.replace("{emergency}", numbers.emergency).replace(
        "{same_day}", str(numbers.same_day)
    )
