"""``unknot start`` (a guided session) and ``unknot history``."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from unknot.cli.context import state
from unknot.cli.inputs import decimal_number, pain_number, whole_number
from unknot.cli.render import ask, confirm
from unknot.i18n import N_, _

if TYPE_CHECKING:
    from unknot.core.player import Player
    from unknot.core.screening import CountryNumbers
    from unknot.services.app import Actor
    from unknot.services.plan import TodaysPlan
    from unknot.services.session.record import SessionRecorder


def start(
    ctx: typer.Context,
    routine: Annotated[
        str | None, typer.Argument(help=N_("Routine id or name (default: chosen for you)."))
    ] = None,
    speed: Annotated[
        float,
        typer.Option(
            parser=decimal_number(0.1, 1000.0, N_("the speed")),
            metavar=N_("TIMES"),
            help=N_("Run the clock faster, for demos and tests."),
        ),
    ] = 1.0,
    pain_before: Annotated[
        int | None,
        typer.Option(
            parser=pain_number,
            metavar="0-10",
            help=N_("Shoulder pain now, 0-10 (otherwise asked)."),
        ),
    ] = None,
    voice: Annotated[bool, typer.Option(help=N_("Speak the cues if a voice is installed."))] = True,
    bell: Annotated[bool, typer.Option(help=N_("Ring the terminal bell at each cue."))] = True,
) -> None:
    """Run today's guided session: safety checks, pain before, the routine, pain after."""
    from unknot.cli.plan_view import render_plan
    from unknot.cli.render import console
    from unknot.cli.trial.view import routine_for_start
    from unknot.services import safety
    from unknot.services.plan import build_plan, check_routine

    actor = state(ctx).actor
    check_routine(actor, routine)  # a misspelt name is said before any question
    routine, play = routine_for_start(actor, routine)  # a trial day decides the routine
    if not play:
        return
    if not _stop_follow_up(actor):  # stopped earlier today: say so before asking anything
        return
    _safety_checks(ctx, actor)
    _follow_up(actor)
    _ask_shoulder(actor, _interactive())
    pain = pain_before if pain_before is not None else _ask_pain_before()
    today = build_plan(actor, routine, pain)
    if not today.plan.steps:
        render_plan(today.plan)
        return
    _announce(today)
    player, recorder = _play(actor, today, pain, speed, voice, bell)
    _finish(player, recorder, safety.status(actor).numbers())
    console().print(_("Saved. `unknot history` lists your sessions."), style="dim")


def _safety_checks(ctx: typer.Context, actor: Actor) -> None:
    from unknot.cli.render import console
    from unknot.cli.screen import screen
    from unknot.services import safety

    current = safety.status(actor)
    if current.due:
        console().print(_("First, the safety screening."), style="bold")
        ctx.invoke(screen, ctx)
    elif current.can_start and not current.screened_today:
        changed = confirm(
            _(
                "Quick check: since your screening, is there anything new — an injury, a fever, "
                "new numbness or tingling, chest pain, or a new medicine such as a blood thinner?"
            ),
            default=False,
        )
        if changed:
            console().print(_("Then let's go through the screening again."), style="bold")
            ctx.invoke(screen, ctx)
    safety.require_can_start(safety.status(actor))


def _stop_follow_up(actor: Actor) -> bool:
    """After a session a stop-the-session rule ended: no more today, then "has it passed?"
    at the next start (§6 rule 2). False: no session now."""
    from unknot.cli.render import console
    from unknot.core.screening import fill_numbers
    from unknot.services import safety
    from unknot.services.session.record import (
        ASK,
        STOPPED_TODAY,
        no_session_words,
        record_stop_followup,
        stop_followup,
    )

    due = stop_followup(actor)
    if due is None:
        return True
    numbers = safety.status(actor).numbers()
    out = console()
    if due.state == ASK:
        if confirm(fill_numbers(str(due.asked.question), numbers), default=None):
            record_stop_followup(actor, due.session_id, passed=True)
            return True
        record_stop_followup(actor, due.session_id, passed=False)
    message, advice = no_session_words(actor, due)  # after a "no": the "still there" words
    if due.state == STOPPED_TODAY:
        out.print(message, style="bold yellow", markup=False)
        if advice:
            out.print(advice, markup=False)
    else:
        out.print(message, style="yellow", markup=False)
    return False


def _follow_up(actor: Actor) -> None:
    from unknot.cli.render import console
    from unknot.core.screening import fill_numbers
    from unknot.services import safety
    from unknot.services.session.record import followup_due, record_followup

    due = followup_due(actor)
    if due is None:
        return
    rules = safety.stop_rules().followup
    numbers = safety.status(actor).numbers()
    console().print(_("About your last session:"), style="bold")
    settled = confirm(fill_numbers(str(rules.settled_question), numbers), default=True)
    worse = confirm(fill_numbers(str(rules.next_morning_question), numbers), default=False)
    if record_followup(actor, due.session_id, settled, worse):
        console().print(_("Good. Times lengthen a little after three sessions like that."))
    else:
        console().print(fill_numbers(str(rules.advice), numbers), style="yellow", markup=False)


SHOULDER_ANSWERS = ("left", "right", "both", "skip")


def _interactive() -> bool:
    return sys.stdin.isatty()


def _ask_shoulder(actor: Actor, interactive: bool) -> None:
    """Ask once which shoulder hurts when the profile does not say; save the answer.

    Only on a terminal: piped input is never asked (the plan then treats both shoulders as
    possibly painful, ``adapt.unknown_shoulder_side_lying``). "skip" leaves it unknown.
    """
    from unknot.cli.render import console
    from unknot.core.profile import Shoulder
    from unknot.services.profile import change_profile, get_profile

    if not interactive or get_profile(actor).painful_shoulder is not Shoulder.UNKNOWN:
        return
    while True:
        answer = str(ask(_("Which shoulder hurts: left, right, both, or skip?"), default="skip"))
        answer = answer.strip().lower()
        if answer in SHOULDER_ANSWERS:
            break
        console().print(_("Please type left, right, both or skip."), style="yellow")
    if answer == "skip":
        console().print(
            _(
                "Fine. Until you tell unknot (`unknot profile --shoulder`), the plan treats both "
                "shoulders as possibly painful: nothing is done lying on your side."
            ),
            markup=False,
        )
        return
    change_profile(actor, {"painful_shoulder": answer})
    console().print(
        _("Saved to your profile; `unknot profile --shoulder` changes it."), style="dim"
    )


def _ask_pain_before() -> int:
    from unknot.cli.session_view import ask_pain

    return ask_pain(_("Your shoulder pain right now, 0 (none) to 10 (worst imaginable)"))


def _announce(today: TodaysPlan) -> None:
    from unknot.cli.render import console
    from unknot.cli.views import duration_text

    plan = today.plan
    out = console()
    out.print(
        _("{routine} — {duration}, {steps} steps.").format(
            routine=plan.routine_name, duration=duration_text(plan.total_s), steps=len(plan.steps)
        ),
        style="bold",
        markup=False,
    )
    for adaptation in plan.adaptations:
        out.print("• " + adaptation.reason, markup=False)
    if sys.stdin.isatty():
        ask(
            _("Get your mat ready, then press Enter to begin"),
            default="",
            show_default=False,
        )


def _play(
    actor: Actor, today: TodaysPlan, pain: int, speed: float, voice: bool, bell: bool
) -> tuple[Player, SessionRecorder]:
    from unknot.cli.player import SessionUI, speed_clock
    from unknot.cli.render import console
    from unknot.cli.terminal import Keys, Speaker
    from unknot.core.player import Player
    from unknot.services import safety
    from unknot.services.session.record import SessionRecorder

    player = Player(today.plan.steps, safety.stop_rules(), pain)
    recorder = SessionRecorder(actor, today.plan, pain, speed)
    ui = SessionUI(
        plan=today.plan,
        player=player,
        recorder=recorder,
        console=console(),
        clock=speed_clock(speed),
        speed=speed,
        bell=bell,
        speaker=Speaker(voice),
        numbers=safety.status(actor).numbers(),
    )
    with Keys() as keys:
        ui.run(keys)
    ui.speaker.close()
    return player, recorder


def _finish(player: Player, recorder: SessionRecorder, numbers: CountryNumbers) -> None:
    from rich.panel import Panel

    from unknot.cli.player_view import closing_words
    from unknot.cli.render import console
    from unknot.core.screening import fill_numbers
    from unknot.core.stoprules import StopAction

    emergency_stop = any(s.action is StopAction.EMERGENCY for s in player.stops)
    reason = fill_numbers(player.end_reason, numbers)
    out = console()
    if emergency_stop:
        out.print(Panel(reason, title=_("Stop now"), style="bold white on red"), markup=False)
        recorder.finish(player.state, reason, None)
        return
    if player.end_advice:  # a stop-the-session rule: why, and what to do now
        words = reason + "\n\n" + fill_numbers(player.end_advice, numbers)
        title = _("The session has stopped for today")
        out.print(Panel(words, title=title, style="bold yellow"), markup=False)
    pain_after = _ask_pain_after()
    recorder.finish(player.state, reason, pain_after)
    words, style = closing_words(player)
    if words:
        out.print(words, style=style, markup=False)


def _ask_pain_after() -> int | None:
    from unknot.cli.session_view import ask_pain

    try:
        return ask_pain(_("Your shoulder pain now, after the session, 0-10"))
    except typer.Abort:
        return None  # no answer (input closed): the session is still saved


def history(
    ctx: typer.Context,
    as_json: Annotated[
        bool, typer.Option("--json", help=N_("Print the sessions as JSON."))
    ] = False,
    limit: Annotated[
        int,
        typer.Option(
            parser=whole_number(1, None, N_("the number of sessions")),
            help=N_("How many sessions to show."),
        ),
    ] = 20,
) -> None:
    """Your past sessions: when, what, how it ended, pain before and after."""
    from unknot.cli.session_view import render_history
    from unknot.services.session.record import history as load
    from unknot.services.session.words import in_words

    actor = state(ctx).actor
    sessions = load(actor, limit)
    if as_json:
        typer.echo(json.dumps([s.to_json() for s in sessions], ensure_ascii=False, indent=2))
        return
    render_history(in_words(actor, sessions))


def register(app: typer.Typer) -> None:
    app.command()(start)
    app.command()(history)
