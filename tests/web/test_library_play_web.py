"""The library's routine cards can be played, the short routine included."""

from __future__ import annotations

import html
import re

from actors import open_actor
from unknot.config import load_settings
from webclient import make_client


def test_every_routine_card_opens_the_player_on_that_routine() -> None:
    actor = open_actor(load_settings())
    try:
        client = make_client(actor)
        page = html.unescape(client.get("/library").text)
        links = re.findall(r'href="/player\?routine=([a-z0-9-]+)"', page)
        assert {"hip-short", "hip-full"} <= set(links)
        for routine in links:
            player = client.get("/player", params={"routine": routine})
            assert player.status_code == 200
            assert f'data-routine="{routine}"' in player.text
            plan = client.get("/api/v1/plan", params={"routine": routine, "pain": 2}).json()
            assert plan["routine"]["id"] == routine
    finally:
        actor.app.close()
