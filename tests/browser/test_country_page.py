"""The Profile page's country: a bad code is refused, naming the known ones; a good one is shown."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from browser_tools import axe_violations, shot
from server import running_server

pytestmark = pytest.mark.slow
LABEL = "Country (two letters, for emergency numbers)"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("server")
    env = {"UNKNOT_DATA_DIR": str(folder / "data"), "UNKNOT_CONFIG_DIR": str(folder / "config")}
    with running_server(env=env) as url:
        yield url


def test_a_bad_country_code_is_refused_with_the_countries_that_have_numbers(
    phone: Any, base: str
) -> None:
    phone.goto(base + "/profile")
    phone.get_by_label(LABEL).fill("XX")
    phone.get_by_role("button", name="Save").click()
    alert = phone.get_by_role("alert")
    alert.wait_for()
    text = alert.inner_text()
    assert "'XX' is not a country code" in text
    assert "Japan (JP)" in text and "Norway (NO)" in text
    assert "The Country field on the Profile page lists every country code." in text
    assert "unknot profile" not in text and "--countries" not in text
    shot(phone, "country_refused")


def test_a_country_code_shows_its_numbers_after_saving(phone: Any, base: str) -> None:
    phone.goto(base + "/profile")
    phone.get_by_label(LABEL).fill("no")
    phone.get_by_role("button", name="Save").click()
    phone.get_by_text("Saved your profile.").wait_for()
    phone.goto(base + "/profile")
    assert phone.get_by_label(LABEL).input_value() == "NO"
    assert "For Norway: emergency 113 (medical emergencies; 112 is the police)" in phone.inner_text(
        "main"
    )
    phone.get_by_text("Every country code").click()
    phone.locator(".countries li", has_text="Brazil").wait_for()
    assert axe_violations(phone) == []
    shot(phone, "country_norway")
