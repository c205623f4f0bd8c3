"""Tom's and Mina's plans (issue 12): as JSON, in `unknot plan` and in the terminal player.

No text either of them sees contradicts their plan's adaptations: no other side when none is
left, no massage tool or firm pressure for Tom (blood thinner), no knee turning out or kneeling
on his operated left hip, and the deep-tissue work pressed by the hand of the good shoulder.
"""

from __future__ import annotations

import json
import re

import pytest
from rich.console import Console
from typer.testing import CliRunner

from actors import open_actor
from people import MINA, PEOPLE, TOM
from plan_texts import Person, violations
from unknot.cli import app as cli_app
from unknot.cli.player_view import PlayerScreen, render_screen
from unknot.config import load_settings
from unknot.core.player import Player
from unknot.services.plan import build_plan

runner = CliRunner()


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    cli_app._register()


def run(*args: str, input: str | None = None) -> str:
    result = runner.invoke(cli_app.app, list(args), input=input)
    assert result.exit_code == 0, result.output
    return result.output


def set_up(name: str) -> Person:
    profile, screen, person = PEOPLE[name]
    run(*profile)
    run(*screen())
    return person


def plan_json() -> dict:  # type: ignore[type-arg]
    return json.loads(run("plan", "--json"))  # type: ignore[no-any-return]


def work(document: dict, technique: str) -> list[dict]:  # type: ignore[type-arg]
    return [s for s in document["steps"] if s["technique"] == technique and s["kind"] == "work"]


@pytest.mark.parametrize("name", list(PEOPLE))
def test_the_plan_json_has_no_text_that_contradicts_it(name: str) -> None:
    person = set_up(name)
    document = plan_json()
    assert violations(document["steps"], person) == []


def test_toms_plan_keeps_what_his_adaptations_allow() -> None:
    set_up("tom")
    document = plan_json()
    deep = work(document, "hip-deep-tissue")
    assert [(s["side"], s["variant"]) for s in deep] == [
        ("left", "back_lying"),
        ("right", "back_lying"),
    ]
    assert all("with your right hand" in " ".join(s["instructions"]) for s in deep)
    assert "When this is done, change to your right hip." in deep[0]["instructions"]
    assert not any("change to" in line for line in deep[1]["instructions"])
    [prepare] = [
        s
        for s in document["steps"]
        if s["technique"] == "hip-deep-tissue" and s["kind"] == "prepare"
    ]
    preview = " ".join(prepare["instructions"])
    assert "firm" not in preview and "or a massage tool" not in preview
    assert "no massage tool" in preview
    stretch = work(document, "hip-flexor-stretch")
    assert [s["side"] for s in stretch] == ["right"]  # the operated left hip is not stretched back
    assert not any("change" in line.lower() for s in stretch for line in s["instructions"])
    assert {a["rule"] for a in document["adaptations"]} >= {
        "deep_tissue_good_hand",
        "soften_bleeding",
        "anterior_hip_extension",
    }


def test_minas_last_deep_tissue_step_names_no_other_hip() -> None:
    set_up("mina")
    document = plan_json()
    deep = work(document, "hip-deep-tissue")
    assert all("with your left hand" in " ".join(s["instructions"]) for s in deep)
    assert not any(re.search(r"other hip|change to", line) for line in deep[-1]["instructions"])
    assert not any("reach behind" in line for s in deep for line in s["instructions"])


@pytest.mark.parametrize("name", list(PEOPLE))
def test_unknot_plan_shows_only_the_compiled_titles(name: str) -> None:
    person = set_up(name)
    shown = run("plan")
    document = plan_json()
    titles = [s["title"] for s in document["steps"]]
    for title in titles:
        assert title in shown
    pairs = [(i, line) for line in shown.splitlines() for i, t in enumerate(titles) if t in line]
    assert violations(document["steps"], person, pairs) == []


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("name", list(PEOPLE))
def test_the_terminal_player_screen_never_contradicts_the_plan(name: str) -> None:
    person = set_up(name)
    services = open_actor(load_settings())
    try:
        todays = build_plan(services, pain_before=2)
        plan = todays.plan
        document = json.loads(
            json.dumps(__import__("unknot.core.plan").core.plan.plan_to_json(plan))
        )
        from unknot.services import safety

        player = Player(plan.steps, safety.stop_rules(), 2)
        player.start(0.0)
        console = Console(width=400, color_system=None, force_terminal=False, record=True)
        shown: list[tuple[int, str]] = []
        for step in plan.steps:
            middle = step.start_s + step.duration_s / 2
            player.tick(middle)
            assert player.current is not None and player.current.index == step.index
            console.print(render_screen(plan, player, PlayerScreen(), middle))
            screen = flat(console.export_text(clear=True))
            shown_step = document["steps"][step.index]
            for line in [shown_step["title"], *shown_step["instructions"]]:
                assert flat(line) in screen  # the whole step fits the screen's six lines
            shown.append((step.index, screen))
    finally:
        services.app.close()
    assert violations(document["steps"], person, shown) == []
    assert person in (TOM, MINA)


@pytest.mark.parametrize("name", list(PEOPLE))
def test_the_piped_terminal_session_never_contradicts_the_plan(name: str) -> None:
    person = set_up(name)
    document = plan_json()
    output = run("start", "--speed", "1000", "--no-voice", "--no-bell", input="2\n1\n")
    starts = [s["start_s"] for s in document["steps"]]
    pairs = []
    for match in re.finditer(r"^\[(\d\d):(\d\d)\] (.*)$", output, re.M):
        at = int(match.group(1)) * 60 + int(match.group(2))
        index = max(i for i, start in enumerate(starts) if start <= at)
        pairs.append((index, match.group(3)))
    assert len(pairs) > len(document["steps"])
    assert violations(document["steps"], person, pairs) == []
