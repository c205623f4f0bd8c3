"""Server-side web sessions (issue 14 item 2): a cookie names a row of web_sessions, stored only
as a hash; logout, "log out all devices" and a new web token end sessions; expiry slides."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from clocks import Clock
from unknot.services.app import Actor
from unknot.web.app import create_app
from unknot.web.logins import device_label
from unknot.web.security import allowed_for
from webclient import BASE, csrf

STRONG = "Zx9_kP2mQ7vL4tR8wN1cB6hJ3dF5gS0y"
OTHER = "Qw3_eR5tY7uI9oP1aS2dF4gH6jK8lZ0x"
FIREFOX = "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0"


def _client(actor: Actor, token: str = STRONG) -> TestClient:
    guard = replace(allowed_for("127.0.0.1", 8000, https=False), token=token)
    return TestClient(create_app(actor.app, guard), base_url=BASE)


@pytest.fixture
def web(clocked_actor: Actor) -> Iterator[TestClient]:
    with _client(clocked_actor) as client:
        yield client


def login(client: TestClient, token: str = STRONG, agent: str = FIREFOX) -> str:
    client.cookies.clear()
    answer = client.post(
        "/api/v1/login",
        json={"token": token},
        headers={**csrf(client), "User-Agent": agent},
    )
    assert answer.status_code == 200, answer.text
    assert "Max-Age=2592000" in answer.headers["set-cookie"]
    return str(client.cookies["unknot_session"])


def with_cookie(client: TestClient, value: str, path: str = "/api/v1/profile") -> int:
    """The status of a request carrying this session cookie alone."""
    client.cookies.clear()
    client.cookies.set("unknot_session", value)
    return client.get(path).status_code


def rows(actor: Actor) -> list[dict[str, object]]:
    with actor.engine.connect() as conn:
        table = sa.Table("web_sessions", sa.MetaData(), autoload_with=conn)
        return [dict(r) for r in conn.execute(sa.select(table)).mappings()]


def test_login_opens_a_session_and_logout_ends_it(web: TestClient, clocked_actor: Actor) -> None:
    assert web.get("/api/v1/profile").status_code == 401
    cookie = login(web)
    assert web.get("/api/v1/profile").status_code == 200
    (row,) = rows(clocked_actor)
    assert str(row["person_id"]).replace("-", "") == clocked_actor.person_id.hex
    assert row["user_agent"] == "Firefox, Android"
    out = web.post("/api/v1/logout", json={}, headers=csrf(web))
    assert out.status_code == 200 and out.json() == {"ok": True, "ended": 1}
    assert (
        "unknot_session=;" in out.headers["set-cookie"] and "Max-Age=0" in out.headers["set-cookie"]
    )
    assert rows(clocked_actor) == []
    assert with_cookie(web, cookie) == 401  # the same cookie, kept by a thief, opens nothing
    page = web.get("/journal", headers={"Accept": "text/html"}, follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login"


def test_logout_needs_the_csrf_token(web: TestClient, clocked_actor: Actor) -> None:
    login(web)
    refused = web.post("/api/v1/logout", json={}, headers={"Origin": BASE})
    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    assert len(rows(clocked_actor)) == 1


def test_log_out_all_devices_ends_every_session(clocked_actor: Actor) -> None:
    with _client(clocked_actor) as phone, _client(clocked_actor) as laptop:
        phone_cookie, laptop_cookie = login(phone), login(laptop, agent="Safari/605 Mac OS X")
        assert phone_cookie != laptop_cookie and len(rows(clocked_actor)) == 2
        page = laptop.get("/profile", headers={"Accept": "text/html"})
        assert "Log out all devices" in page.text and "Firefox, Android" in page.text
        assert "(this device)" in page.text and 'data-api="POST /api/v1/logout"' in page.text
        ended = laptop.post("/api/v1/logout-all", json={}, headers=csrf(laptop))
        assert ended.json() == {"ok": True, "ended": 2}
        assert rows(clocked_actor) == []
        assert with_cookie(phone, phone_cookie) == 401
        assert with_cookie(laptop, laptop_cookie) == 401


def test_a_new_web_token_ends_every_session(clocked_actor: Actor) -> None:
    with _client(clocked_actor) as before:
        cookie = login(before)
        assert with_cookie(before, cookie) == 200
    with _client(clocked_actor, token=OTHER) as after:  # the server restarted with a new token
        assert with_cookie(after, cookie) == 401
        login(after, token=OTHER)
        assert len(rows(clocked_actor)) == 1  # the old token's session is cleared away
    with _client(clocked_actor) as again:  # the old token again: its session stays ended
        assert with_cookie(again, cookie) == 401


def test_only_a_hash_of_the_cookie_is_stored(web: TestClient, clocked_actor: Actor) -> None:
    cookie = login(web)
    random_id = cookie.split(".")[0]
    assert len(random_id) >= 43  # 32 random bytes, URL-safe: 256 bits
    (row,) = rows(clocked_actor)
    stored = " ".join(str(value) for value in row.values())
    assert random_id not in stored and cookie not in stored
    assert row["id"] == hashlib.sha256(random_id.encode()).hexdigest()
    assert STRONG not in stored and row["token_hash"] == hashlib.sha256(STRONG.encode()).hexdigest()


def test_a_forged_or_altered_cookie_is_refused(web: TestClient) -> None:
    cookie = login(web)
    random_id, mac = cookie.split(".")
    assert with_cookie(web, random_id) == 401  # without its signature
    assert with_cookie(web, f"{random_id}.{mac[::-1]}") == 401
    assert with_cookie(web, f"{random_id[::-1]}.{mac}") == 401
    assert with_cookie(web, cookie) == 200


def test_expiry_slides_with_use_and_an_expired_cookie_goes_to_login(
    web: TestClient, clock: Clock
) -> None:
    cookie = login(web)
    clock.now += timedelta(days=20)
    used = web.get("/api/v1/profile")
    assert used.status_code == 200 and "Max-Age=2592000" in used.headers["set-cookie"]
    clock.now += timedelta(minutes=5)
    assert "set-cookie" not in web.get("/api/v1/profile").headers  # written at most hourly
    clock.now += timedelta(days=20)  # 40 days after login, 20 after its last use
    assert with_cookie(web, cookie) == 200
    clock.now += timedelta(days=31)
    page = web.get("/", headers={"Accept": "text/html"}, follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login"


def test_the_navigation_offers_logout_only_to_a_logged_in_session(web: TestClient) -> None:
    login_page = web.get("/login", headers={"Accept": "text/html"})
    assert 'class="logout"' not in login_page.text
    login(web)
    assert 'class="logout"' in web.get("/", headers={"Accept": "text/html"}).text


def test_device_labels_are_short() -> None:
    assert device_label(FIREFOX) == "Firefox, Android"
    assert device_label("Mozilla/5.0 (Windows NT 10.0) Chrome/131 Safari/537 Edg/131") == (
        "Edge, Windows"
    )
    assert device_label("curl/8.5.0") == "curl/8.5.0"
    assert len(device_label("x" * 500)) <= 40
    assert device_label("bad\x00agent\x1b[31m") == "badagent[31m"  # PostgreSQL refuses NUL
