"""Tom's and Mina's sessions in the browser player, step by step (issue 12).

Every step the page shows (title, instructions, the "Next:" line) is checked against what the
person's plan ruled out: no other side when none is left, no massage tool or firm pressure for
Tom, no knee turning out or kneeling on his operated hip, the good shoulder's hand pressing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import httpx2 as httpx
import pytest

from people import PEOPLE
from plan_texts import violations
from server import running_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=list(PEOPLE))
def person_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Any]]:
    name = request.param
    folder = tmp_path_factory.mktemp(name)
    env = {"UNKNOT_DATA_DIR": str(folder / "data"), "UNKNOT_CONFIG_DIR": str(folder / "config")}
    profile, screen, person = PEOPLE[name]
    for args in (profile, screen()):
        subprocess.run(
            [sys.executable, "-m", "unknot", *args],
            env={**os.environ, **env},
            check=True,
            capture_output=True,
        )
    with running_server(env=env) as url:
        yield url, person


def test_every_step_the_page_shows_fits_the_plan(
    phone: Any, person_server: tuple[str, Any]
) -> None:
    base, person = person_server
    plan = httpx.get(base + "/api/v1/plan", params={"pain": 2}).json()
    steps = plan["steps"]
    phone.clock.install()
    phone.goto(base + "/player")
    assert phone.locator("#check").is_hidden()  # screened today: no quick check
    before = phone.locator('[data-scale="before"]')
    before.get_by_role("button", name="2", exact=True).click()
    phone.get_by_role("button", name="Start", exact=True).click()
    phone.get_by_role("timer").wait_for()
    shown: list[tuple[int, str]] = []
    for index, step in enumerate(steps):
        phone.locator("#step-count").filter(
            has_text=re.compile(rf"^Step {index + 1} of {len(steps)}$")
        ).wait_for()
        title = phone.locator("#step-title").inner_text()
        assert title == step["title"]
        lines = phone.locator("#instructions li").all_inner_texts()
        assert lines == step["instructions"]
        shown += [(index, title), *((index, line) for line in lines)]
        shown.append((index, phone.locator("#next").inner_text()))
        if index + 1 < len(steps):
            phone.keyboard.press("ArrowRight")
    assert violations(steps, person, shown) == []
    good = "right" if person.painful_shoulder == "left" else "left"
    deep = [t for i, t in shown if steps[i]["technique"] == "hip-deep-tissue"]
    assert any(f"with your {good} hand" in t for t in deep)
