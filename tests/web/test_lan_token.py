"""``unknot serve --lan`` makes the web token itself when none is set: kept in the config folder
(0600), the same at every start and in every worker (issue 15)."""

from __future__ import annotations

import stat
from pathlib import Path

from unknot.config import TOKEN_FILE, load_settings
from unknot.web import serve


def test_lan_makes_a_token_once_and_keeps_it(tmp_path: Path) -> None:
    env = {"UNKNOT_CONFIG_DIR": str(tmp_path / "c"), "UNKNOT_DATA_DIR": str(tmp_path / "d")}
    settings = load_settings(environ=env)
    assert settings.web_token == ""
    first = serve.plan(settings, "127.0.0.1", 8443, lan=True)
    kept = tmp_path / "c" / TOKEN_FILE
    assert first.token_made and first.guard.token == kept.read_text().strip()
    assert len(first.guard.token) >= serve.MIN_TOKEN_CHARS
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    # the next start, and every worker, load the same token from the settings
    again = load_settings(environ=env)
    assert again.web_token == first.guard.token
    second = serve.plan(again, "127.0.0.1", 8443, lan=True)
    assert not second.token_made and second.guard.token == first.guard.token


def test_a_token_given_is_used_and_nothing_is_made(tmp_path: Path) -> None:
    env = {
        "UNKNOT_CONFIG_DIR": str(tmp_path / "c"),
        "UNKNOT_DATA_DIR": str(tmp_path / "d"),
        "UNKNOT_WEB_TOKEN": "a-long-test-token-of-32-characters",
    }
    served = serve.plan(load_settings(environ=env), "127.0.0.1", 8443, lan=True)
    assert served.guard.token == "a-long-test-token-of-32-characters"
    assert not served.token_made and not (tmp_path / "c" / TOKEN_FILE).exists()


def test_loopback_without_lan_makes_no_token(tmp_path: Path) -> None:
    env = {"UNKNOT_CONFIG_DIR": str(tmp_path / "c"), "UNKNOT_DATA_DIR": str(tmp_path / "d")}
    served = serve.plan(load_settings(environ=env), None, 8000, lan=False)
    assert served.guard.token == "" and not (tmp_path / "c" / TOKEN_FILE).exists()
