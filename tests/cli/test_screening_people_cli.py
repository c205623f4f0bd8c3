"""The screening table's people in the terminal: ``unknot screen --batch --json`` and the panel
each of them reads (tier, whether a session may start, the next step with its number)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from screening_people import PEOPLE, Person
from unknot.cli import app as cli_app
from unknot.services import safety

runner = CliRunner()


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    cli_app._register()


def args(person: Person) -> list[str]:
    out = ["screen", "--batch", "--country", person.country]
    for qid in person.yes:
        out += ["--yes", qid]
    for qid in person.checked:
        out += ["--checked", qid]
    return out


@pytest.mark.parametrize("person", PEOPLE, ids=[p.who for p in PEOPLE])
def test_each_person_is_told_the_right_thing_in_the_terminal(person: Person) -> None:
    result = runner.invoke(cli_app.app, [*args(person), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert (out["tier"], out["session_allowed"]) == (person.tier, person.allowed)
    assert out["conditions"] == sorted(person.conditions)
    numbers = safety.countries()[person.country]
    assert out["numbers"]["emergency"] == numbers.emergency
    for words in person.advice_has:
        assert words in out["advice"], (words, out["advice"])
    # The panel a person reads: the emergency number and the next step's number or place.
    shown = runner.invoke(cli_app.app, args(person))
    assert shown.exit_code == 0, shown.output
    flat = " ".join(shown.output.replace("│", " ").split())
    assert f"Emergency: {numbers.emergency}" in flat
    if person.tier != "clear":
        for words in person.advice_has:
            assert words in flat, (words, flat)
