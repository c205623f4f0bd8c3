"""Guessing the web token: weak tokens are refused, wrong ones slow the client down, and a
non-loopback address needs HTTPS (unknot's own or a named proxy)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from unknot.cli import app as cli_app
from unknot.services.app import Actor
from unknot.web.app import create_app
from unknot.web.security import Throttle, allowed_for, behind_proxy

runner = CliRunner()
STRONG = "Zx9_kP2mQ7vL4tR8wN1cB6hJ3dF5gS0y"
BASE = "http://127.0.0.1:8000"


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    cli_app._register()


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """uvicorn.run recorded instead of run: a serve that passes its checks returns at once."""
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    return calls


def run_apart(main: Callable[[], Awaitable[None]]) -> None:
    """``asyncio.run`` on a thread of its own: in the whole suite, the browser tests' Playwright
    event loop is still running on this one, and asyncio.run refuses to start inside it."""

    async def go() -> None:
        await main()

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, go()).result()


def serve(*args: str, token: str = "", proxy: str = "") -> tuple[int, str]:
    env = {"UNKNOT_WEB_TOKEN": token, "UNKNOT_TLS_PROXY": proxy}
    result = runner.invoke(cli_app.app, ["serve", *args], env=env)
    return result.exit_code, " ".join(result.output.split())


@pytest.mark.parametrize("token", ["a", "short-but-not-22ch", "aaaaaaaaaaaaaaaaaaaaaaaaaaaa"])
def test_a_weak_web_token_is_refused_with_how_to_make_one(
    token: str, started: list[dict[str, Any]]
) -> None:
    code, out = serve("--host", "127.0.0.1", token=token)
    assert code == 1 and not started
    assert "The web token is too easy to guess" in out and "it needs at least 22 (128 bits)" in out
    assert "secrets.token_urlsafe(32)" in out


def test_a_strong_token_serves(started: list[dict[str, Any]]) -> None:
    code, out = serve("--host", "127.0.0.1", token=STRONG)
    assert code == 0, out
    assert started and started[0]["host"] == "127.0.0.1"


def test_plain_http_beyond_loopback_is_refused_unless_a_proxy_is_named(
    started: list[dict[str, Any]],
) -> None:
    code, out = serve("--host", "0.0.0.0", token=STRONG)
    assert code == 1 and not started
    assert "Refusing to listen on 0.0.0.0 over plain HTTP" in out and "tls_proxy" in out
    code, out = serve("--host", "0.0.0.0", token=STRONG, proxy="https://unknot.example")
    assert code == 0, out
    assert started[0]["host"] == "0.0.0.0" and "ssl_certfile" not in started[0]


@pytest.mark.parametrize(
    "proxy",
    [
        "caddy on this machine",
        "http://unknot.example",
        "https://",
        "https://unknot.example/unknot",
        "https://unknot.example:99999",
    ],
)
def test_a_tls_proxy_that_is_not_an_https_address_is_refused(
    proxy: str, started: list[dict[str, Any]]
) -> None:
    code, out = serve("--host", "0.0.0.0", token=STRONG, proxy=proxy)
    assert code == 1 and not started
    assert "it must be the https address people open" in out and "UNKNOT_TLS_PROXY" in out


def test_the_proxy_address_is_an_allowed_host_and_origin(started: list[dict[str, Any]]) -> None:
    code, out = serve("--host", "127.0.0.1", token=STRONG, proxy="https://Unknot.example:8443")
    assert code == 0, out
    app = started[0]["app"]
    assert "unknot.example" in app.state.guard.hosts
    proxy = "https://unknot.example:8443"
    with TestClient(app, base_url=proxy) as client:
        csrf = client.get("/api/v1/csrf").json()["token"]
        login = {"json": {"token": STRONG}, "headers": {"X-CSRF-Token": csrf, "Origin": proxy}}
        ok = client.post("/api/v1/login", **login)
        assert ok.status_code == 200
        assert "Secure" in ok.headers["set-cookie"]  # the browser sees only HTTPS
        login["headers"]["Origin"] = "https://other.example"
        refused = client.post("/api/v1/login", **login)
        assert refused.status_code == 403 and refused.json()["code"] == "origin_not_allowed"
    with TestClient(app, base_url="https://unknot.example") as client:  # port 443: no port
        csrf = client.get("/api/v1/csrf").json()["token"]
        headers = {"X-CSRF-Token": csrf, "Origin": "https://unknot.example"}
        refused = client.post("/api/v1/login", json={"token": STRONG}, headers=headers)
        assert refused.json()["code"] == "origin_not_allowed"  # only the port it names


class Waits:
    """The throttle's sleep, recorded; while ``held``, a wait lasts until it is released."""

    def __init__(self) -> None:
        self.seconds: list[float] = []
        self.started = asyncio.Event()
        self.go_on = asyncio.Event()
        self.go_on.set()

    async def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)
        self.started.set()
        await self.go_on.wait()


def test_a_proxy_on_the_https_port_gives_an_origin_without_a_port() -> None:
    guard = behind_proxy(allowed_for("127.0.0.1", 8000, https=False), "https://unknot.example/")
    assert "https://unknot.example" in guard.origins and "unknot.example" in guard.hosts
    assert "http://127.0.0.1:8000" in guard.origins  # this machine's own address still works
    assert guard.https


def _app(services: Actor, waits: Waits) -> Any:
    guard = replace(allowed_for("127.0.0.1", 8000, https=False), token=STRONG)
    app = create_app(services.app, guard)
    throttle: Throttle = app.state.throttle
    throttle.base, throttle.sleep = 0.05, waits
    return app


async def _login(client: httpx.AsyncClient, token: str) -> int:
    return (await client.post("/api/v1/login", json={"token": token})).status_code


def test_wrong_tokens_back_off_exponentially_one_at_a_time(services: Actor) -> None:
    async def run() -> None:
        waits = Waits()
        app = _app(services, waits)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE) as client:
            token = (await client.get("/api/v1/csrf")).json()["token"]
            client.headers.update({"X-CSRF-Token": token, "Origin": BASE})
            statuses = await asyncio.gather(*(_login(client, "guess") for _ in range(6)))
            assert statuses == [422] * 6
            # one attempt at a time, so six parallel guesses wait 0.05 s, 0.1 s, ... in turn
            assert waits.seconds == [0.05, 0.1, 0.2, 0.4, 0.8]
            # the server keeps answering others while a guesser waits
            waits.go_on.clear()
            waits.started.clear()
            slow = asyncio.ensure_future(_login(client, "guess"))
            await waits.started.wait()
            assert (await client.get("/static/app.css")).status_code == 200
            assert not slow.done() and waits.seconds[-1] == 1.6
            waits.go_on.set()
            assert await slow == 422
            assert await _login(client, STRONG) == 200  # after its 3.2 s wait
            assert waits.seconds[-1] == 3.2
            assert await _login(client, "guess") == 422  # success reset the count: no wait
            assert len(waits.seconds) == 7

    run_apart(run)


def test_the_backoff_is_capped_and_counts_wrong_bearer_tokens(services: Actor) -> None:
    throttle = Throttle(base=1.0, cap=30.0)
    assert [throttle.delay(n) for n in (0, 1, 2, 5, 6, 40)] == [0, 1, 2, 16, 30, 30]

    async def run() -> None:
        app = _app(services, Waits())
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE) as client:
            wrong = {"Authorization": "Bearer guess"}
            for _ in range(3):
                assert (await client.get("/api/v1/profile", headers=wrong)).status_code == 401
            assert app.state.throttle.failures == {"127.0.0.1": 3}
            right = {"Authorization": f"Bearer {STRONG}"}
            assert (await client.get("/api/v1/profile", headers=right)).status_code == 200
            assert app.state.throttle.failures == {}

    run_apart(run)


def test_without_a_web_token_nobody_is_made_to_wait(services: Actor) -> None:
    async def run() -> None:
        waits = Waits()
        app = create_app(services.app, allowed_for("127.0.0.1", 8000, https=False))
        app.state.throttle.sleep = waits
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE) as client:
            token = (await client.get("/api/v1/csrf")).json()["token"]
            client.headers.update({"X-CSRF-Token": token, "Origin": BASE})
            assert [await _login(client, "guess") for _ in range(4)] == [422] * 4
            wrong = {"Authorization": "Bearer guess"}
            assert (await client.get("/api/v1/profile", headers=wrong)).status_code == 200
        assert waits.seconds == [] and app.state.throttle.failures == {}

    run_apart(run)
