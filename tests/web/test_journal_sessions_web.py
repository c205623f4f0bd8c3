"""The web journal lists the sessions in words, as `unknot history` does."""

from __future__ import annotations

import html

from typer.testing import CliRunner

from actors import open_actor
from unknot.cli import app as cli_app
from unknot.config import load_settings
from webclient import make_client


def journal_page() -> str:
    actor = open_actor(load_settings())
    try:
        return html.unescape(make_client(actor).get("/journal").text)
    finally:
        actor.app.close()


def test_the_journal_lists_sessions_in_words() -> None:
    assert "No sessions yet. Start one from Today." in journal_page()
    cli_app._register()
    runner = CliRunner()
    assert runner.invoke(cli_app.app, ["screen", "--batch"]).exit_code == 0
    played = runner.invoke(
        cli_app.app,
        ["start", "hip-short", "--speed", "1000", "--no-voice", "--no-bell"],
        input="2\n1\n",
    )
    assert played.exit_code == 0, played.output
    page = journal_page()
    assert "Your sessions" in page
    assert "Hip routine (short): " in page and ", complete, pain 2 → 1" in page
    assert "hip-short" not in page.split("Your sessions")[1].split("History")[0]
