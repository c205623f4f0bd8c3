"""What no text of a plan may say, given the adaptations the plan made (issue 12).

Used by the core property test and by the Tom and Mina tests of both players: each step's
texts (title, instructions, cues; for a player, what its screen shows during that step) are
checked against the phrases forbidden by the person's profile and screening.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from unknot.core.adapt import BLEEDING, CONSULT_FIRST, FRAGILE_BONE

SIDE_CHANGE = re.compile(
    r"\b(other (hip|side|leg|arm|knee)|roll (over|onto)|turn over|repeat on|"
    r"change (legs|arms|sides|to|hips)|switch sides)\b",
    re.I,
)
BOTH_SIDES = re.compile(r"\b(each|both) (hip|side|leg|arm)s?\b|\bone (hip|side) at a time\b", re.I)
ROLL = re.compile(r"\b(roll (over|onto)|turn over)\b", re.I)
TOOL = re.compile(r"massage (tool|ball)|\btool\b|\broller\b|\bfirm|\bdeep but\b", re.I)
TURN_OUT = re.compile(r"\boutwards?\b|\bturn (your|that) (foot|leg|knee) out", re.I)
KNEEL = re.compile(r"\bkneel", re.I)
REACH_BEHIND = re.compile(r"\breach(es|ing)? behind\b", re.I)
TOOL_BANS = BLEEDING | FRAGILE_BONE | CONSULT_FIRST | {"cancer"}
HIP_TECHNIQUES = {"hip-circular-massage", "hip-kneading", "hip-deep-tissue", "hip-flexor-stretch"}


@dataclass(frozen=True)
class Person:
    painful_shoulder: str  # left | right | both | "" (unknown)
    conditions: frozenset[str] = frozenset()
    operated_hip: str = ""

    @property
    def painful(self) -> set[str]:
        if self.painful_shoulder in ("left", "right"):
            return {self.painful_shoulder}
        return {"left", "right"}

    @property
    def operated(self) -> set[str]:
        return {"left", "right"} if self.operated_hip in ("", "both") else {self.operated_hip}


def step_texts(step: Mapping[str, Any]) -> list[str]:
    return [step["title"], *step["instructions"], *(c["text"] for c in step["cues"])]


def rules_for(
    steps: Sequence[Mapping[str, Any]], index: int, person: Person
) -> list[tuple[str, re.Pattern[str]]]:
    """(why, pattern) pairs that no text of step ``index`` may match."""
    step = steps[index]
    technique = step["technique"]
    same = [s for s in steps if s["technique"] == technique and s["kind"] == "work"]
    later = [s for s in steps[index + 1 :] if s["technique"] == technique and s["kind"] == "work"]
    rules: list[tuple[str, re.Pattern[str]]] = []
    if step["kind"] in ("work", "rest") and not {s["side"] for s in later} - {step["side"]}:
        rules.append(("no other side is left", SIDE_CHANGE))
    if step["kind"] == "prepare" and len({s["side"] for s in same if s["side"]}) == 1:
        rules += [("one side only", SIDE_CHANGE), ("one side only", BOTH_SIDES)]
    if not any(s["position"] == "side_lying" for s in later):
        rules.append(("nothing after this lies on a side", ROLL))
    for side in person.painful:
        rules.append(
            (f"{side} shoulder hurts", re.compile(rf"\b(lie|lying) on your {side} side\b", re.I))
        )
        rules.append(
            (f"{side} shoulder hurts", re.compile(rf"\b(with )?your {side} hand\b(?! on)", re.I))
        )
    rules.append(("no arm reaches behind", REACH_BEHIND))
    if person.conditions & TOOL_BANS:
        rules.append(("no tool, no firm pressure", TOOL))
    if "hip_replacement_anterior" in person.conditions:
        for side in person.operated:
            rules.append(
                (f"anterior {side} hip", re.compile(rf"\b(kneel on|let) your {side} knee", re.I))
            )
            rules.append((f"anterior {side} hip", re.compile(rf"\byour {side} leg steps back")))
        if technique in HIP_TECHNIQUES and (step["side"] in person.operated or not step["side"]):
            rules.append(("anterior: the operated leg does not turn out", TURN_OUT))
    if "hip_replacement_posterior" in person.conditions and technique in HIP_TECHNIQUES:
        rules.append(("posterior: no kneeling", KNEEL))
    if "kneeling_pain" in person.conditions:
        rules.append(("kneeling hurts", KNEEL))
    return rules


def _cleaned(text: str) -> str:
    return text.replace("no massage tool", "").replace("no massage ball", "")


def violations(
    steps: Sequence[Mapping[str, Any]],
    person: Person,
    texts: Iterable[tuple[int, str]] | None = None,
) -> list[str]:
    """Every (step, text) that says something the plan ruled out, as readable lines.

    ``texts`` are (step index, text) pairs, e.g. what a player's screen showed during a step;
    by default, each step's own texts.
    """
    pairs = (
        texts
        if texts is not None
        else ((i, text) for i, step in enumerate(steps) for text in step_texts(step))
    )
    found = []
    cache: dict[int, list[tuple[str, re.Pattern[str]]]] = {}
    for index, text in pairs:
        rules = cache.setdefault(index, rules_for(steps, index, person))
        for why, pattern in rules:
            match = pattern.search(_cleaned(text))
            if match:
                found.append(f"step {index} ({why}): {match.group(0)!r} in {text!r}")
    return found
