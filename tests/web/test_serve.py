from __future__ import annotations

import socket
import ssl
import subprocess
import sys
from pathlib import Path

import httpx2 as httpx
import pytest

from server import running_server
from unknot.web.tls import ensure_certificates

pytestmark = pytest.mark.slow


def test_a_public_address_without_a_token_is_refused() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "unknot", "serve", "--host", "0.0.0.0"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1
    assert "Refusing to listen on 0.0.0.0 without authentication." in result.stderr
    assert "web_token" in result.stderr


def test_the_real_server_serves_pages_and_api_on_loopback() -> None:
    with running_server() as base:
        page = httpx.get(base + "/", headers={"Accept": "text/html"})
        assert page.status_code == 200 and "<main" in page.text
        assert httpx.get(base + "/api/v1/profile").json()["pressure"] == "light"
        assert httpx.get(base + "/openapi.json").status_code == 200


def test_lan_mode_serves_https_with_the_generated_certificate(tmp_path: Path) -> None:
    env = {"UNKNOT_WEB_TOKEN": "a-long-test-token-of-32-characters"}
    config = Path(__import__("os").environ["UNKNOT_CONFIG_DIR"])
    # The CA the phone trusts, for the host name the server will name, so it is kept.
    ensure_certificates(config / "tls", "127.0.0.1", socket.gethostname().lower())
    ca = str(config / "tls" / "ca.pem")
    context = ssl.create_default_context(cafile=ca)
    with running_server(
        "--lan", "--host", "127.0.0.1", env=env, https=True, verify=context
    ) as base:
        assert base.startswith("https://")
        unauthenticated = httpx.get(base + "/api/v1/profile", verify=context)
        assert unauthenticated.status_code == 401
        ok = httpx.get(
            base + "/api/v1/profile",
            verify=context,
            headers={"Authorization": "Bearer a-long-test-token-of-32-characters"},
        )
        assert ok.status_code == 200
        assert ok.headers["strict-transport-security"].startswith("max-age=")
        trust = httpx.get(base + "/trust", verify=context, headers={"Accept": "text/html"})
        assert trust.status_code == 200 and "Android" in trust.text
        with pytest.raises(httpx.HTTPError):
            httpx.get(base + "/api/v1/profile")  # without the CA the certificate is untrusted
