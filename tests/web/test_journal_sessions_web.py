"""The web journal lists the sessions in words, as `unknot history` does."""

from __future__ import annotations

import html

from actors import open_actor
from inprocess_cli import screen_and_play
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
    screen_and_play("hip-short", pain_before=2, pain_after=1)
    page = journal_page()
    assert "Your sessions" in page
    assert "Hip routine (short): " in page and ", complete, pain 2 → 1" in page
    assert "hip-short" not in page.split("Your sessions")[1].split("History")[0]
