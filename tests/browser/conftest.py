"""Real Chromium (Debian's) driven by Playwright against the real server started by the CLI."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_tools import AXE

CHROMIUM = os.environ.get("UNKNOT_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

REQUIRE = os.environ.get("UNKNOT_REQUIRE_BROWSER") == "1"
PHONE = {"width": 390, "height": 844}


def _unavailable(reason: str) -> None:
    message = f"Chromium unavailable: {reason}"
    if REQUIRE:
        pytest.fail(message + " (UNKNOT_REQUIRE_BROWSER=1, so this is a failure)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    if not AXE.exists():
        _unavailable("node_modules/axe-core is missing (run npm ci)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A phone-sized page (CSP bypassed only so that axe-core can be injected)."""
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, bypass_csp=True, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()
