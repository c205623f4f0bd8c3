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

# The country model moved to unknot.core.countries; re-exported for the callers of this module.
from unknot.core.countries import FALLBACK_CODE as FALLBACK_CODE
from unknot.core.countries import CountryNumbers as CountryNumbers
from unknot.core.countries import fill_numbers as fill_numbers
from unknot.core.countries import numbers_for as numbers_for
from unknot.core.text import Text
from unknot.errors import Problem, ValidationError
from unknot.i18n import _


class Tier(StrEnum):
    """How urgently a screening says to see someone, from least to most urgent.

    This is the referral urgency only. The massage contraindications ("caution" before the
    rules of 2026-12) are not a tier: they are the result's ``conditions`` (the plan adapts).
    """

    CLEAR = "clear"  # nothing to see anyone about
    ROUTINE = "routine"  # §1D: book a routine appointment; self-care may go on
    SOON = "soon"  # §1C: see a clinician in the next few days; no session until assessed
    SAME_DAY = "same_day"  # §1B: same-day advice (or in person today); no session today
    EMERGENCY = "emergency"  # §1A: call emergency services now

    @property
    def severity(self) -> int:
        return _SEVERITY[self]


_SEVERITY = {tier: rank for rank, tier in enumerate(Tier)}

# Tiers stored by earlier rules: "caution" (a contraindication) is no referral at all.
LEGACY_TIERS = {"caution": Tier.CLEAR}


def severity(tier: Tier) -> int:
    """0 for CLEAR up to 4 for EMERGENCY; compare tiers with this, never as strings."""
    return _SEVERITY[tier]


def most_severe(tiers: Iterable[Tier]) -> Tier:
    """The most severe of ``tiers`` (CLEAR when there are none)."""
    return max(tiers, key=severity, default=Tier.CLEAR)


def stored_tier(value: str | None) -> Tier | None:
    """A tier read back from the store or an import; ``None`` when it is not one we know."""
    if value in LEGACY_TIERS:
        return LEGACY_TIERS[value]
    try:
        return Tier(str(value))
    except ValueError:
        return None


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
        # Knee replacement or painful kneeling: kneeling positions become standing ones. A
        # comfort adaptation of ours; no clinical source is claimed for it.
        "kneeling_pain",
    }
)

# At most this many questions in one list: a single "none of these" never waves through more
# (issue 12; a long list read at a glance hides the one item that matters).
MAX_GROUP_SIZE = 6

# The question whose "yes" is detailed by the hip surgery form (see ``evaluate``).
HIP_SURGERY_QUESTION = "hip_surgery"

# §2 "Hip replacement": "at least 12 weeks" (common post-operative advice, 6-12 weeks) is the
# longest of the periods the sources give (6 weeks [HEND], 6-8 weeks [SUNNY]), so 12 weeks.
HIP_SURGERY_RECENT_DAYS = 84

HIP_SIDES = ("left", "right", "both")
HIP_APPROACHES = ("anterior", "posterior", "lateral", "resurfacing", "unknown")

# A stored screening is asked again after 30 days. Choice (ours, not from a source): the NHS
# advice is to see a GP when shoulder pain is no better after 2 weeks [NHS-SP], and conditions
# such as pregnancy, a new blood thinner or an operation change over weeks; a monthly full
# screening plus the quick check before every session keeps the answers current without
# making the routine a questionnaire.
RESCREEN_AFTER_DAYS = 30

# The next step for each outcome; ``in_person`` is the same-day step after an injury that may
# need an X-ray (§1B: "a phone line alone is not enough").
ADVICE_KEYS = ("emergency", "in_person", "same_day", "soon", "routine", "clear")


@dataclass(frozen=True)
class Group:
    """One short list of questions, asked together ("does any of these apply?")."""

    id: str
    title: Text


@dataclass(frozen=True)
class Question:
    """One yes/no screening question.

    ``reason`` is what a "yes" means, in the result: why it matters (red flags) or what the
    plan changes (conditions). ``assessable``: a clinician's check lifts it (tier C, and the
    recent-injury questions of §1B). ``in_person``: the same-day step is to be seen in person
    today, not a phone line. Texts may contain ``{emergency}``, ``{same_day}``, ``{in_person}``.
    """

    id: str
    group: str
    tier: Tier
    text: Text
    help: Text
    sources: tuple[Source, ...]
    conditions: tuple[str, ...]
    reason: Text
    assessable: bool = False
    in_person: bool = False
    source_note: Text | None = None  # said instead of a source (a comfort adaptation)


@dataclass(frozen=True)
class Screening:
    """The screening data: the lists in order, the questions, the next steps, the version."""

    version: str
    groups: tuple[Group, ...]
    questions: tuple[Question, ...]
    advice: Mapping[str, Text]
    checked_note: Text

    def group_questions(self, group_id: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.group == group_id)

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)


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
    """A "yes" answer and what it means; ``checked``: a clinician has checked it already."""

    rule_id: str
    tier: Tier
    message: Text
    sources: tuple[Source, ...]
    in_person: bool = False
    checked: bool = False


@dataclass(frozen=True)
class ScreeningResult:
    tier: Tier
    hits: tuple[RuleHit, ...]
    conditions: frozenset[str]
    taken_on: date
    hip_surgery: HipSurgery | None
    answers: tuple[tuple[str, bool], ...] = ()  # every answer, in question order (audit)

    @property
    def session_allowed(self) -> bool:
        """A routine appointment never blocks; "soon" and above do."""
        return severity(self.tier) <= severity(Tier.ROUTINE)

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

    @property
    def in_person(self) -> bool:
        """The same-day step is to be seen in person today (an injury that may need an X-ray)."""
        return self.tier is Tier.SAME_DAY and any(
            h.in_person and h.tier is Tier.SAME_DAY and not h.checked for h in self.hits
        )

    @property
    def advice_key(self) -> str:
        return "in_person" if self.in_person else self.tier.value

    @property
    def reasons(self) -> tuple[RuleHit, ...]:
        """The answers that led to the tier, most urgent first, each once."""
        found = [h for h in self.hits if h.tier is not Tier.CLEAR and not h.checked]
        return tuple(sorted(found, key=lambda h: -severity(h.tier)))

    @property
    def changes(self) -> tuple[RuleHit, ...]:
        """What the plan changes (contraindications), one line per different change."""
        seen: set[str] = set()
        out = []
        for hit in self.hits:
            if hit.tier is Tier.CLEAR and hit.message.en not in seen:
                seen.add(hit.message.en)
                out.append(hit)
        return tuple(out)

    @property
    def checked(self) -> tuple[RuleHit, ...]:
        return tuple(h for h in self.hits if h.checked)


def evaluate(
    questions: Sequence[Question],
    answers: Mapping[str, bool],
    today: date,
    hip_surgery: HipSurgery | None = None,
    checked: Iterable[str] = (),
) -> ScreeningResult:
    """Evaluate a complete screening: every question answered, no unknown answers.

    The tier is the most severe tier among the "yes" answers (emergency beats everything).
    ``checked`` names "yes" answers to assessable questions that a clinician has already
    checked (§1B "a clinician has checked this injury", as for tier C): they stay in the
    record and raise no tier. If the hip surgery question is answered "yes" without details,
    the conservative conditions of its data apply (recent surgery and both approaches'
    precautions); with details, :func:`hip_surgery_conditions` decides.
    """
    _check_answers(questions, answers)
    checked_ids = _check_checked(questions, answers, set(checked))
    if hip_surgery is not None and not _hip_answer(questions, answers):
        raise ValidationError(
            _("Hip surgery details were given but the hip surgery question was answered no."),
            hint=_("Answer yes to the hip surgery question, or leave the details out."),
        )
    hits: list[RuleHit] = []
    conditions: set[str] = set()
    for q in questions:
        if not answers[q.id]:
            continue
        hits.append(RuleHit(q.id, q.tier, q.reason, q.sources, q.in_person, q.id in checked_ids))
        if q.id == HIP_SURGERY_QUESTION and hip_surgery is not None:
            conditions |= hip_surgery_conditions(hip_surgery, today)
        else:
            conditions |= set(q.conditions)
    return ScreeningResult(
        tier=most_severe(hit.tier for hit in hits if not hit.checked),
        hits=tuple(hits),
        conditions=frozenset(conditions),
        taken_on=today,
        hip_surgery=hip_surgery,
        answers=tuple((q.id, bool(answers[q.id])) for q in questions),
    )


def _check_checked(
    questions: Sequence[Question], answers: Mapping[str, bool], checked: set[str]
) -> frozenset[str]:
    allowed = {q.id for q in questions if q.assessable and answers.get(q.id)}
    wrong = sorted(checked - allowed)
    if wrong:
        raise ValidationError(
            _(
                "Only a yes answer that a clinician can check can be marked as checked: {ids}."
            ).format(ids=", ".join(wrong)),
            hint=_(
                "Mark as checked only an injury or a see-a-clinician question you answered yes."
            ),
            problems=[Problem(_("cannot be marked as checked"), field=k) for k in wrong],
        )
    return frozenset(checked)


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


def tier_under_current_rules(
    stored: Tier, triggered: Iterable[str], checked: Iterable[str], questions: Sequence[Question]
) -> Tier:
    """A stored screening's tier re-read under today's rules, never higher than it was.

    Each "yes" counts with its question's tier now; a question that no longer exists keeps
    the stored tier (we cannot tell what it meant, so stay as careful as before). So a person
    blocked only by an answer that is now tier D (not improving after 2 weeks, very hard to
    move) becomes ``routine`` at once (issue 12, "Old screenings under new rules").
    """
    by_id = {q.id: q for q in questions}
    skip = set(checked)
    tiers = [by_id[qid].tier if qid in by_id else stored for qid in triggered if qid not in skip]
    now = most_severe(tiers)
    return now if severity(now) < severity(stored) else stored


def hip_surgery_conditions(s: HipSurgery, today: date) -> frozenset[str]:
    """Conditions from a hip operation (clinical-facts §2 "Hip replacement").

    - Within 12 weeks (day 0 to day 83) and not cleared by the surgeon: ``hip_surgery_recent``
      (no hip massage or stretch) — app rule of §2, 12 weeks as common post-operative advice
      (6–12 weeks), with 6 weeks [HEND] and 6-8 weeks [SUNNY] inside it.
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
