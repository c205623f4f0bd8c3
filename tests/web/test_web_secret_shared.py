"""The cookie key is shared by every App on one data folder (several workers, a restart), never
made afresh in each process; a generated one is kept in a file only its owner can read."""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from actors import open_actor
from unknot.config import load_settings
from unknot.errors import ConfigError
from unknot.services.app import Actor
from unknot.web import keys
from unknot.web.app import create_app
from unknot.web.security import allowed_for

STRONG = "Zx9_kP2mQ7vL4tR8wN1cB6hJ3dF5gS0y"
BASE = "http://127.0.0.1:8000"


OPENED: list[Actor] = []


@pytest.fixture(autouse=True)
def _close_apps() -> Iterator[None]:
    yield
    while OPENED:
        OPENED.pop().app.close()


def _client(settings_env: dict[str, str] | None = None) -> TestClient:
    settings = load_settings(environ={**os.environ, **(settings_env or {})})
    actor = open_actor(settings)
    OPENED.append(actor)
    guard = replace(allowed_for("127.0.0.1", 8000, https=False), token=STRONG)
    return TestClient(create_app(actor.app, guard), base_url=BASE)


def _login(client: TestClient) -> str:
    csrf = client.get("/api/v1/csrf").json()["token"]
    ok = client.post(
        "/api/v1/login", json={"token": STRONG}, headers={"X-CSRF-Token": csrf, "Origin": BASE}
    )
    assert ok.status_code == 200, ok.text
    return str(client.cookies["unknot_session"])


def test_two_web_apps_on_one_data_folder_accept_each_others_cookies() -> None:
    first, second = _client(), _client()
    cookie = _login(first)
    assert second.get("/api/v1/profile").status_code == 401  # not logged in there
    second.cookies.set("unknot_session", cookie)
    assert second.get("/api/v1/profile").status_code == 200
    secret = Path(os.environ["UNKNOT_DATA_DIR"]) / "web-secret"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert len(secret.read_bytes()) >= 32


def test_a_configured_secret_is_used_and_no_file_is_made() -> None:
    env = {"UNKNOT_WEB_SECRET": "k" * 40}
    first, second = _client(env), _client(env)
    second.cookies.set("unknot_session", _login(first))
    assert second.get("/api/v1/profile").status_code == 200
    assert not (Path(os.environ["UNKNOT_DATA_DIR"]) / "web-secret").exists()
    with pytest.raises(ConfigError, match="needs at least 32"):
        keys.web_secret(load_settings(environ={**os.environ, "UNKNOT_WEB_SECRET": "short"}))


def test_racing_creators_all_get_the_winners_key(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "web-secret"
    barrier = threading.Barrier(8)
    got: list[bytes] = []

    def make() -> None:
        barrier.wait()
        got.append(keys.kept_secret(path))

    threads = [threading.Thread(target=make) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(got) == 8 and len(set(got)) == 1 and got[0] == path.read_bytes()
    assert sorted(p.name for p in path.parent.iterdir()) == ["web-secret"]  # no drafts left
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_damaged_key_file_is_named_not_silently_replaced(tmp_path: Path) -> None:
    path = tmp_path / "web-secret"
    path.write_bytes(b"short")
    with pytest.raises(ConfigError, match="damaged"):
        keys.kept_secret(path)
    assert path.read_bytes() == b"short"
