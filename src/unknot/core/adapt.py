"""Personalisation and safety adaptations of a routine (F3, F4).

Each rule looks at one technique of a routine, the person's profile and what the screening
found, and decides which sides are done, in which variant, how softly, or not at all. Every
rule carries its source; the plan shows every adaptation with its reason, so nothing is
removed silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from unknot.core.content import Laterality, Library, Technique, Variant
from unknot.core.profile import Profile, Shoulder
from unknot.i18n import _

LEFT, RIGHT = "left", "right"

# Where each rule comes from. Sections are those of shared/docs/clinical-facts.md.
SOURCES: dict[str, str] = {
    "painful_shoulder_side_lying": (
        "product.md F4; clinical-facts §3.2 (SPADI pain item 2: lying on the involved side)"
    ),
    "unknown_shoulder_side_lying": (
        "product.md F4 (never lie on the painful shoulder); clinical-facts §3.2 (SPADI pain "
        "item 2: lying on the involved side); ours: with the side not known, either shoulder "
        "may be the painful one, so both are treated as painful"
    ),
    "soften_bleeding": (
        "clinical-facts §2 [NCCIH] bleeding disorders, low platelets, anticoagulants: avoid "
        "forceful and deep tissue massage; [MAYO]"
    ),
    "soften_bone": (
        "clinical-facts §2 [NCCIH-old] weakened bones, recent fracture, cancer; [MAYO] "
        "fractures, severe osteoporosis"
    ),
    "soften_cancer": "clinical-facts §2 [NCCIH] no deep pressure over a tumour area",
    "soften_consult": (
        "clinical-facts §2 'Ask a clinician first' [NCCIH]: pregnancy, fragile skin, heart problems"
    ),
    "no_massage_dvt": "clinical-facts §2 [NCCIH-old], [MAYO], [UCLH]: no massage with a DVT",
    "no_massage_fever": "clinical-facts §2 [NCCIH-old]: no massage with a fever",
    "no_massage_skin": (
        "clinical-facts §2 [NCCIH], [MAYO]: avoid wounds, burns, infection or rash in the area"
    ),
    "hip_surgery_recent": (
        "clinical-facts §2 'Hip replacement': app rule, no hip massage or stretch within 12 "
        "weeks of hip surgery without the surgeon's OK [HEND], [SUNNY]"
    ),
    "anterior_hip_extension": (
        "clinical-facts §2 [ANT] 'Don't stretch your hip back … Don't kneel only on one knee', "
        "[DUKE] 'No hip extension'"
    ),
    "posterior_hip_flexion": (
        "clinical-facts §2 [KP]: no hip bend past 90°, knees apart, no crossing the legs, no "
        "turning the leg inward"
    ),
    "high_pain_gentle": (
        "clinical-facts §6: pain above 5/10 is 'unacceptable' in the pain-monitoring model "
        "(Silbernagel 2007); NHS sheets: work at no more than 4-5/10"
    ),
    "back_pain_bent_forward": (
        "clinical-facts §7.2: avoid the pendulum exercise with back pain "
        "(medlineplus.gov/ency/imagepages/19911.htm)"
    ),
    "instability_doorway": (
        "clinical-facts §7.6: take care with a history of dislocation or subluxation "
        "(rebalancept.com)"
    ),
    "short_on_time": "product.md F4: short on time, the short routine",
}

BLEEDING = frozenset({"anticoagulant", "bleeding_disorder", "low_platelets"})
FRAGILE_BONE = frozenset({"severe_osteoporosis", "recent_fracture", "bone_cancer"})
CONSULT_FIRST = frozenset({"pregnancy", "fragile_skin", "heart_condition"})


@dataclass(frozen=True)
class SafetyContext:
    """What the screening and the pre-session check found, as the rules need it."""

    conditions: frozenset[str] = frozenset()
    operated_hip: str = ""  # left | right | both | "" (side of a hip replacement)
    pain_before: int | None = None


@dataclass(frozen=True)
class Adaptation:
    rule_id: str
    action: str  # removed | variant | softened | caution | routine
    technique_id: str | None
    side: str | None
    reason: str
    source: str


@dataclass(frozen=True)
class SideChoice:
    side: str | None
    variant: str | None = None


@dataclass(frozen=True)
class Decision:
    """What the rules decided for one technique of the routine."""

    technique: Technique
    sides: tuple[SideChoice, ...]
    softened: bool = False
    cautions: tuple[str, ...] = ()

    @property
    def removed(self) -> bool:
        return not self.sides


Rule = Callable[[Decision, Profile, SafetyContext], tuple[Decision, list[Adaptation]]]


def opposite(side: str) -> str:
    return RIGHT if side == LEFT else LEFT


def default_sides(technique: Technique, profile: Profile) -> tuple[SideChoice, ...]:
    """Which sides a technique is done on before any rule looks at it."""
    if technique.laterality is Laterality.NONE:
        return (SideChoice(None),)
    if technique.laterality is Laterality.AFFECTED_SIDE and profile.painful_shoulder in (
        Shoulder.LEFT,
        Shoulder.RIGHT,
    ):
        return (SideChoice(profile.painful_shoulder.value),)
    return (SideChoice(LEFT), SideChoice(RIGHT))


def _note(
    rule_id: str, action: str, decision: Decision, reason: str, side: str | None = None
) -> Adaptation:
    return Adaptation(rule_id, action, decision.technique.id, side, reason, SOURCES[rule_id])


def _remove(decision: Decision, rule_id: str, reason: str) -> tuple[Decision, list[Adaptation]]:
    return replace(decision, sides=()), [_note(rule_id, "removed", decision, reason)]


def _has(decision: Decision, tag: str) -> bool:
    return tag in decision.technique.tags


def rule_hip_surgery_recent(
    decision: Decision, profile: Profile, ctx: SafetyContext
) -> tuple[Decision, list[Adaptation]]:
    if "hip_surgery_recent" in ctx.conditions and _has(decision, "hip"):
        return _remove(
            decision,
            "hip_surgery_recent",
            _(
                "Left out: you had hip surgery less than 12 weeks ago. Ask your surgeon before "
                "any hip massage or stretch."
            ),
        )
    return decision, []


def rule_no_massage(
    decision: Decision, profile: Profile, ctx: SafetyContext
) -> tuple[Decision, list[Adaptation]]:
    if not _has(decision, "massage"):
        return decision, []
    if "dvt" in ctx.conditions:
        return _remove(
            decision,
            "no_massage_dvt",
            _("Left out: no massage while you have, or may have, a blood clot (DVT)."),
        )
    if "fever" in ctx.conditions:
        return _remove(
            decision, "no_massage_fever", _("Left out: no massage while you have a fever.")
        )
    if "skin_problem_hip" in ctx.conditions and _has(decision, "hip"):
        return _remove(
            decision,
            "no_massage_skin",
            _("Left out: the skin where you would massage has a wound, rash or infection."),
        )
    return decision, []


def rule_high_pain(
    decision: Decision, profile: Profile, ctx: SafetyContext
) -> tuple[Decision, list[Adaptation]]:
    if ctx.pain_before is not None and ctx.pain_before > 5 and not _has(decision, "gentle"):
        return _remove(
            decision,
            "high_pain_gentle",
            _(
                "Left out today: your shoulder pain is {pain}/10, so only the gentlest "
                "techniques are in the plan. If pain stays this high, talk to a clinician."
            ).format(pain=ctx.pain_before),
        )
    return decision, []


def rule_back_pain(
    decision: Decision, profile: Profile, ctx: SafetyContext
) -> tuple[Decision, list[Adaptation]]:
    if "back_pain" in ctx.conditions and _has(decision, "bent_forward"):
        return _remove(
            decision,
            "back_pain_bent_forward",
            _("Left out: leaning forward like this is not advised when you have back pain."),
        )
    return decision, []


def rule_instability(
    decision: Decision, profile: Profile, ctx: SafetyContext
) -> tuple[Decision, list[Adaptation]]:
    if "shoulder_instability" in ctx.conditions and decision.technique.position == "doorway":
        return _remove(
            decision,
            "instability_doorway",
            _(
                "Left out: your shoulder has dislocated or slipped before; ask a physiotherapist "
                "before doing this stretch."
            ),
        )
    return decision, []


def rule_anterior_hip(
    decision: Decision, profile: Profile, ctx: SafetyContext
) -> tuple[Decision, list[Adaptation]]:
    """The half-kneeling stretch extends the back leg's hip: not on an anterior THR side."""
    if "hip_replacement_anterior" not in ctx.conditions or not _has(decision, "hip_extension"):
        return decision, []
    operated = {LEFT, RIGHT} if ctx.operated_hip in ("", "both") else {ctx.operated_hip}
    kept = tuple(c for c in decision.sides if c.side not in operated and c.side is not None)
    notes = [
        _note(
            "anterior_hip_extension",
            "removed",
            decision,
            _(
                "Left out on the {side} side: after an anterior hip replacement, do not stretch "
                "that hip backwards or kneel on that knee unless your surgeon has cleared it."
            ).format(side=side_label(choice.side)),
            choice.side,
        )
        for choice in decision.sides
        if choice not in kept
    ]
    return replace(decision, sides=kept), notes


def rule_posterior_hip(
    decision: Decision, profile: Profile, ctx: SafetyContext
) -> tuple[Decision, list[Adaptation]]:
    if "hip_replacement_posterior" not in ctx.conditions:
        return decision, []
    if not (_has(decision, "hip_flexion") or _has(decision, "hip")):
        return decision, []
    caution = _(
        "Hip replacement precautions: keep the operated hip bent no more than 90°, knees apart, "
        "legs uncrossed, and do not turn that leg inwards."
    )
    return replace(decision, cautions=(*decision.cautions, caution)), [
        _note("posterior_hip_flexion", "caution", decision, caution)
    ]


def _lies_on(technique: Technique, side: str) -> str:
    """The shoulder a side-lying technique puts underneath when working on ``side``.

    For hip work you lie on the other side and massage the upper hip; for shoulder work lying
    on one side (the sleeper stretch) you lie on the side you work.
    """
    return opposite(side) if technique.side_word == "hip" else side


def rule_painful_shoulder(
    decision: Decision, profile: Profile, ctx: SafetyContext
) -> tuple[Decision, list[Adaptation]]:
    """Never lie on a painful shoulder: that side gets another position, or is left out.

    When the person has not said which shoulder hurts, either may be the painful one: both
    are treated as painful (``unknown_shoulder_side_lying``), so nobody is told to lie on a
    shoulder that may be the one that hurts.
    """
    technique = decision.technique
    if "side_lying" not in technique.tags:
        return decision, []
    unknown = profile.painful_shoulder is Shoulder.UNKNOWN
    painful = Shoulder.BOTH if unknown else profile.painful_shoulder
    rule_id = "unknown_shoulder_side_lying" if unknown else "painful_shoulder_side_lying"
    alternative = technique.variant("back_lying")
    kept: list[SideChoice] = []
    notes: list[Adaptation] = []
    for choice in decision.sides:
        if choice.side is None or not painful.includes(_lies_on(technique, choice.side)):
            kept.append(choice)
            continue
        if alternative is not None:
            kept.append(replace(choice, variant=alternative.id))
            action = "variant"
        else:
            action = "removed"
        reason = _side_lying_reason(
            choice.side, _lies_on(technique, choice.side), unknown, alternative
        )
        notes.append(_note(rule_id, action, decision, reason, choice.side))
    return replace(decision, sides=tuple(kept)), notes


def _side_lying_reason(
    side: str, underneath_side: str, unknown: bool, alternative: Variant | None
) -> str:
    under = side_label(underneath_side)
    if unknown and alternative is not None:
        return _(
            "{side} side lying on your back instead: we don't know which shoulder hurts yet, "
            "and lying on your side for it would put your {under} shoulder underneath, which "
            "may be the painful one. Tell unknot which shoulder hurts (your profile) and the "
            "plan will only avoid that one."
        ).format(side=side_label(side).capitalize(), under=under)
    if unknown:
        return _(
            "Left out on the {side} side: we don't know which shoulder hurts yet, and it would "
            "mean lying on your {under} shoulder, which may be the painful one. Tell unknot "
            "which shoulder hurts (your profile) and the plan will only avoid that one."
        ).format(side=side_label(side), under=under)
    if alternative is not None:
        return _(
            "{side} side in another position: lying on your side for it would put your "
            "painful {under} shoulder underneath. {note}"
        ).format(side=side_label(side).capitalize(), under=under, note=str(alternative.note))
    return _(
        "Left out on the {side} side: it would mean lying on your painful {under} shoulder."
    ).format(side=side_label(side), under=under)


def rule_soften(
    decision: Decision, profile: Profile, ctx: SafetyContext
) -> tuple[Decision, list[Adaptation]]:
    """No massage tool and no firm pressure for bleeding risk, fragile bone or consult-first."""
    if not (_has(decision, "deep_pressure") or _has(decision, "massage_tool")):
        return decision, []
    for rule_id, group, reason in (
        ("soften_bleeding", BLEEDING, _("you take a blood thinner or bruise or bleed easily")),
        ("soften_bone", FRAGILE_BONE, _("your bones may be fragile (osteoporosis, fracture)")),
        ("soften_cancer", frozenset({"cancer"}), _("you have or had cancer")),
        ("soften_consult", CONSULT_FIRST, _("your screening says to check with a clinician")),
    ):
        if ctx.conditions & group:
            light = decision.technique.variant("light")
            sides = tuple(
                replace(c, variant=light.id) if light and c.variant is None else c
                for c in decision.sides
            )
            text = _(
                "Softened: fingers only, light pressure, no massage tool, because {reason}."
            ).format(reason=reason)
            return replace(decision, sides=sides, softened=True), [
                _note(rule_id, "softened", decision, text)
            ]
    return decision, []


RULES: tuple[Rule, ...] = (
    rule_hip_surgery_recent,
    rule_no_massage,
    rule_high_pain,
    rule_back_pain,
    rule_instability,
    rule_anterior_hip,
    rule_painful_shoulder,
    rule_posterior_hip,
    rule_soften,
)


def decide(
    technique: Technique, profile: Profile, ctx: SafetyContext
) -> tuple[Decision, list[Adaptation]]:
    """Run every rule over one technique; a removed technique stops the chain."""
    decision = Decision(technique, default_sides(technique, profile))
    notes: list[Adaptation] = []
    for rule in RULES:
        decision, added = rule(decision, profile, ctx)
        notes.extend(added)
        if decision.removed:
            break
    return decision, notes


def side_label(side: str | None) -> str:
    return {LEFT: _("left"), RIGHT: _("right")}.get(side or "", "")


def advice(library: Library, profile: Profile) -> list[str]:
    """Advice that goes with the likely causes the person chose (never a cure claim)."""
    lines: list[str] = []
    for cause_id in profile.causes:
        cause = library.causes.get(cause_id)
        if cause is not None:
            lines.extend(str(a) for a in cause.advice)
    return lines
