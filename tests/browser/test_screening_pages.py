"""The screening page in a phone-sized Chromium (issue 12): every short list must be answered,
the result names its reasons and gives a tap-to-call link, a routine appointment is marked."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from browser_tools import axe_violations, shot
from server import running_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("server")
    env = {"UNKNOT_DATA_DIR": str(folder / "data"), "UNKNOT_CONFIG_DIR": str(folder / "config")}
    with running_server(env=env) as url:
        yield url


def answer_the_rest_none(phone: Any) -> None:
    for box in phone.locator("fieldset[data-group]").all():
        if box.locator("input:checked").count() == 0:
            box.get_by_label("None of these").check()


def test_an_unanswered_list_is_named_and_nothing_is_saved(phone: Any, base: str) -> None:
    phone.goto(base + "/screening")
    phone.get_by_label("Country (two letters, for emergency numbers)").fill("GB")
    phone.get_by_role("button", name="Save my answers").click()
    alert = phone.get_by_role("alert").first
    alert.wait_for()
    assert "Please answer every list" in alert.inner_text()
    assert "Signs that need help now (heart, breathing, tummy)" in alert.inner_text()
    phone.goto(base + "/")
    assert phone.get_by_role("link", name="Start the screening").count() == 1


def test_a_fall_yesterday_gives_in_person_today_and_a_tel_link(phone: Any, base: str) -> None:
    phone.goto(base + "/screening")
    phone.get_by_label("Country (two letters, for emergency numbers)").fill("GB")
    phone.get_by_label("are you unable to lift your arm").check()
    answer_the_rest_none(phone)
    phone.get_by_role("button", name="Save my answers").click()
    status = phone.get_by_role("status")
    status.get_by_role("heading", name="Be seen in person today").wait_for()
    text = status.inner_text()
    assert "minor injuries unit" in text and "X-ray" in text
    link = status.get_by_role("link", name="Call 111 for advice today")
    assert link.get_attribute("href") == "tel:111"
    assert axe_violations(phone) == []
    shot(phone, "screening_in_person_today")
    phone.goto(base + "/")
    assert phone.locator('a[href="tel:999"]').count() == 1
    assert phone.get_by_role("link", name="Start the guided session").count() == 0


def test_a_routine_appointment_is_advised_and_marked_on_today(phone: Any, base: str) -> None:
    phone.goto(base + "/screening")
    phone.get_by_label("not got any better, after 2 weeks").check()
    answer_the_rest_none(phone)
    phone.get_by_role("button", name="Save my answers").click()
    phone.get_by_role("status").get_by_role(
        "heading", name="Book a routine appointment; self-care can go on"
    ).wait_for()
    phone.goto(base + "/")
    advice = phone.locator("#routine-advice")
    assert "no better after 2 weeks" in advice.inner_text()
    assert phone.get_by_role("link", name="Start the guided session").count() == 1
    assert axe_violations(phone) == []
    shot(phone, "today_routine_advice")
    phone.get_by_role("button", name="I have booked it").click()
    phone.get_by_text("Your appointment is booked.").wait_for()
    phone.get_by_role("button", name="I have been seen").click()
    phone.wait_for_load_state()
    phone.locator("#routine-advice").wait_for(state="detached")
