"""Tom's and Mina's plans on the web (issue 12): the Today page and the plan the player plays.

The browser player shows the plan's own texts (title, instructions, "Next:" line); the plan it
fetches and the Today page must say nothing the plan's adaptations ruled out.
"""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from people import PEOPLE
from plan_texts import violations
from unknot.cli import app as cli_app

runner = CliRunner()


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    cli_app._register()


def set_up(name: str):  # type: ignore[no-untyped-def]
    profile, screen, person = PEOPLE[name]
    for args in (profile, screen()):
        result = runner.invoke(cli_app.app, list(args))
        assert result.exit_code == 0, result.output
    return person


@pytest.mark.parametrize("name", list(PEOPLE))
def test_the_plan_the_web_player_plays_never_contradicts_it(client: TestClient, name: str) -> None:
    person = set_up(name)
    plan = client.get("/api/v1/plan", params={"pain": 2}).json()
    assert plan["steps"]
    assert violations(plan["steps"], person) == []
    deep = [s for s in plan["steps"] if s["technique"] == "hip-deep-tissue" and s["kind"] == "work"]
    good = "right" if person.painful_shoulder == "left" else "left"
    assert all(f"with your {good} hand" in " ".join(s["instructions"]) for s in deep)


@pytest.mark.parametrize("name", list(PEOPLE))
def test_the_today_page_shows_the_compiled_titles(client: TestClient, name: str) -> None:
    person = set_up(name)
    plan = client.get("/api/v1/plan").json()
    page = client.get("/", headers={"Accept": "text/html"}).text
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    works = [(i, s["title"]) for i, s in enumerate(plan["steps"]) if s["kind"] == "work"]
    for _, title in works:
        assert title in text
    assert violations(plan["steps"], person, works) == []
    assert "hands under" not in text and "or a massage tool" not in text
