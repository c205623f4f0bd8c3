"""The words of each plan step, compiled for that step (F1, F4).

A technique's steps in the content files say how to do it in general; they never change
sides, name a massage tool or ask for firm pressure (``content_problem`` enforces it). This
module adds those sentences per step, from what the rules decided: the side and position
(``_side_line``), the hand that presses, whether the leg may turn outwards, the pressure and
equipment actually allowed, and — on the last hold of a side — the side that comes next, only
when one is left. The "Get ready"/"Next" preview is compiled the same way.
"""

from __future__ import annotations

import re

from unknot.core.adapt import Decision, SideChoice, side_label, turns_out, variant_of
from unknot.core.content import Technique, Variant
from unknot.core.text import Text
from unknot.i18n import _

# Sentences the compiler owns: a technique's (or variant's) summary and steps must not carry
# them, because only the compiler knows the sides kept and the tools allowed. Each pattern
# comes with what to do instead.
CONTENT_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"\b(other (hip|side|leg|arm|knee)|roll (over|onto)|turn over|repeat on|"
            r"change (legs|arms|sides|to|hips))\b",
            re.I,
        ),
        "a change of side",
    ),
    (re.compile(r"\b(massage (tool|ball)|roller|tool)\b", re.I), "a massage tool"),
    (re.compile(r"\bfirm(ly|er)?\b", re.I), "firm pressure"),
)


def _what(key: str) -> str:
    return {
        "a change of side": _("a change of side"),
        "a massage tool": _("a massage tool"),
        "firm pressure": _("firm pressure"),
    }[key]


def content_problem(text: str, *, tool_variant: bool = False) -> str:
    """What a content step or summary says that only the compiler may say, or ``""``."""
    for pattern, what in CONTENT_RULES:
        if tool_variant and what == "a massage tool":
            continue
        match = pattern.search(text)
        if match:
            return _("{what} ({found!r})").format(what=_what(what), found=match.group(0))
    return ""


def _variant(technique: Technique, choice: SideChoice) -> Variant | None:
    return variant_of(technique, choice)


def _position(technique: Technique, choice: SideChoice) -> str:
    variant = _variant(technique, choice)
    return variant.position if variant else technique.position


def side_line(technique: Technique, choice: SideChoice) -> str:
    """Where to be and what to work, for one side (empty for a technique without sides)."""
    side = choice.side
    if side is None:
        return ""
    label = side_label(side)
    other = side_label("right" if side == "left" else "left")
    position = _position(technique, choice)
    if technique.side_word == "arm":
        return _("Work with your {side} arm.").format(side=label)
    if choice.variant == "ball":
        return _(
            "Stand side-on to a wall with a massage ball between the wall and the outer side of "
            "your {side} hip."
        ).format(side=label)
    if position == "side_lying" and "one_hand" in technique.tags:
        # the upper hand presses: rule_good_hand keeps this position only where it is free
        return _(
            "Lie on your {other} side and work on your {side} hip with your {side} hand."
        ).format(other=other, side=label)
    if position == "side_lying":
        return _("Lie on your {other} side and work on your {side} hip.").format(
            other=other, side=label
        )
    if position == "half_kneeling":
        return _(
            "Kneel on your {side} knee, {other} foot in front: this stretches the front of "
            "your {side} hip."
        ).format(side=label, other=other)
    if position == "standing" and "hip_extension" in _tags(technique, choice):
        return _("Your {side} leg steps back: this stretches the front of your {side} hip.").format(
            side=label
        )
    return _hand_line(technique, choice)


def _sets_position(technique: Technique, choice: SideChoice) -> bool:
    position = _position(technique, choice)
    return (
        technique.side_word == "arm"
        or choice.variant == "ball"
        or position in ("side_lying", "half_kneeling")
        or (position == "standing" and "hip_extension" in _tags(technique, choice))
    )


def _hand_line(technique: Technique, choice: SideChoice) -> str:
    label = side_label(choice.side)
    if choice.hand is None:
        return _("Work on your {side} hip.").format(side=label)
    if choice.hand != choice.side:
        return _(
            "Work on your {side} hip with your {hand} hand, reaching across the front of your "
            "body to the outer side of that hip; go only as far round as is comfortable."
        ).format(side=label, hand=side_label(choice.hand))
    line = _("Work on your {side} hip with your {side} hand.").format(side=label)
    if turns_out(technique, choice) and choice.turn_out:
        line += " " + _(
            "Let your {side} knee drop a little outwards to reach the outer side of that hip."
        ).format(side=label)
    elif turns_out(technique, choice):
        line += " " + _(
            "Keep your {side} knee pointing up; reach the outer hip from the front."
        ).format(side=label)
    return line


def _tags(technique: Technique, choice: SideChoice) -> frozenset[str]:
    variant = _variant(technique, choice)
    return variant.tags if variant and variant.tags else technique.tags


def _tool_allowed(decision: Decision, choice: SideChoice) -> bool:
    technique = decision.technique
    return (
        "massage_tool" in technique.tags
        and not decision.softened
        and choice.variant not in ("ball", "light")
    )


def _pressure(decision: Decision, choice: SideChoice) -> str:
    if decision.softened:
        return _("Use your fingers only and light pressure; no massage tool.")
    variant = _variant(decision.technique, choice)
    if variant is not None and variant.pressure.en:
        return str(variant.pressure)
    return str(decision.technique.pressure)


def next_side_line(decision: Decision, index: int, last_rep: bool) -> str:
    """On the last hold of a side, the side that comes next — only when one is left."""
    if not last_rep or index + 1 >= len(decision.sides):
        return ""
    upcoming = decision.sides[index + 1].side
    if upcoming is None:
        return ""
    word = _("arm") if decision.technique.side_word == "arm" else _("hip")
    return _("When this is done, change to your {side} {word}.").format(
        side=side_label(upcoming), word=word
    )


def instructions(decision: Decision, index: int, last_rep: bool) -> tuple[str, ...]:
    """The lines of one work step: side 'index' of the decision."""
    technique = decision.technique
    choice = decision.sides[index]
    variant = _variant(technique, choice)
    steps = variant.steps if variant else technique.steps
    lines = [str(s) for s in steps]
    # A line that sets the position comes first; a line about the hand follows the position.
    at = 0 if _sets_position(technique, choice) else min(1, len(lines))
    lines.insert(at, side_line(technique, choice))
    pressure = _pressure(decision, choice)
    if _tool_allowed(decision, choice):
        pressure += " " + _(
            "If you have a massage ball or tool, you may use it instead of your fingers."
        )
    lines.append(pressure)
    lines += list(decision.cautions)
    lines.append(next_side_line(decision, index, last_rep))
    return tuple(line for line in lines if line)


def _uniform_variant(decision: Decision) -> Variant | None:
    """The variant every side uses, if they all use the same one."""
    ids = {c.variant for c in decision.sides}
    if len(ids) != 1:
        return None
    return _variant(decision.technique, decision.sides[0])


def _pick(own: Text, variant: Variant | None, field: str) -> str:
    text = getattr(variant, field) if variant is not None else None
    return str(text) if text is not None and text.en else str(own)


def prepare_lines(decision: Decision) -> tuple[str, ...]:
    """The "Get ready"/"Next" preview: what is coming, as the plan will actually do it."""
    technique = decision.technique
    variant = _uniform_variant(decision)
    lines = [_pick(technique.summary, variant, "summary")]
    lines += _for_you(decision)
    lines += list(decision.cautions)
    cautions = variant.cautions if variant is not None and variant.cautions else technique.cautions
    lines += [str(c) for c in cautions][:2]
    return tuple(line for line in lines if line)


def _for_you(decision: Decision) -> list[str]:
    lines: list[str] = []
    hands = {c.hand for c in decision.sides if c.hand}
    hand = side_label(hands.pop()) if len(hands) == 1 else ""
    if decision.softened and hand:
        lines.append(
            _(
                "For you: your {hand} hand does the pressing; fingers only, light pressure, no "
                "massage tool."
            ).format(hand=hand)
        )
    elif decision.softened:
        lines.append(_("For you: fingers only, light pressure, no massage tool."))
    elif hand:
        lines.append(_("For you: your {hand} hand does the pressing.").format(hand=hand))
    if (
        not decision.softened
        and "massage_tool" in decision.technique.tags
        and all(c.variant != "ball" for c in decision.sides)
    ):
        lines.append(_("You may use your fingers or a massage ball."))
    sides = [c.side for c in decision.sides if c.side is not None]
    if decision.technique.laterality.value == "each_side" and len(sides) == 1:
        word = _("arm") if decision.technique.side_word == "arm" else _("hip")
        lines.append(
            _("Today only your {side} {word}.").format(side=side_label(sides[0]), word=word)
        )
    return lines


def _variant_label(variant: str) -> str:
    labels = {
        "light": _("light version"),
        "back_lying": _("lying on your back"),
        "standing": _("standing"),
        "ball": _("with a ball at a wall"),
    }
    return labels.get(variant, variant.replace("_", " "))


def title(
    technique: Technique, side: str | None, rep: int, reps: int, variant: str | None = None
) -> str:
    name = str(technique.name)
    if variant:
        name = _("{name} ({variant})").format(name=name, variant=_variant_label(variant))
    if side is not None:
        word = _("arm") if technique.side_word == "arm" else _("hip")
        name = _("{name}, {side} {word}").format(name=name, side=side_label(side), word=word)
    if reps > 1:
        name = _("{name} ({rep} of {reps})").format(name=name, rep=rep, reps=reps)
    return name


def illustration(technique: Technique, choice: SideChoice) -> str:
    """The drawing of the position this side is done in."""
    variant = _variant(technique, choice)
    if variant is not None and variant.illustration:
        return variant.illustration
    return technique.illustration


def position_of(technique: Technique, decision: Decision) -> str:
    """The position of the preview: the one every side shares, else the first side's."""
    if not decision.sides:
        return technique.position
    return _position(technique, decision.sides[0])


def prepare_illustration(decision: Decision) -> str:
    """The drawing of the preview: the first side's position."""
    if not decision.sides:
        return decision.technique.illustration
    return illustration(decision.technique, decision.sides[0])
