"""Pairing a phone in a real Chromium against the real ``unknot serve --lan`` (issue 15): the
computer's page shows the QR code, the phone opens the link and is logged in; light and dark,
at 390 × 844, with axe-core."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from browser_tools import axe_violations, shot
from server import serving

pytestmark = pytest.mark.slow
TOKEN = "Zx9_kP2mQ7vL4tR8wN1cB6hJ3dF5gS0y"
PHONE = {"width": 390, "height": 844}


def test_the_computer_shows_a_code_and_the_phone_is_logged_in(browser: Any, tmp_path: Path) -> None:
    env = {
        "UNKNOT_CONFIG_DIR": str(tmp_path / "config"),
        "UNKNOT_DATA_DIR": str(tmp_path / "data"),
        "UNKNOT_WEB_TOKEN": TOKEN,
    }
    with serving("--lan", "--host", "127.0.0.1", env=env, https=True, verify=False) as served:
        base = served[0]
        for scheme in ("light", "dark"):
            laptop = browser.new_context(
                viewport=PHONE, color_scheme=scheme, ignore_https_errors=True,
                extra_http_headers={"Authorization": f"Bearer {TOKEN}"}, bypass_csp=True,
            )  # fmt: skip
            page = laptop.new_page()
            page.goto(base + "/settings")
            page.get_by_role("link", name="Pair a phone").click()
            page.get_by_role("img", name="Pairing code").wait_for()
            assert axe_violations(page) == []
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            shot(page, f"pairing_code_{scheme}")
            link = page.locator("code.link").inner_text()
            assert re.fullmatch(re.escape(base) + r"/pair/[\w-]{43}", link), link
            laptop.close()

        phone = browser.new_context(viewport=PHONE, ignore_https_errors=True, bypass_csp=True)
        page = phone.new_page()
        page.goto(base + "/journal")
        assert "/login" in page.url  # not logged in
        page.goto(link)
        page.get_by_text("This phone is logged in.").wait_for()
        assert page.url.endswith("/trust?paired=1")
        assert axe_violations(page) == []
        shot(page, "pairing_phone_logged_in")
        page.get_by_role("link", name="Go to Today").click()
        page.get_by_role("heading", name="Today").wait_for()
        page.goto(link)  # once only
        page.get_by_text("used already").wait_for()
        phone.close()
