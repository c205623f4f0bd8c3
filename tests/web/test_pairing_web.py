"""Pairing a phone (issue 15): the computer shows a QR code of a link that logs a phone in
once, within 10 minutes, as a session of the web_sessions table; on both databases."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from clocks import Clock
from unknot.services.app import Actor
from unknot.web.app import create_app
from unknot.web.security import allowed_for
from webclient import BASE

STRONG = "Zx9_kP2mQ7vL4tR8wN1cB6hJ3dF5gS0y"
PHONE = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36"


def _client(actor: Actor, at: str = "127.0.0.1", token: str = STRONG) -> TestClient:
    guard = replace(allowed_for("127.0.0.1", 8000, https=False), token=token)
    return TestClient(
        create_app(actor.app, guard), base_url=BASE, client=(at, 50000), follow_redirects=False
    )


@pytest.fixture
def laptop(clocked_actor: Actor) -> Iterator[TestClient]:
    with _client(clocked_actor) as client:
        client.headers["Authorization"] = f"Bearer {STRONG}"  # the laptop is logged in
        yield client


def _link(laptop: TestClient) -> str:
    page = laptop.get("/pair")
    assert page.status_code == 200, page.text
    assert "<svg" in page.text and 'class="qr"' in page.text  # the QR code, drawn here
    found = re.search(r'<code class="link">(http://[^<]+/pair/[\w-]+)</code>', page.text)
    assert found, page.text
    return found.group(1)


def _sessions(actor: Actor) -> int:
    with actor.engine.connect() as conn:
        return int(conn.execute(sa.text("SELECT count(*) FROM web_sessions")).scalar_one())


def test_a_pairing_link_logs_a_phone_in_once(clocked_actor: Actor, laptop: TestClient) -> None:
    link = _link(laptop)
    assert "logs the phone in once, until" in laptop.get("/pair").text
    with _client(clocked_actor, at="192.168.1.23") as phone:
        assert phone.get("/api/v1/profile").status_code == 401  # not logged in yet
        answer = phone.get(link.removeprefix(BASE), headers={"User-Agent": PHONE})
        assert answer.status_code == 303 and answer.headers["location"] == "/trust?paired=1"
        assert "HttpOnly" in answer.headers["set-cookie"]
        assert phone.get("/api/v1/profile").status_code == 200  # logged in by its cookie
        assert "This phone is logged in." in phone.get("/trust?paired=1").text
    assert _sessions(clocked_actor) == 1
    with _client(clocked_actor, at="192.168.1.99") as other:
        again = other.get(link.removeprefix(BASE))
        assert again.status_code == 410 and "used already" in again.text
        assert other.get("/api/v1/profile").status_code == 401
    assert _sessions(clocked_actor) == 1


def test_a_link_expires_after_ten_minutes(
    clocked_actor: Actor, laptop: TestClient, clock: Clock
) -> None:
    link = _link(laptop)
    clock.now += timedelta(minutes=10, seconds=1)
    with _client(clocked_actor, at="192.168.1.23") as phone:
        assert phone.get(link.removeprefix(BASE)).status_code == 410
        assert phone.get("/api/v1/profile").status_code == 401
    assert _sessions(clocked_actor) == 0


def test_a_made_up_or_old_token_link_opens_nothing(
    clocked_actor: Actor, laptop: TestClient
) -> None:
    link = _link(laptop)
    with _client(clocked_actor, at="192.168.1.23") as phone:
        assert phone.get("/pair/not-a-real-code").status_code == 410
    # a new web token ends the links made under the old one, as it ends sessions
    with _client(clocked_actor, at="192.168.1.23", token="Qw3_eR5tY7uI9oP1aS2dF4gH6jK8lZ0x") as p:
        assert p.get(link.removeprefix(BASE)).status_code == 410


def test_codes_are_shown_on_this_computer_only(clocked_actor: Actor) -> None:
    with _client(clocked_actor, at="192.168.1.23") as phone:
        phone.headers["Authorization"] = f"Bearer {STRONG}"
        page = phone.get("/pair")
        assert page.status_code == 200 and "<svg" not in page.text
        assert "shown on the computer unknot runs on" in page.text
    with _client(clocked_actor, at="192.168.1.23") as stranger:
        assert stranger.get("/pair").status_code in (302, 303, 307, 401)  # login first


def test_settings_offers_pairing_on_this_computer_and_no_command_lines(
    clocked_actor: Actor, laptop: TestClient
) -> None:
    assert 'href="/pair"' in laptop.get("/settings").text
    with _client(clocked_actor, at="192.168.1.23") as phone:
        phone.headers["Authorization"] = f"Bearer {STRONG}"
        shown = phone.get("/settings").text
        assert 'href="/pair"' not in shown and "on the computer unknot runs on" in shown
    with _client(clocked_actor, token="") as alone:
        shown = alone.get("/settings").text
        assert "answers only this computer" in shown
        assert "web_token" not in shown and "unknot serve" not in shown
