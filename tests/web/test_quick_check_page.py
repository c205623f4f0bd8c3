"""The player's quick "anything new?" check: asked on a later day, not on the day of a full
screening (it would ask the same questions again)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from typer.testing import CliRunner

from actors import open_actor
from clocks import Clock
from unknot.cli import app as cli_app
from unknot.config import load_settings
from webclient import make_client

MORNING = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    cli_app._register()


def hidden(html: str, element: str) -> bool:
    tag = re.search(rf"<[a-z]+ id=\"{element}\"[^>]*>", html)
    assert tag is not None, element
    return " hidden" in tag.group()


@pytest.mark.parametrize(("days_later", "asked"), [(0, False), (1, True), (6, True)])
def test_the_quick_check_waits_for_a_later_day(
    app_clock: Clock, days_later: int, asked: bool
) -> None:
    app_clock.now = MORNING
    assert CliRunner().invoke(cli_app.app, ["screen", "--batch"]).exit_code == 0
    app_clock.now = MORNING + timedelta(days=days_later, hours=2)
    actor = open_actor(load_settings(), clock=app_clock)
    try:
        page = make_client(actor).get("/player").text
    finally:
        actor.app.close()
    assert hidden(page, "check") is not asked
    assert hidden(page, "before") is asked  # the pain question comes straight away today
