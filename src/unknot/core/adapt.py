"""Personalisation and safety adaptations of a routine (F3, F4).

Each rule looks at one technique of a routine, the person's profile and what the screening
found, and decides which sides are done, in which variant, how softly, or not at all. Every
rule carries its source; the plan shows every adaptation with its reason, so nothing is
removed silently.
"""

from __future__ import annotations

from dataclasses import replace

from unknot.core.adapt_sources import SOURCES
from unknot.core.adapt_types import (
    LEFT,
    RIGHT,
    Adaptation,
    Decision,
    Rule,
    SafetyContext,
    SideChoice,
    has,
    note,
    opposite,
    position_of,
    remove,
    side_label,
    variant_of,
)
from unknot.core.content import Laterality, Library, Technique, Variant
from unknot.core.profile import Profile, Shoulder
from unknot.i18n import _

__all__ = [
    "SOURCES",
    "Adaptation",
    "Decision",
    "SafetyContext",
    "SideChoice",
    "decide",
    "opposite",
    "position_of",
    "side_label",
    "variant_of",
]

_note, _remove, _has = note, remove, has

BLEEDING = frozenset({"anticoagulant", "bleeding_disorder", "low_platelets"})
FRAGILE_BONE = frozenset({"severe_osteoporosis", "recent_fracture", "bone_cancer"})
CONSULT_FIRST = frozenset({"pregnancy", "fragile_skin", "heart_condition"})


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
            # The same words for 6 to 10, so the plan of a pain band is one plan (the player
            # keeps one per band for offline use).
            _(
                "Left out today: your shoulder pain is above 5/10, so only the gentlest "
                "techniques are in the plan. If pain stays this high, talk to a clinician."
            ),
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


def operated_sides(ctx: SafetyContext) -> set[str]:
    """The hip sides a hip replacement's precautions apply to (unknown or both: both)."""
    return {LEFT, RIGHT} if ctx.operated_hip in ("", "both") else {ctx.operated_hip}


def rule_anterior_hip(
    decision: Decision, profile: Profile, ctx: SafetyContext
) -> tuple[Decision, list[Adaptation]]:
    """The hip-flexor stretch extends the back leg's hip: not on an anterior THR side.

    On the operated side no leg turns outwards either (``turn_out``; see rule_anterior_turn_out).
    """
    if "hip_replacement_anterior" not in ctx.conditions or not _has(decision, "hip"):
        return decision, []
    operated = operated_sides(ctx)
    sides = tuple(replace(c, turn_out=False) if c.side in operated else c for c in decision.sides)
    decision = replace(decision, sides=sides)
    if not _has(decision, "hip_extension"):
        return decision, []
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


def rule_standing_not_kneeling(
    decision: Decision, profile: Profile, ctx: SafetyContext
) -> tuple[Decision, list[Adaptation]]:
    """Kneeling becomes standing after a posterior hip replacement or with painful knees."""
    kneeling = [c for c in decision.sides if position_of(decision.technique, c) == "half_kneeling"]
    if not kneeling:
        return decision, []
    if "hip_replacement_posterior" in ctx.conditions and _has(decision, "hip"):
        rule_id = "posterior_hip_standing"
        reason = _(
            "Standing instead of kneeling: after a posterior hip replacement, getting down on "
            "one knee and up again bends the hip more than 90°. You hold a chair and step one "
            "leg back instead, on both sides."
        )
    elif "kneeling_pain" in ctx.conditions:
        rule_id = "kneeling_pain_standing"
        reason = _(
            "Standing instead of kneeling, for comfort: you said you have a knee replacement "
            "or that kneeling hurts. You hold a chair and step one leg back instead."
        )
    else:
        return decision, []
    if decision.technique.variant("standing") is None:
        return _remove(decision, rule_id, reason)
    sides = tuple(replace(c, variant="standing") if c in kneeling else c for c in decision.sides)
    return replace(decision, sides=sides), [_note(rule_id, "variant", decision, reason)]


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


def painful_shoulders(profile: Profile) -> Shoulder:
    """The shoulders to spare: an unknown side counts as both."""
    unknown = profile.painful_shoulder is Shoulder.UNKNOWN
    return Shoulder.BOTH if unknown else profile.painful_shoulder


def rule_good_hand(
    decision: Decision, profile: Profile, ctx: SafetyContext
) -> tuple[Decision, list[Adaptation]]:
    """One-hand pressing is done by the hand of a shoulder that does not hurt.

    Lying on a side, only the upper hand reaches the upper hip, and lying on the painful
    shoulder is ruled out: so with one painful shoulder both hips are done on the back by the
    other hand; with both (or unknown) painful, a ball against a wall does the pressing.
    """
    technique = decision.technique
    if not _has(decision, "one_hand") or technique.variant("back_lying") is None:
        return decision, []
    painful = painful_shoulders(profile)
    if painful is not Shoulder.BOTH:
        hand = opposite(painful.value)
        sides = tuple(replace(c, variant="back_lying", hand=hand) for c in decision.sides)
        reason = _(
            "Both hips on your back, pressed by your {hand} hand: your {painful} shoulder hurts, "
            "so it neither takes your weight nor reaches behind you to press."
        ).format(hand=side_label(hand), painful=side_label(painful.value))
        return replace(decision, sides=sides), [
            _note("deep_tissue_good_hand", "variant", decision, reason)
        ]
    if technique.variant("ball") is None:
        return _remove(decision, "deep_tissue_ball", _ball_reason(profile, left_out=True))
    ban = tool_ban(ctx)
    if ban is not None:  # a ball is a massage tool
        rule_id, because = ban
        return _remove(decision, rule_id, _no_ball_reason(profile, because))
    sides = tuple(replace(c, variant="ball", hand=None) for c in decision.sides)
    return replace(decision, sides=sides), [
        _note("deep_tissue_ball", "variant", decision, _ball_reason(profile, left_out=False))
    ]


def _no_hand(profile: Profile) -> str:
    if profile.painful_shoulder is Shoulder.UNKNOWN:
        return _("we don't know which shoulder hurts yet, so neither hand presses")
    return _("both your shoulders hurt, so neither hand presses")


def _tell_us(profile: Profile) -> str:
    if profile.painful_shoulder is not Shoulder.UNKNOWN:
        return ""
    return " " + _(
        "Tell unknot which shoulder hurts (your profile) and the other hand will do the work."
    )


def _no_ball_reason(profile: Profile, because: str) -> str:
    return _(
        "Left out: {why}, and the massage ball that would press instead is a massage tool; "
        "no massage tool is advised because {because}."
    ).format(why=_no_hand(profile), because=because) + _tell_us(profile)


def _ball_reason(profile: Profile, left_out: bool) -> str:
    why = _no_hand(profile)
    if left_out:
        return _("Left out: {why}.").format(why=why) + _tell_us(profile)
    return _(
        "Standing, with a massage ball between your hip and a wall: {why}; leaning into the "
        "ball gives the pressure instead."
    ).format(why=why) + _tell_us(profile)


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
    unknown = profile.painful_shoulder is Shoulder.UNKNOWN
    painful = painful_shoulders(profile)
    rule_id = "unknown_shoulder_side_lying" if unknown else "painful_shoulder_side_lying"
    alternative = technique.variant("back_lying")
    kept: list[SideChoice] = []
    notes: list[Adaptation] = []
    for choice in decision.sides:
        lying = position_of(technique, choice) == "side_lying"
        if (
            not lying
            or choice.side is None
            or not painful.includes(_lies_on(technique, choice.side))
        ):
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


def tool_ban(ctx: SafetyContext) -> tuple[str, str] | None:
    """The softening rule that rules out massage tools and firm pressure, with its reason."""
    for rule_id, group, reason in (
        ("soften_bleeding", BLEEDING, _("you take a blood thinner or bruise or bleed easily")),
        ("soften_bone", FRAGILE_BONE, _("your bones may be fragile (osteoporosis, fracture)")),
        ("soften_cancer", frozenset({"cancer"}), _("you have or had cancer")),
        ("soften_consult", CONSULT_FIRST, _("your screening says to check with a clinician")),
    ):
        if ctx.conditions & group:
            return rule_id, reason
    return None


def rule_soften(
    decision: Decision, profile: Profile, ctx: SafetyContext
) -> tuple[Decision, list[Adaptation]]:
    """No massage tool and no firm pressure for bleeding risk, fragile bone or consult-first.

    A side done with a massage ball (no hand can press) cannot be softened: the technique is
    left out.
    """
    if not (_has(decision, "deep_pressure") or _has(decision, "massage_tool")):
        return decision, []
    ban = tool_ban(ctx)
    if ban is None:
        return decision, []
    rule_id, reason = ban
    if any(c.variant == "ball" for c in decision.sides):
        return _remove(
            decision,
            rule_id,
            _(
                "Left out: with neither hand free to press, this would need a massage ball, and "
                "no massage tool is advised because {reason}."
            ).format(reason=reason),
        )
    light = decision.technique.variant("light")
    sides = tuple(
        replace(c, variant=light.id) if light and c.variant is None else c for c in decision.sides
    )
    text = _("Softened: fingers only, light pressure, no massage tool, because {reason}.").format(
        reason=reason
    )
    return replace(decision, sides=sides, softened=True), [
        _note(rule_id, "softened", decision, text)
    ]


def rule_anterior_turn_out(
    decision: Decision, profile: Profile, ctx: SafetyContext
) -> tuple[Decision, list[Adaptation]]:
    """Say so where an operated side's knee is kept pointing up (no drop outwards)."""
    notes = [
        _note(
            "anterior_hip_turn_out",
            "caution",
            decision,
            _(
                "{side} hip: keep that knee pointing up rather than letting it drop outwards; "
                "after an anterior hip replacement the leg should not turn out."
            ).format(side=side_label(c.side).capitalize()),
            c.side,
        )
        for c in decision.sides
        if not c.turn_out and c.side is not None and turns_out(decision.technique, c)
    ]
    return decision, notes


def turns_out(technique: Technique, choice: SideChoice) -> bool:
    """Whether the usual text of this side lets the knee drop outwards (back-lying, own hand)."""
    return (
        "one_hand" in technique.tags
        and choice.variant == "back_lying"
        and choice.hand == choice.side
    )


RULES: tuple[Rule, ...] = (
    rule_hip_surgery_recent,
    rule_no_massage,
    rule_high_pain,
    rule_back_pain,
    rule_instability,
    rule_anterior_hip,
    rule_standing_not_kneeling,
    rule_good_hand,
    rule_painful_shoulder,
    rule_posterior_hip,
    rule_soften,
    rule_anterior_turn_out,
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


def advice(library: Library, profile: Profile) -> list[str]:
    """Advice that goes with the likely causes the person chose (never a cure claim)."""
    lines: list[str] = []
    for cause_id in profile.causes:
        cause = library.causes.get(cause_id)
        if cause is not None:
            lines.extend(str(a) for a in cause.advice)
    return lines
