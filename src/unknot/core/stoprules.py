"""Stop rules during a session and the follow-up next time (F3).

Clinical-facts §6 "Proposed app rule" — a synthesis: no single guideline defines a stop rule
for self-massage, so the rule combines the pain-monitoring model (Silbernagel 2007: above 5/10
is "unacceptable"), the 2-point minimal clinically important change of §3.1 and the NHS
advice of §1 and §6. The data (thresholds, symptoms, wording, sources) lives in
``unknot/content/stop_rules.yaml``; this module decides, and :func:`to_plan_data` gives the
same rules as data (what each action does, the pain rules' tests and thresholds) that the
browser player evaluates with no rule of its own.

Pure: no clock, no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
    EMERGENCY = "emergency"  # §6 rule 1: stop the session, show the emergency screen
    # §6 rule 2: no further technique today; the rest is left out, the advice is shown, and
    # the next start asks whether it has passed.
    STOP_SESSION = "stop_session"
    STOP_TECHNIQUE = "stop_technique"  # §6 rule 3: stop this technique, offer the next one


@dataclass(frozen=True)
class NextTime:
    """What the next start asks after a session stopped by a rule-2 stop, and says if not."""

    question: Text  # "Last time the session stopped because … Has that passed?"
    still_there: Text  # the answer is no: no session today, and the same-day advice


@dataclass(frozen=True)
class Recheck:
    """Rest, then ask whether a symptom has settled: yes carries on, no (or silence) stops."""

    rest_s: int
    answer_s: int
    rest: Text  # shown during the rest
    question: Text
    settled: Text  # the answer is yes: the next technique may start
    not_settled: str  # the session rule (id) applied otherwise


@dataclass(frozen=True)
class Symptom:
    id: str
    action: StopAction
    label: Text
    reason: Text
    sources: tuple[Source, ...]
    advice: Text | None = None  # stop_session: shown when the session stops
    next_time: NextTime | None = None  # stop_session: asked at the next start
    again: str | None = None  # the session rule (id) of a second report in one session
    recheck: Recheck | None = None  # stop_technique that asks afterwards whether it settled


@dataclass(frozen=True)
class SessionRule:
    """A rule-2 stop reached another way than one symptom (a second sharp pain, tingling that
    has not settled). Its stop events have the rule id ``session.<id>``."""

    id: str
    label: Text  # a few words for lists: "sharp pain came back"
    reason: Text
    advice: Text
    next_time: NextTime
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
    session_rules: tuple[SessionRule, ...] = ()

    def symptom(self, symptom_id: str) -> Symptom | None:
        return next((s for s in self.symptoms if s.id == symptom_id), None)

    def session_rule(self, rule_id: str) -> SessionRule | None:
        return next((r for r in self.session_rules if r.id == rule_id), None)


def stop_label(rules: StopRules, rule_id: str) -> str:
    """What stopped a session or a technique, in a few words for lists (history, journal)."""
    if rule_id == "pain.rise":
        return _("pain rose by {n} points or more").format(n=rules.rise_points)
    if rule_id == "pain.ceiling":
        return _("pain above {n} out of 10").format(n=rules.ceiling)
    kind, _dot, key = rule_id.partition(".")
    if kind == "symptom":
        for symptom in rules.symptoms:
            if symptom.id == key:
                return str(symptom.label)
    if kind == "session":
        for rule in rules.session_rules:
            if rule.id == key:
                return str(rule.label)
    return _("a safety rule")  # a rule of an older unknot that this one no longer has


@dataclass(frozen=True)
class StopDecision:
    action: StopAction | None  # None: carry on
    rule_id: str
    reason: Text
    # Pain above the ceiling: the rest of the session keeps only gentle techniques (the
    # player leaves the others out), as the start rule ``adapt.high_pain_gentle`` would.
    gentle_only: bool = False
    advice: Text | None = None  # STOP_SESSION: what to do now (may name the same-day number)
    recheck: Recheck | None = None  # rest, then ask whether it settled (tingling)


RULE_PAIN_OK = "pain.ok"
RULE_PAIN_RISE = "pain.rise"
RULE_PAIN_CEILING = "pain.ceiling"
RULE_PAIN_GENTLE_ONLY = "pain.gentle_only"


def symptom_rule_id(symptom_id: str) -> str:
    return f"symptom.{symptom_id}"


def session_rule_id(rule_id: str) -> str:
    return f"session.{rule_id}"


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


def check_symptom(rules: StopRules, symptom_id: str, earlier: Sequence[str] = ()) -> StopDecision:
    """Decide on a symptom reported during a session.

    ``earlier``: the rule ids of the session's stops so far. A symptom with ``again`` (sharp
    pain) reported a second time stops the session (§6 rule 2).
    """
    symptom = rules.symptom(symptom_id)
    if symptom is None:
        known = ", ".join(s.id for s in rules.symptoms)
        raise ValidationError(
            _("There is no symptom called {id!r}.").format(id=symptom_id),
            hint=_("Report one of: {known}.").format(known=known),
        )
    rule_id = symptom_rule_id(symptom.id)
    if symptom.again and rule_id in earlier:
        return session_stop(rules, symptom.again)
    return StopDecision(
        symptom.action,
        rule_id,
        symptom.reason,
        advice=symptom.advice,
        recheck=symptom.recheck,
    )


def session_stop(rules: StopRules, rule_id: str) -> StopDecision:
    """The stop-the-session decision of a session rule (``sharp_pain_twice`` …)."""
    rule = rules.session_rule(rule_id)
    if rule is None:
        known = ", ".join(r.id for r in rules.session_rules)
        raise ValidationError(
            _("There is no session stop rule called {id!r}.").format(id=rule_id),
            hint=_("Use one of: {known}.").format(known=known),
        )
    return StopDecision(
        StopAction.STOP_SESSION, session_rule_id(rule.id), rule.reason, advice=rule.advice
    )


def check_rule(rules: StopRules, rule_id: str, earlier: Sequence[str] = ()) -> StopDecision:
    """The decision for a stop event's rule id, ``symptom.<id>`` or ``session.<id>``."""
    kind, _dot, name = rule_id.partition(".")
    if kind == "session":
        return session_stop(rules, name)
    if kind == "symptom":
        return check_symptom(rules, name, earlier)
    raise ValidationError(
        _("There is no stop rule called {id!r}.").format(id=rule_id),
        hint=_("A symptom rule starts with 'symptom.', a session rule with 'session.'."),
    )


def next_time(rules: StopRules, rule_id: str) -> NextTime | None:
    """What the next start asks after a session that stopped by rule ``rule_id`` (rule 2)."""
    kind, _dot, name = rule_id.partition(".")
    if kind == "session":
        rule = rules.session_rule(name)
        return rule.next_time if rule else None
    symptom = rules.symptom(name) if kind == "symptom" else None
    return symptom.next_time if symptom else None


def followup_ok(settled_within_30_min: bool, worse_next_morning: bool) -> bool:
    """True when last session's pain settled within about 30 minutes and was not worse the
    next morning (§6 rule 3; §7.1 [AAA] "back to its pre-exercise level within 30 minutes",
    [PROV] severe pain lasting more than 30 minutes -> reduce). Otherwise: lighter next time.
    """
    return settled_within_30_min and not worse_next_morning


def _sources(sources: tuple[Source, ...]) -> list[dict[str, str]]:
    return [{"label": s.label, "ref": s.ref} for s in sources]


def _recheck_data(recheck: Recheck | None, fill: Callable[[str], str]) -> dict[str, Any] | None:
    if recheck is None:
        return None
    return {
        "rest_s": recheck.rest_s,
        "answer_s": recheck.answer_s,
        "rest": fill(str(recheck.rest)),
        "question": fill(str(recheck.question)),
        "settled": fill(str(recheck.settled)),
        "not_settled": session_rule_id(recheck.not_settled),
    }


def _keep(text: str) -> str:
    return text


# What each action does, as data the browser player follows generically (the terminal player
# is core/player.py): what it ``ends`` (the session, the technique or nothing), whether every
# later step is recorded as left out, whether the emergency screen is shown, and ``keep_only``:
# from then on only steps with that tag true are played (the others are left out).
GENTLE_ONLY = "gentle_only"
ACTIONS: dict[str, dict[str, Any]] = {
    StopAction.EMERGENCY.value: {
        "ends": "session",
        "leave_out_later": False,
        "emergency_screen": True,
        "keep_only": None,
    },
    StopAction.STOP_SESSION.value: {
        "ends": "session",
        "leave_out_later": True,
        "emergency_screen": False,
        "keep_only": None,
    },
    StopAction.STOP_TECHNIQUE.value: {
        "ends": "technique",
        "leave_out_later": False,
        "emergency_screen": False,
        "keep_only": None,
    },
    GENTLE_ONLY: {
        "ends": "nothing",
        "leave_out_later": False,
        "emergency_screen": False,
        "keep_only": "gentle",
    },
}


def _pain_rule(
    rule_id: str,
    when: dict[str, int],
    action: str | None,
    rule: PainRule,
    fill: Callable[[str], str],
) -> dict[str, Any]:
    return {
        "rule_id": rule_id,
        "when": when,
        "action": action,
        "reason": fill(str(rule.reason)),
        "sources": _sources(rule.sources),
    }


def pain_data(rules: StopRules, fill: Callable[[str], str] = _keep) -> dict[str, Any]:
    """:func:`check_pain` as data: the first rule of ``decide`` whose ``when`` holds decides
    (the last holds always); every rule of ``also`` that holds adds its reason and its action.

    The tests of ``when``, all of which must hold: ``rise_at_least`` n (``now - before >= n``,
    ``before`` known), ``above`` n (``now > n``), ``before_at_most`` n (``before`` unknown or
    ``<= n``).
    """
    stop = StopAction.STOP_TECHNIQUE.value
    ceiling = rules.ceiling
    within = PainRule(rules.within_limits, ())
    return {
        "decide": [
            _pain_rule(
                RULE_PAIN_RISE, {"rise_at_least": rules.rise_points}, stop, rules.rise, fill
            ),
            _pain_rule(
                RULE_PAIN_CEILING,
                {"above": ceiling, "before_at_most": ceiling},
                stop,
                rules.ceiling_rule,
                fill,
            ),
            _pain_rule(RULE_PAIN_OK, {}, None, within, fill),
        ],
        "also": [
            _pain_rule(
                RULE_PAIN_GENTLE_ONLY, {"above": ceiling}, GENTLE_ONLY, rules.gentle_rule, fill
            )
        ],
    }


def to_plan_data(rules: StopRules, fill: Callable[[str], str] = _keep) -> dict[str, Any]:
    """The stop rules as plain JSON data, text in the active language, for both players.

    ``fill`` puts the person's numbers into the texts that may name them (the rule texts'
    ``{emergency}`` / ``{same_day}``); by default they are left as they are.
    """
    return {
        "pain_min": PAIN_MIN,
        "pain_max": PAIN_MAX,
        "actions": {name: dict(effect) for name, effect in ACTIONS.items()},
        "pain": pain_data(rules, fill),
        "symptoms": [
            {
                "id": s.id,
                "rule_id": symptom_rule_id(s.id),
                "action": s.action.value,
                "label": fill(str(s.label)),
                "reason": fill(str(s.reason)),
                "advice": fill(str(s.advice)) if s.advice else None,
                "again": session_rule_id(s.again) if s.again else None,
                "recheck": _recheck_data(s.recheck, fill),
                "sources": _sources(s.sources),
            }
            for s in rules.symptoms
        ],
        "session_rules": {
            session_rule_id(r.id): {
                "action": StopAction.STOP_SESSION.value,
                "reason": fill(str(r.reason)),
                "advice": fill(str(r.advice)),
                "sources": _sources(r.sources),
            }
            for r in rules.session_rules
        },
        "followup": {
            "settled_question": fill(str(rules.followup.settled_question)),
            "next_morning_question": fill(str(rules.followup.next_morning_question)),
            "advice": fill(str(rules.followup.advice)),
            "see_clinician": fill(str(rules.followup.see_clinician)),
            "sources": _sources(rules.followup.sources),
        },
        "note": fill(str(rules.synthesis_note)),
        "sources": _sources(rules.sources),
    }
