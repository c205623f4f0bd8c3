"""The guided session in a terminal (F5): live countdown, cues, keys, stop rules, saving.

The core's :class:`~unknot.core.player.Player` keeps the time; this module only waits until
its next deadline, reads keys, rings, speaks, draws and hands every finished step to the
:class:`~unknot.services.session.record.SessionRecorder`. On a pipe (not a terminal) it prints plain
timestamped lines instead of drawing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import IO, Any

from rich.console import Console
from rich.live import Live

from unknot.cli.player_view import PlayerScreen, render_screen
from unknot.cli.terminal import Keys, Speaker
from unknot.core.plan import Plan
from unknot.core.player import Player
from unknot.core.player_events import (
    CheckStarted,
    CueDue,
    Event,
    Outcome,
    SessionEnded,
    State,
    StepEnded,
    StepStarted,
)
from unknot.core.screening import CountryNumbers, fill_numbers, numbers_for
from unknot.core.stoprules import StopAction, StopDecision
from unknot.i18n import _
from unknot.services.session.record import SessionRecorder

PAIN_KEYS = {str(n): n for n in range(10)} | {"t": 10}
MAX_SLEEP_S = 0.2  # redraw at least this often


def speed_clock(speed: float) -> Callable[[], float]:
    """A monotonic clock that runs ``speed`` times faster (for demos and tests)."""
    start = time.monotonic()
    return lambda: start + (time.monotonic() - start) * speed


@dataclass
class SessionUI:
    """One session being played in the terminal."""

    plan: Plan
    player: Player
    recorder: SessionRecorder
    console: Console
    clock: Callable[[], float]
    speed: float = 1.0
    bell: bool = True
    speaker: Speaker = field(default_factory=lambda: Speaker(False))
    screen: PlayerScreen = field(default_factory=PlayerScreen)
    out: IO[str] | None = None
    # The person's numbers, put into the rule texts' {emergency} / {same_day}.
    numbers: CountryNumbers = field(default_factory=lambda: numbers_for({}, None))
    saved_stops: int = 0  # the player's stop events already handed to the recorder

    def fill(self, text: str) -> str:
        return fill_numbers(text, self.numbers)

    def say(self, message: str) -> None:
        """Show a message until the next step starts."""
        self.screen.say(message, self.player.index)

    # -- events -----------------------------------------------------------------------------

    def save_stops(self) -> None:
        """Hand every new stop event to the recorder, its numbers filled in (a check that ran
        out of time adds one on a tick, not on a key)."""
        for stop in self.player.stops[self.saved_stops :]:
            self.recorder.stop_event(replace(stop, reason=self.fill(stop.reason)))
        self.saved_stops = len(self.player.stops)

    def handle(self, events: list[Event]) -> None:
        self.save_stops()
        for event in events:
            if isinstance(event, CheckStarted):
                self.check_started(event)
            elif isinstance(event, CueDue):
                self.cue(event)
            elif isinstance(event, StepEnded):
                self.step_ended(event)
            elif isinstance(event, StepStarted):
                self.step_started(event.index)
            elif isinstance(event, SessionEnded):
                self.screen.rating_for = None  # no key is read any more
                if event.reason:
                    self.say(self.fill(event.reason))
                    if not self.console.is_terminal:
                        self.line(self.fill(event.reason), self.player.active(self.clock()))

    def check_started(self, event: CheckStarted) -> None:
        """A rest after numbness or tingling began, or its question is asked now."""
        if event.phase == "rest":
            text = self.fill(str(event.recheck.rest))
        else:
            text = self.fill(str(event.recheck.question)) + " " + _("Press y (yes) or n (no).")
            if self.bell:
                (self.out or self.console.file).write("\a")
        self.speaker.say(text)
        self.say(text)
        if not self.console.is_terminal:
            self.line(text, self.player.active(self.clock()))

    def cue(self, event: CueDue) -> None:
        if self.bell:
            stream = self.out or self.console.file
            stream.write("\a")
            stream.flush()
        self.speaker.say(event.cue.text)
        if not self.console.is_terminal:
            self.line(event.cue.text, event.scheduled_s)

    def step_started(self, index: int) -> None:
        self.screen.step_changed(index)
        step = self.plan.steps[index]
        if step.kind == "work" and step.rep == 1:
            self.screen.rating_for = None  # the window to rate the last technique has closed
        if not self.console.is_terminal and step.kind == "work":
            self.line("— " + step.title, float(step.start_s))

    def step_ended(self, event: StepEnded) -> None:
        step = self.plan.steps[event.record.index]
        self.recorder.step_ended(event.record, step.kind)
        if step.rate_after and event.record.outcome.value == "completed" and step.technique_id:
            self.screen.rating_for = step.technique_id

    def line(self, text: str, at_s: float) -> None:
        minutes, seconds = divmod(int(at_s), 60)
        self.console.print(f"[{minutes:02d}:{seconds:02d}] {text}", markup=False, highlight=False)

    # -- keys -------------------------------------------------------------------------------

    def on_key(self, key: str) -> None:
        now = self.clock()
        if self.player.state.checking and self.screen.mode != "symptom":
            self.on_check_key(key, now)
            return
        mode = self.screen.mode
        if mode == "pain":
            self.screen.mode = ""
            if key in PAIN_KEYS:
                self.report_pain(now, PAIN_KEYS[key])
            return
        if mode == "symptom":
            self.screen.mode = ""
            symptom = self.screen.symptom_for_key(key, self.player.rules)
            if symptom is not None:
                decision, events = self.player.report_symptom(now, symptom)
                self.after_stop(decision, events)
            return
        if self.screen.rating_for and key in PAIN_KEYS:
            self.player.rate_technique(now, PAIN_KEYS[key], self.screen.rating_for)
            self.recorder.rating(self.player.ratings[-1], "technique")
            self.say(_("Noted: {value}/10 after that technique.").format(value=PAIN_KEYS[key]))
            self.screen.rating_for = None
            return
        self.on_command(key, now)

    def on_check_key(self, key: str, now: float) -> None:
        """While resting or asked: y / n answer (when asked), s symptom, q ends (not settled)."""
        check = self.player.check
        if key in ("y", "n") and self.player.state is State.ASKING and check is not None:
            self.handle(self.player.answer_check(now, key == "y"))
            if not self.player.state.over:  # settled: the next technique has begun
                self.say(self.fill(str(check.settled)))
        elif key == "s":
            self.screen.mode = "symptom"
        elif key in ("q", "ctrl-c"):
            self.handle(self.player.quit(now, _("You ended the session.")))

    def on_command(self, key: str, now: float) -> None:
        actions: dict[str, Callable[[float], list[Event]]] = {
            "space": self.player.toggle,
            "n": self.player.skip,
            "right": self.player.skip,
            "b": self.player.back,
            "left": self.player.back,
        }
        if key in actions:
            self.handle(actions[key](now))
        elif key == "p":
            self.screen.mode = "pain"
        elif key == "s":
            self.screen.mode = "symptom"
        elif key in ("q", "ctrl-c"):
            self.handle(self.player.quit(now, _("You ended the session.")))

    def report_pain(self, now: float, value: int) -> None:
        decision, events = self.player.report_pain(now, value)
        self.recorder.rating(self.player.ratings[-1], "during")
        self.after_stop(decision, events)
        if decision.action is None:
            self.say(
                _("Noted: {value}/10. {reason}").format(
                    value=value, reason=self.fill(str(decision.reason))
                )
            )

    def after_stop(self, decision: StopDecision, events: list[Event]) -> None:
        if decision.action is None:
            self.handle(events)
            return
        reason = self.fill(str(decision.reason))
        self.save_stops()
        if decision.action is StopAction.STOP_SESSION:
            reason += " " + self.fill(str(decision.advice or ""))
        elif decision.action is StopAction.STOP_TECHNIQUE and decision.recheck is None:
            left_out = any(
                isinstance(e, StepEnded) and e.record.outcome is Outcome.LEFT_OUT for e in events
            )
            if self.player.state.over and left_out:  # techniques remained, none of them gentle
                reason += " " + _(
                    "None of the techniques still to come is gentle enough for today, so the "
                    "session ends here."
                )
            elif self.player.state.over:  # the player has already moved on (or ended)
                reason += " " + _("That was the last technique, so the session ends here.")
            else:
                reason += " " + _("Moving on to the next technique.")
        if not self.console.is_terminal:
            self.line(reason, self.player.active(self.clock()))
        self.handle(events)
        if not self.player.state.checking:
            self.say(reason)  # after the events: it stays through the step that follows

    # -- the loop ---------------------------------------------------------------------------

    def run(self, keys: Keys) -> None:
        self.handle(self.player.start(self.clock()))
        if self.console.is_terminal:
            with Live(console=self.console, auto_refresh=False, transient=False) as live:
                self._loop(keys, lambda: live.update(self.render(), refresh=True))
        else:
            self._loop(keys, lambda: None)

    def _loop(self, keys: Keys, draw: Callable[[], None]) -> None:
        try:
            while not self.player.state.over:
                draw()
                wait = min(self.player.next_wakeup(self.clock()) / self.speed, MAX_SLEEP_S)
                key = keys.read(wait) if keys.enabled else _sleep(wait)
                if key is not None:
                    self.on_key(key)
                self.handle(self.player.tick(self.clock()))
        except KeyboardInterrupt:
            if not self.player.state.over:
                self.handle(self.player.quit(self.clock(), _("You ended the session.")))
        draw()

    def render(self) -> Any:
        """The screen, with a one-line countdown when the big one would not fit the terminal
        (at 80 × 24 a step with long instructions would otherwise lose its last lines)."""
        now = self.clock()
        shown = render_screen(self.plan, self.player, self.screen, now, self.speed, self.numbers)
        if len(self.console.render_lines(shown, pad=False)) > self.console.height:
            shown = render_screen(
                self.plan, self.player, self.screen, now, self.speed, self.numbers, "small"
            )
        return shown


def _sleep(seconds: float) -> str | None:
    """Wait without a keyboard (a pipe): nothing can be pressed."""
    time.sleep(seconds)
    return None
