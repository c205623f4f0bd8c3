"""What the terminal player draws: a big countdown, the step, progress, what is next, keys."""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import datetime, timedelta

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from unknot.cli.views import minutes_text
from unknot.core.plan import Plan, PlanStep
from unknot.core.player import Player
from unknot.core.player_events import Outcome, State
from unknot.core.screening import CountryNumbers, fill_numbers, numbers_for
from unknot.core.stoprules import StopAction, StopRules
from unknot.i18n import _, ngettext, time_of_day

# A three-row digit font made of half blocks.
GLYPHS = {
    "0": ("█▀█", "█ █", "▀▀▀"),
    "1": (" ▀█", "  █", "  ▀"),
    "2": ("▀▀█", "█▀▀", "▀▀▀"),
    "3": ("▀▀█", " ▀█", "▀▀▀"),
    "4": ("█ █", "▀▀█", "  ▀"),
    "5": ("█▀▀", "▀▀█", "▀▀▀"),
    "6": ("█▀▀", "█▀█", "▀▀▀"),
    "7": ("▀▀█", "  █", "  ▀"),
    "8": ("█▀█", "█▀█", "▀▀▀"),
    "9": ("█▀█", "▀▀█", "▀▀▀"),
    ":": (" ", "▀", "▀"),
}
SYMPTOM_KEYS = string.ascii_lowercase


def big(text: str) -> Text:
    rows = ["  ".join(GLYPHS[c][row] for c in text if c in GLYPHS) for row in range(3)]
    return Text("\n".join(rows), style="bold")


@dataclass
class PlayerScreen:
    """What the screen shows besides the plan: an input mode and a message."""

    mode: str = ""  # "" | pain | symptom
    message: str = ""
    message_step: int = -1  # the step the message was shown in: it clears when the step changes
    rating_for: str | None = None  # a technique just finished: a one-key rating is welcome

    def say(self, message: str, step: int) -> None:
        """Show ``message`` until the player moves on from step ``step``."""
        self.message = message
        self.message_step = step

    def step_changed(self, step: int) -> None:
        """A new step started: a message from an earlier step is stale now."""
        if step != self.message_step:
            self.message = ""

    def symptom_for_key(self, key: str, rules: StopRules) -> str | None:
        index = SYMPTOM_KEYS.find(key) if len(key) == 1 else -1
        if 0 <= index < len(rules.symptoms):
            return rules.symptoms[index].id
        return None


def _header(plan: Plan, player: Player, now: float, speed: float) -> RenderableType:
    done = player.session_elapsed_planned(now)
    remaining = max(0.0, plan.total_s - done) / speed
    ends = time_of_day(datetime.now() + timedelta(seconds=remaining))
    state = _("paused") if player.state is State.PAUSED else ""
    title = Text.assemble(
        (plan.routine_name, "bold"),
        "  ·  ",
        _("step {n} of {total}").format(
            n=min(player.index + 1, len(plan.steps)), total=len(plan.steps)
        ),
        "  ·  ",
        _("ends about {time}").format(time=ends),
        ("   " + state.upper(), "bold yellow") if state else "",
    )
    bar = Table.grid(expand=True)
    bar.add_column(ratio=1)
    bar.add_column(justify="right")
    bar.add_row(
        ProgressBar(total=max(1, plan.total_s), completed=done),
        f" {minutes_text(int(done))} / {minutes_text(plan.total_s)}",
    )
    return Group(title, bar)


def _current(plan: Plan, player: Player, now: float, layout: str = "full") -> RenderableType:
    """The step: its title, the countdown, every instruction line and what comes next.

    ``layout`` "small" draws the countdown on one line (a short terminal); "brief" shows only
    the title and countdown (a menu is open below it and needs the room).
    """
    step = player.current
    if step is None:
        return Text(_("Session over."), style="bold")
    left = minutes_text(int(player.remaining_in_step(now) + 0.999))
    if layout == "full":
        lines: list[RenderableType] = [Text(step.title, style="bold cyan"), big(left)]
    else:
        lines = [Text.assemble((step.title, "bold cyan"), "  ", (left, "bold"))]
    if layout == "brief":
        return Group(*lines)
    for instruction in step.instructions:
        lines.append(Text("• " + instruction))
    following = _next_of(plan, step.index)
    if following is not None:
        lines.append(
            Text(
                _("Next: {title} ({time})").format(
                    title=following.title, time=minutes_text(following.duration_s)
                ),
                style="dim",
            )
        )
    return Group(*lines)


def _next_of(plan: Plan, index: int) -> PlanStep | None:
    """The step to announce as next: a technique's first work step rather than its get-ready."""
    for later in plan.steps[index + 1 :]:
        if later.kind != "prepare":
            return later
    return None


def _prompt(screen: PlayerScreen, player: Player, numbers: CountryNumbers) -> RenderableType | None:
    if screen.mode == "pain":
        return Panel(
            _("Shoulder pain now: press 0-9, or t for 10. Any other key cancels."),
            style="bold yellow",
        )
    if screen.mode == "symptom":
        table = Table.grid(padding=(0, 1))
        for key, symptom in zip(SYMPTOM_KEYS, player.rules.symptoms, strict=False):
            label = fill_numbers(str(symptom.label), numbers)
            table.add_row(Text(f"[{key}]", style="bold"), Text(label))
        return Panel(
            table,
            title=_("What is happening? Press its letter"),
            title_align="left",
            style="bold yellow",
        )
    if screen.rating_for:
        return Text(
            _("How is your shoulder after that technique? Press 0-9 (t = 10), or just carry on."),
            style="yellow",
        )
    return None


@dataclass(frozen=True)
class KeyLegend:
    """A key legend that wraps between its entries, never between a key and what it does.

    The entries of the translated legend are separated by two spaces; a line holds as many
    whole entries as fit (in terminal cells, so wide Korean letters count twice), and an
    entry wider than the line is wrapped on its own.
    """

    legend: str
    style: str = "dim"

    def entries(self) -> list[str]:
        return [part.strip() for part in self.legend.split("  ") if part.strip()]

    def lines(self, width: int) -> list[str]:
        lines: list[str] = []
        for entry in self.entries():
            if lines and cell_len(lines[-1]) + 2 + cell_len(entry) <= width:
                lines[-1] += "  " + entry
            else:
                lines.append(entry)
        return lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines(options.max_width):
            yield Text(line, style=self.style)


def key_help() -> str:
    return _("[space] pause/resume  [n/→] next  [b/←] back  [p] pain  [s] symptom  [q] quit")


def rest_keys() -> str:
    return _("[s] symptom  [q] end the session")


def ask_keys() -> str:
    return _("[y] yes, it has settled  [n] no  [s] symptom  [q] end the session")


def _check(player: Player, now: float) -> RenderableType:
    """The rest after numbness or tingling, then its question, each with its countdown."""
    left = int(player.check_remaining(now) + 0.999)
    if player.state is State.RESTING:
        title = _("Rest: the technique has stopped")
    else:
        title = _("Has it settled? Answer within the time below")
    return Group(Text(title, style="bold cyan"), big(minutes_text(left)))


def render_screen(
    plan: Plan,
    player: Player,
    screen: PlayerScreen,
    now: float,
    speed: float = 1.0,
    numbers: CountryNumbers | None = None,
    layout: str = "full",
) -> RenderableType:
    """The whole screen; ``layout`` as for the step (an open symptom menu is always brief)."""
    if player.state.over:
        # Only what ended the session stays (a stop rule on the last technique): no countdown,
        # keys or rating prompt above what ``unknot start`` asks and prints next. A
        # stop-the-session rule's words are printed once, in their own panel, after the player.
        ended_it = screen.message_step >= len(plan.steps) and not player.end_advice
        return Text(screen.message if ended_it else "", style="bold magenta")
    checking = player.state.checking
    if screen.mode == "symptom":
        layout = "brief"
    parts: list[RenderableType] = [
        _header(plan, player, now, speed),
        Text(""),
        _check(player, now) if checking else _current(plan, player, now, layout),
    ]
    prompt = _prompt(screen, player, numbers or numbers_for({}, None))
    if prompt is not None:
        parts += [Text(""), prompt]
    if screen.message:
        parts += [Text(""), Text(screen.message, style="bold magenta")]
    keys = key_help()
    if checking:
        keys = ask_keys() if player.state is State.ASKING else rest_keys()
    parts += [Text(""), KeyLegend(keys)]
    return Group(*parts)


def closing_words(player: Player) -> tuple[str, str]:
    """What to say once a session is over (and how), honest about any stop rule."""
    words, style = _closing(player)
    if words and player.gentle_only and any(r.outcome is Outcome.LEFT_OUT for r in player.records):
        words += " " + _("After pain above 5/10, only gentle techniques were played.")
    return words, style


def _closing(player: Player) -> tuple[str, str]:
    stopped = sum(1 for s in player.stops if s.action is StopAction.STOP_TECHNIQUE)
    if player.state is State.FINISHED:
        if player.records and player.records[-1].outcome is Outcome.STOPPED:
            return (
                _(
                    "Session over: a safety rule stopped the last technique, so the session "
                    "ended early. What you did is saved."
                ),
                "yellow",
            )
        if stopped:
            return (
                ngettext(
                    "Session complete, but a safety rule stopped {n} technique on the way. "
                    "What you did is saved.",
                    "Session complete, but a safety rule stopped {n} techniques on the way. "
                    "What you did is saved.",
                    stopped,
                ).format(n=stopped),
                "yellow",
            )
        return _("Well done: session complete."), "bold green"
    if player.state is State.STOPPED:
        if any(s.action is StopAction.STOP_SESSION for s in player.stops):
            return _("A safety rule ended the session for today; what you did is saved."), "yellow"
        return _("A safety rule ended the session early; what you did is saved."), "yellow"
    if player.state is State.QUIT:
        return _("Session ended early; what you did is saved."), "yellow"
    return "", ""
