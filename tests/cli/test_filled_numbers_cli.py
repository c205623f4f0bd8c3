"""The terminal never shows a raw {emergency} / {same_day}: screening questions, stop rules."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from factories import LIB, routine
from rich.console import Console
from typer.testing import CliRunner

from unknot.cli import app as cli_app
from unknot.cli import render
from unknot.cli.player import SessionUI
from unknot.cli.player_view import SYMPTOM_KEYS, render_screen
from unknot.core.adapt import SafetyContext
from unknot.core.plan import compile_plan
from unknot.core.player import Player
from unknot.core.profile import Profile
from unknot.core.screening import CountryNumbers, fill_numbers
from unknot.services import safety

PLAN = compile_plan(LIB, routine("r", "circles", "flexor"), Profile(), SafetyContext())
GB = safety.countries()["GB"]
runner = CliRunner()


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    cli_app._register()


def assert_filled(text: str) -> None:
    assert "{" not in text and "}" not in text, text


class Recorder:
    """Keeps what the player hands over instead of writing it to a database."""

    def __init__(self) -> None:
        self.stops: list[Any] = []
        self.finished: list[tuple[Any, str, int | None]] = []

    def step_ended(self, record: Any, kind: str) -> None:
        pass

    def rating(self, report: Any, context: str) -> None:
        pass

    def stop_event(self, event: Any) -> None:
        self.stops.append(event)

    def finish(self, state: Any, reason: str, pain_after: int | None) -> None:
        self.finished.append((state, reason, pain_after))


def text_of(renderable: Any) -> str:
    console = Console(width=100, color_system=None, force_terminal=False, record=True)
    console.print(renderable)
    return console.export_text()


def session(pain_before: int = 2, numbers: CountryNumbers = GB) -> tuple[SessionUI, io.StringIO]:
    out = io.StringIO()
    ui = SessionUI(
        plan=PLAN,
        player=Player(PLAN.steps, safety.stop_rules(), pain_before),
        recorder=Recorder(),  # type: ignore[arg-type]
        console=Console(file=out, width=200, force_terminal=False, color_system=None),
        clock=lambda: 20.0,
        bell=False,
        numbers=numbers,
    )
    ui.handle(ui.player.start(0.0))
    ui.handle(ui.player.tick(20.0))  # into the first work step
    return ui, out


def shown(ui: SessionUI) -> str:
    return text_of(render_screen(PLAN, ui.player, ui.screen, 20.0, numbers=ui.numbers))


@pytest.mark.parametrize("index", range(len(safety.stop_rules().symptoms)))
def test_every_symptom_rule_message_has_the_numbers_in_the_terminal(index: int) -> None:
    symptom = safety.stop_rules().symptoms[index]
    ui, out = session()
    ui.on_key("s")
    menu = shown(ui)
    assert_filled(menu)
    ui.on_key(SYMPTOM_KEYS[index])
    # an emergency ends the session: the live area is then empty, the message is kept
    screen = ui.screen.message if ui.player.state.over else shown(ui)
    recorded = ui.recorder.stops[-1].reason  # type: ignore[attr-defined]
    for text in (screen, ui.screen.message, out.getvalue(), recorded):
        assert_filled(text)
    raw = symptom.reason.en
    if "{emergency}" in raw:
        assert "999" in ui.screen.message and "999" in recorded
    if "{same_day}" in raw:
        assert str(GB.same_day) in ui.screen.message


@pytest.mark.parametrize(("before", "value"), [(b, v) for b in (0, 2, 5) for v in range(11)])
def test_every_pain_rule_message_is_filled(before: int, value: int) -> None:
    ui, out = session(pain_before=before)
    ui.on_key("p")
    assert_filled(shown(ui))
    ui.on_key(str(value) if value < 10 else "t")
    assert ui.screen.message
    for text in (shown(ui), ui.screen.message, out.getvalue()):
        assert_filled(text)


def test_an_emergency_closing_panel_and_the_saved_reason_have_the_number() -> None:
    from unknot.cli.session import _finish

    ui, _ = session()
    ui.on_key("s")
    ui.on_key("a")  # chest pain
    assert ui.player.state.over
    printed = io.StringIO()
    saved, render._console = render._console, Console(file=printed, width=100)
    try:
        _finish(ui.player, ui.recorder, GB)  # type: ignore[arg-type]
    finally:
        render._console = saved
    assert "call 999" in printed.getvalue()
    assert_filled(printed.getvalue())
    [(_state, reason, _pain)] = ui.recorder.finished  # type: ignore[attr-defined]
    assert "call 999" in reason
    assert_filled(reason)


def test_the_rule_texts_of_every_country_are_filled() -> None:
    rules = safety.stop_rules()
    for numbers in safety.countries().values():
        ui, _ = session(numbers=numbers)
        ui.on_key("s")
        assert_filled(shown(ui))
        for symptom in rules.symptoms:
            assert_filled(ui.fill(str(symptom.reason)))


def answers_for_every_question() -> str:
    """Yes to "does any apply?" for each group, then no to every question in it."""
    lines = []
    data = safety.screening_data()
    for group in data.groups:
        lines.append("y")
        lines += ["n"] * len(data.group_questions(group.id))
    return "\n".join(lines) + "\n"


@pytest.fixture
def screened_output() -> Iterator[str]:
    result = runner.invoke(
        cli_app.app, ["screen", "--country", "GB"], input=answers_for_every_question()
    )
    assert result.exit_code == 0, result.output
    yield result.output


def test_the_terminal_screening_shows_every_question_and_help_filled(screened_output: str) -> None:
    flat = " ".join(screened_output.split())
    for question in safety.questions():
        assert " ".join(str(question.text).split()) in flat
        assert " ".join(fill_numbers(str(question.help), GB).split()) in flat
    assert_filled(screened_output)
    assert "short of breath or have chest pain, call 999 now" in flat


def test_screen_show_lists_the_questions_filled() -> None:
    runner.invoke(cli_app.app, ["screen", "--batch", "--country", "US"])
    result = runner.invoke(cli_app.app, ["screen", "--show"])
    assert result.exit_code == 0, result.output
    assert_filled(result.output)


def test_every_text_of_the_plan_json_stop_rules_is_filled() -> None:
    import json

    runner.invoke(cli_app.app, ["screen", "--batch", "--country", "US"])
    result = runner.invoke(cli_app.app, ["plan", "hip-short", "--json"])
    assert result.exit_code == 0, result.output

    def strings(value: Any) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    rules = json.loads(result.output)["stop_rules"]
    texts = list(strings(rules))
    for text in texts:
        assert_filled(text)
    assert any("call 911" in t for t in texts)


def test_screening_help_is_filled_with_the_fallback_without_a_country() -> None:
    from unknot.cli.safety_view import question_lines
    from unknot.core.screening import numbers_for

    fallback = numbers_for(safety.countries(), None)
    for question in safety.questions():
        text, help_text = question_lines(question, fallback)
        assert_filled(text + help_text)
    [clot] = [q for q in safety.questions() if q.id == "leg_clot_signs"]
    assert f"call {fallback.emergency} now" in question_lines(clot, fallback)[1]
