"""The words the pages' scripts show come with the page, from the server (issue 13)."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient


def blob(page: str, ident: str) -> dict[str, str]:
    found = re.search(rf'<script type="application/json" id="{ident}">(.*?)</script>', page, re.S)
    assert found, ident
    texts: dict[str, str] = json.loads(found.group(1))
    return texts


def test_every_page_carries_the_words_of_its_script(client: TestClient) -> None:
    for path in ("/", "/settings", "/journal", "/player"):
        texts = blob(client.get(path).text, "app-text")
        assert set(texts) == {"offline", "failed", "imported"}
        assert all(texts.values())
    player = blob(client.get("/player").text, "player-text")
    assert player["gentle_only"] and player["quit_reason"]
