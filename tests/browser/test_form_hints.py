"""app.js shows an error's hint under its message: the web's wording, never a command."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from server import running_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("server")
    env = {"UNKNOT_DATA_DIR": str(folder / "data"), "UNKNOT_CONFIG_DIR": str(folder / "config")}
    with running_server(env=env) as url:
        yield url


def test_a_form_error_shows_the_web_hint(phone: Any, base: str) -> None:
    phone.goto(base + "/profile")
    phone.get_by_label("Time zone").fill("Mars/Olympus")
    phone.get_by_role("button", name="Save").click()
    alert = phone.get_by_role("alert")
    alert.wait_for()
    text = alert.inner_text()
    assert "The profile was not changed" in text
    assert "The fields on the Profile page show the allowed values." in text
    assert "unknot profile" not in text and "--help" not in text
