"""The plan compiler: routine + profile + safety context → one flat session plan.

The plan is computed once, here, and played by both players (terminal and browser). It is a
list of steps (get ready → work, per side → switch sides → rest …) with exact durations and
cues, the adaptations the rules applied (each with its reason and source), and the stop-rule
data a player evaluates during the session. ``plan_to_json`` gives the versioned JSON form
described by ``docs/plan.schema.json``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from unknot.core import steptext
from unknot.core.adapt import (
    SOURCES,
    Adaptation,
    Decision,
    SafetyContext,
    advice,
    decide,
)
from unknot.core.content import (
    SIDE_SWITCH_S,
    Library,
    Routine,
    RoutineItem,
    estimate_seconds,
    item_dose,
)
from unknot.core.profile import Profile
from unknot.i18n import _, current_language

PLAN_FORMAT = 3  # 3: stop rules as data (issue 13); 2 and 1: docs/plan.schema.v2.json, v1
SWITCH_S = SIDE_SWITCH_S  # seconds to change sides
LAST_SECONDS = 5  # the "last seconds" cue comes this long before a step ends
HALFWAY_MIN_S = 20  # steps shorter than this get no halfway cue


@dataclass(frozen=True)
class Cue:
    at_s: int  # offset from the start of its step
    kind: str  # next | start | halfway | last_seconds | switch_sides | rest | finish
    text: str


@dataclass(frozen=True)
class PlanStep:
    index: int
    kind: str  # prepare | work | rest | switch
    start_s: int
    duration_s: int
    title: str
    instructions: tuple[str, ...]
    cues: tuple[Cue, ...]
    technique_id: str | None = None
    side: str | None = None
    variant: str | None = None
    rep: int = 0
    reps: int = 0
    position: str = ""
    illustration: str = ""
    rate_after: bool = False  # the last work step of a technique: offer a pain rating after it
    # Its technique is tagged gentle: kept when a pain report above 5/10 narrows the rest of
    # the session to gentle techniques (stop rule ``pain.gentle_only``).
    gentle: bool = False

    @property
    def end_s(self) -> int:
        return self.start_s + self.duration_s


@dataclass(frozen=True)
class Plan:
    routine_id: str
    routine_name: str
    language: str
    steps: tuple[PlanStep, ...]
    adaptations: tuple[Adaptation, ...]
    notices: tuple[str, ...]
    stop_rules: Mapping[str, Any] = field(default_factory=dict)
    levels: Mapping[str, float] = field(default_factory=dict)

    @property
    def total_s(self) -> int:
        return self.steps[-1].end_s if self.steps else 0

    def technique_ids(self) -> list[str]:
        return list(dict.fromkeys(s.technique_id for s in self.steps if s.technique_id))


def choose_routine(
    library: Library, profile: Profile, requested: str | None, short_id: str, full_id: str
) -> tuple[Routine, list[Adaptation]]:
    """The routine to play: the one asked for, or the full one unless time is short."""
    if requested:
        return library.routines[requested], []
    full = library.routines[full_id]
    if profile.minutes_available is None:
        return full, []
    if estimate_seconds(full, library, 0.0) <= profile.minutes_available * 60:
        return full, []
    short = library.routines[short_id]
    reason = _("You have {minutes} minutes, so today's plan is the short routine ({name}).").format(
        minutes=profile.minutes_available, name=str(short.name)
    )
    return short, [
        Adaptation("short_on_time", "routine", None, None, reason, SOURCES["short_on_time"])
    ]


@dataclass
class _Builder:
    steps: list[PlanStep] = field(default_factory=list)
    clock: int = 0

    def add(self, kind: str, duration_s: int, title: str, **kw: Any) -> None:
        self.steps.append(
            PlanStep(
                index=len(self.steps),
                kind=kind,
                start_s=self.clock,
                duration_s=duration_s,
                title=title,
                **kw,
            )
        )
        self.clock += duration_s


def _work_cues(duration: int, name: str, first: bool) -> list[Cue]:
    cues = [Cue(0, "start", _("Start: {name}").format(name=name) if first else _("Go"))]
    if duration >= HALFWAY_MIN_S:
        cues.append(Cue(duration // 2, "halfway", _("Halfway")))
    if duration >= 3 * LAST_SECONDS:
        cues.append(
            Cue(
                duration - LAST_SECONDS,
                "last_seconds",
                _("{n} seconds left").format(n=LAST_SECONDS),
            )
        )
    return cues


def _add_technique(
    build: _Builder,
    routine: Routine,
    item: RoutineItem,
    decision: Decision,
    level: float,
    first: bool,
) -> None:
    technique = decision.technique
    dose = item_dose(item, technique)
    reps, hold = dose.reps.at(level), dose.hold_s.at(level)
    name = str(technique.name)
    gentle = "gentle" in technique.tags
    opening = _("Get ready: {name}") if first else _("Next: {name}")
    first_position = steptext.position_of(technique, decision)
    build.add(
        "prepare",
        routine.transition_s,
        opening.format(name=name),
        instructions=steptext.prepare_lines(decision),
        cues=(Cue(0, "next", opening.format(name=name)),),
        technique_id=technique.id,
        position=first_position,
        illustration=steptext.prepare_illustration(decision),
        gentle=gentle,
    )
    for side_index, choice in enumerate(decision.sides):
        variant = technique.variant(choice.variant) if choice.variant else None
        if side_index > 0:
            build.add(
                "switch",
                SWITCH_S,
                _("Switch sides"),
                instructions=(steptext.side_line(technique, choice),),
                cues=(Cue(0, "switch_sides", _("Switch sides")),),
                technique_id=technique.id,
                side=choice.side,
                position=variant.position if variant else technique.position,
                illustration=steptext.illustration(technique, choice),
                gentle=gentle,
            )
        for rep in range(1, reps + 1):
            if rep > 1 and dose.rest_s > 0:
                build.add(
                    "rest",
                    dose.rest_s,
                    _("Rest"),
                    instructions=(_("Relax and breathe."),),
                    cues=(Cue(0, "rest", _("Rest")),),
                    technique_id=technique.id,
                    side=choice.side,
                    gentle=gentle,
                )
            build.add(
                "work",
                hold,
                steptext.title(technique, choice.side, rep, reps, choice.variant),
                instructions=steptext.instructions(decision, side_index, rep == reps),
                cues=tuple(_work_cues(hold, name, rep == 1 and side_index == 0)),
                technique_id=technique.id,
                side=choice.side,
                variant=choice.variant,
                rep=rep,
                reps=reps,
                position=variant.position if variant else technique.position,
                illustration=steptext.illustration(technique, choice),
                rate_after=side_index == len(decision.sides) - 1 and rep == reps,
                gentle=gentle,
            )


def _finish(steps: list[PlanStep]) -> list[PlanStep]:
    if not steps:
        return steps
    last = steps[-1]
    done = Cue(last.duration_s, "finish", _("Well done. The session is finished."))
    return [*steps[:-1], PlanStep(**{**last.__dict__, "cues": (*last.cues, done)})]


def compile_plan(
    library: Library,
    routine: Routine,
    profile: Profile,
    ctx: SafetyContext,
    *,
    levels: Mapping[str, float] | None = None,
    stop_rules: Mapping[str, Any] | None = None,
    extra_adaptations: tuple[Adaptation, ...] = (),
) -> Plan:
    """Compile the session plan. Pure: the same inputs always give the same plan."""
    levels = dict(levels or {})
    build = _Builder()
    adaptations = list(extra_adaptations)
    for item in routine.items:
        decision, notes = decide(library.technique(item.technique), profile, ctx)
        adaptations.extend(notes)
        if decision.removed:
            continue
        level = levels.get(item.technique, 0.0)
        _add_technique(build, routine, item, decision, level, first=not build.steps)
    notices = advice(library, profile)
    if not build.steps:
        notices.insert(0, _("Every technique of this routine was left out for you today."))
    return Plan(
        routine_id=routine.id,
        routine_name=str(routine.name),
        language=current_language(),
        steps=tuple(_finish(build.steps)),
        adaptations=tuple(adaptations),
        notices=tuple(dict.fromkeys(notices)),
        stop_rules=dict(stop_rules or {}),
        levels=levels,
    )


def plan_to_json(plan: Plan) -> dict[str, Any]:
    """The versioned JSON form both players consume (``docs/plan.schema.json``)."""
    return {
        "format": PLAN_FORMAT,
        "routine": {"id": plan.routine_id, "name": plan.routine_name},
        "language": plan.language,
        "total_s": plan.total_s,
        "steps": [_step_json(s) for s in plan.steps],
        "adaptations": [
            {
                "rule": a.rule_id,
                "action": a.action,
                "technique": a.technique_id,
                "side": a.side,
                "reason": a.reason,
                "source": a.source,
            }
            for a in plan.adaptations
        ],
        "notices": list(plan.notices),
        "stop_rules": dict(plan.stop_rules),
        "levels": dict(plan.levels),
    }


def _step_json(step: PlanStep) -> dict[str, Any]:
    return {
        "index": step.index,
        "kind": step.kind,
        "start_s": step.start_s,
        "duration_s": step.duration_s,
        "title": step.title,
        "instructions": list(step.instructions),
        "cues": [{"at_s": c.at_s, "kind": c.kind, "text": c.text} for c in step.cues],
        "technique": step.technique_id,
        "side": step.side,
        "variant": step.variant,
        "rep": step.rep,
        "reps": step.reps,
        "position": step.position,
        "illustration": step.illustration,
        "rate_after": step.rate_after,
        "gentle": step.gentle,
    }
