"""Stop rules during a session and the follow-up next time (F3).

Clinical-facts §6 "Proposed app rule" — a synthesis: no single guideline defines a stop rule
for self-massage, so the rule combines the pain-monitoring model (Silbernagel 2007: above 5/10
is "unacceptable"), the 2-point minimal clinically important change of §3.1 and the NHS
advice of §1 and §6. The data (thresholds, symptoms, wording, sources) lives in
``unknot/content/stop_rules.yaml``; this module decides.

Pure: no clock, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from unknot.core.content import Source
from unknot.core.text import Text
from unknot.errors import ValidationError
from unknot.i18n import _

PAIN_MIN = 0
PAIN_MAX = 10


class StopAction(StrEnum):
    EMERGENCY = "emergency"  # stop the session, show the emergency screen
    STOP_TECHNIQUE = "stop_technique"  # stop this technique, say why, offer the next one


@dataclass(frozen=True)
class Symptom:
    id: str
    action: StopAction
    label: Text
    reason: Text
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class PainRule:
    """The wording and sources of one pain rule (``rise`` or ``ceiling``)."""

    reason: Text
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class FollowUp:
    """Next-session questions: did the pain settle within ~30 min, was it worse next morning."""

    settled_question: Text
    next_morning_question: Text
    advice: Text  # shown when :func:`followup_ok` is False
    see_clinician: Text  # tingling that persists, or worse / no better after 2 weeks
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class StopRules:
    rise_points: int
    ceiling: int
    symptoms: tuple[Symptom, ...]
    sources: tuple[Source, ...]  # for the rule set as a whole
    rise: PainRule
    ceiling_rule: PainRule
    gentle_rule: PainRule  # above the ceiling: gentle techniques only for the rest
    within_limits: Text  # the reason when a rating stops nothing
    synthesis_note: Text  # "a synthesis of sources, not one guideline"
    followup: FollowUp

    def symptom(self, symptom_id: str) -> Symptom | None:
        return next((s for s in self.symptoms if s.id == symptom_id), None)


@dataclass(frozen=True)
class StopDecision:
    action: StopAction | None  # None: carry on
    rule_id: str
    reason: Text
    # Pain above the ceiling: the rest of the session keeps only gentle techniques (the
    # player leaves the others out), as the start rule ``adapt.high_pain_gentle`` would.
    gentle_only: bool = False


RULE_PAIN_OK = "pain.ok"
RULE_PAIN_RISE = "pain.rise"
RULE_PAIN_CEILING = "pain.ceiling"
RULE_PAIN_GENTLE_ONLY = "pain.gentle_only"


def symptom_rule_id(symptom_id: str) -> str:
    return f"symptom.{symptom_id}"


def check_pain(rules: StopRules, before: int | None, now: int) -> StopDecision:
    """Decide on a pain rating given during a technique.

    - ``now - before >= rise_points`` (2): stop the technique (a change most people notice).
    - ``now > ceiling`` (5) when ``before <= ceiling`` or ``before`` is unknown: stop the
      technique. Someone who started above the ceiling is stopped only by a rise.
    - ``now > ceiling``, whatever came before: gentle techniques only for the rest of the
      session (``gentle_only``; its reason is added to the decision's), which is what the
      start rule allows at that pain.

    The rise is checked first, so a rating that breaks both rules reports the rise.
    """
    if before is not None:
        _check_rating(before, "before")
    _check_rating(now, "now")
    if before is not None and now - before >= rules.rise_points:
        decision = StopDecision(StopAction.STOP_TECHNIQUE, RULE_PAIN_RISE, rules.rise.reason)
    elif now > rules.ceiling and (before is None or before <= rules.ceiling):
        decision = StopDecision(
            StopAction.STOP_TECHNIQUE, RULE_PAIN_CEILING, rules.ceiling_rule.reason
        )
    else:
        decision = StopDecision(None, RULE_PAIN_OK, rules.within_limits)
    if now > rules.ceiling:
        return replace(
            decision,
            reason=_joined(decision.reason, rules.gentle_rule.reason),
            gentle_only=True,
        )
    return decision


def _joined(first: Text, second: Text) -> Text:
    """Two texts one after the other, in every language either has (English otherwise)."""
    a, b = first.as_dict(), second.as_dict()
    return Text(
        tuple(
            (locale, f"{a.get(locale, a['en'])} {b.get(locale, b['en'])}")
            for locale in sorted(a.keys() | b.keys())
        )
    )


def _check_rating(value: object, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not PAIN_MIN <= value <= PAIN_MAX:
        raise ValidationError(
            _(
                "The pain rating {name!r} is {value!r}; it must be a whole number from 0 "
                "(no pain) to 10 (worst pain imaginable)."
            ).format(name=name, value=value),
            hint=_("Rate your pain again with a whole number from 0 to 10."),
        )


def check_symptom(rules: StopRules, symptom_id: str) -> StopDecision:
    """Decide on a symptom reported during a session."""
    symptom = rules.symptom(symptom_id)
    if symptom is None:
        known = ", ".join(s.id for s in rules.symptoms)
        raise ValidationError(
            _("There is no symptom called {id!r}.").format(id=symptom_id),
            hint=_("Report one of: {known}.").format(known=known),
        )
    return StopDecision(symptom.action, symptom_rule_id(symptom.id), symptom.reason)


def followup_ok(settled_within_30_min: bool, worse_next_morning: bool) -> bool:
    """True when last session's pain settled within about 30 minutes and was not worse the
    next morning (§6 rule 3; §7.1 [AAA] "back to its pre-exercise level within 30 minutes",
    [PROV] severe pain lasting more than 30 minutes -> reduce). Otherwise: lighter next time.
    """
    return settled_within_30_min and not worse_next_morning


def _sources(sources: tuple[Source, ...]) -> list[dict[str, str]]:
    return [{"label": s.label, "ref": s.ref} for s in sources]


def to_plan_data(rules: StopRules) -> dict[str, Any]:
    """The stop rules as plain JSON data, text in the active language, for both players."""
    return {
        "rise_points": rules.rise_points,
        "ceiling": rules.ceiling,
        "pain_min": PAIN_MIN,
        "pain_max": PAIN_MAX,
        "pain_rules": {
            RULE_PAIN_RISE: {
                "reason": str(rules.rise.reason),
                "sources": _sources(rules.rise.sources),
            },
            RULE_PAIN_CEILING: {
                "reason": str(rules.ceiling_rule.reason),
                "sources": _sources(rules.ceiling_rule.sources),
            },
            RULE_PAIN_GENTLE_ONLY: {
                "reason": str(rules.gentle_rule.reason),
                "sources": _sources(rules.gentle_rule.sources),
            },
            RULE_PAIN_OK: {"reason": str(rules.within_limits), "sources": []},
        },
        "symptoms": [
            {
                "id": s.id,
                "rule_id": symptom_rule_id(s.id),
                "action": s.action.value,
                "label": str(s.label),
                "reason": str(s.reason),
                "sources": _sources(s.sources),
            }
            for s in rules.symptoms
        ],
        "followup": {
            "settled_question": str(rules.followup.settled_question),
            "next_morning_question": str(rules.followup.next_morning_question),
            "advice": str(rules.followup.advice),
            "see_clinician": str(rules.followup.see_clinician),
            "sources": _sources(rules.followup.sources),
        },
        "note": str(rules.synthesis_note),
        "sources": _sources(rules.sources),
    }
