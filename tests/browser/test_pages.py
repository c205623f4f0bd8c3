"""Screening → profile → plan in a phone-sized Chromium, with axe-core on every page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from browser_tools import axe_violations, shot
from server import running_server

pytestmark = pytest.mark.slow

PAGES = [
    "/",
    "/journal",
    "/journal/spadi",
    "/insights",
    "/library",
    "/library/hip-deep-tissue",
    "/profile",
    "/screening",
    "/login",
    "/trust",
    "/settings",
    "/api-reference",
    "/pair",
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One server for the module, on a data folder of its own (not the user's)."""
    folder = tmp_path_factory.mktemp("server")
    env = {"UNKNOT_DATA_DIR": str(folder / "data"), "UNKNOT_CONFIG_DIR": str(folder / "config")}
    with running_server(env=env) as url:
        yield url


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_no_accessibility_violations(phone: Any, base: str, path: str) -> None:
    phone.goto(base + path)
    assert phone.title().endswith("· unknot")
    assert axe_violations(phone) == []
    shot(phone, "page" + path.replace("/", "_"))


def test_dark_theme_pages_have_no_violations(browser: Any, base: str) -> None:
    context = browser.new_context(
        color_scheme="dark", viewport={"width": 390, "height": 844}, bypass_csp=True
    )
    page = context.new_page()
    for path in ("/", "/screening", "/profile", "/journal", "/insights"):
        page.goto(base + path)
        assert axe_violations(page) == [], path
    shot(page, "dark_today")
    context.close()


def test_screening_then_profile_then_plan(phone: Any, base: str) -> None:
    phone.goto(base + "/")
    phone.get_by_role("link", name="Start the screening").click()
    phone.get_by_label("Country (two letters, for emergency numbers)").fill("GB")
    phone.get_by_label("Do you take a medicine that thins your blood").check()
    for box in phone.locator("fieldset[data-group]").all():
        if box.locator("input:checked").count() == 0:
            box.get_by_label("None of these").check()
    phone.get_by_role("button", name="Save my answers").click()
    status = phone.get_by_role("status")
    status.get_by_text("Self-care is fine, with changes for you").wait_for()
    assert "fingers only and no massage tool" in status.inner_text()
    shot(phone, "flow_screening_result")
    phone.get_by_role("link", name="Profile").click()
    phone.get_by_label("Left").check()
    phone.get_by_label("Minutes you usually have").fill("30")
    phone.get_by_role("button", name="Save").click()
    phone.get_by_text("Saved your profile.").wait_for()
    phone.get_by_role("link", name="Today").click()
    phone.get_by_text("Adapted for you").wait_for()
    text = phone.inner_text("main")
    assert "lying on your back" in text and "pressed by your right hand" in text
    assert "no massage tool" in text
    shot(phone, "flow_today_plan")


def test_bad_input_shows_the_field_errors(phone: Any, base: str) -> None:
    phone.goto(base + "/profile")
    phone.get_by_label("Country (two letters, for emergency numbers)").fill("1X")
    phone.get_by_role("button", name="Save").click()
    alert = phone.get_by_role("alert")
    alert.wait_for()
    assert "country" in alert.inner_text()
    shot(phone, "flow_profile_error")


def test_a_pain_rating_shows_up_in_the_chart(phone: Any, base: str) -> None:
    phone.goto(base + "/journal")
    phone.get_by_role("group", name="Shoulder pain now").get_by_text("4", exact=True).click()
    phone.get_by_label("Where (optional)").select_option("right-front")
    phone.get_by_role("button", name="Save rating").click()
    history = phone.locator(".entry .what")
    history.get_by_text("Pain 4/10 (right front)").wait_for()
    shot(phone, "flow_journal_logged")
    field = phone.get_by_label("New rating (0–10) for: Pain 4/10 (right front)")
    assert field.count() == 1 and not field.is_visible()  # an Edit button, not an open field
    edit = phone.get_by_role("button", name="Edit: Pain 4/10 (right front)")
    assert edit.get_attribute("aria-expanded") == "false"
    edit.click()
    assert edit.get_attribute("aria-expanded") == "true"
    field.fill("5")
    phone.get_by_role("button", name="Correct").first.click()
    history.get_by_text("Pain 5/10 (right front)").wait_for()
    assert "(corrected)" in phone.inner_text("main")
    phone.get_by_role("link", name="Insights").click()
    chart = phone.get_by_role("img", name="Shoulder pain over time")
    chart.wait_for()
    assert phone.locator("svg.chart circle.avg").count() >= 1
    smallest = phone.evaluate(
        "() => Math.min(...[...document.querySelectorAll('svg.chart text')].map(t =>"
        " t.getScreenCTM().a * parseFloat(getComputedStyle(t).fontSize)))"
    )
    assert smallest >= 12, smallest  # chart labels readable on a 390 px phone
    phone.get_by_text("Show the numbers").click()
    assert "5.0" in phone.inner_text("table.numbers")
    shot(phone, "flow_insights_chart")


def test_spadi_answers_are_scored(phone: Any, base: str) -> None:
    phone.goto(base + "/journal/spadi")
    for group in phone.locator("[data-item]").all():
        group.get_by_text("3", exact=True).click()
    phone.get_by_role("button", name="Save answers").click()
    phone.wait_for_url("**/insights")
    phone.get_by_role("img", name="SPADI over time").wait_for()
    shot(phone, "flow_spadi_insights")


def test_an_export_downloads_a_backup(phone: Any, base: str, tmp_path: Any) -> None:
    import json

    phone.goto(base + "/settings")
    with phone.expect_download() as info:
        phone.get_by_role("link", name="Full backup (JSON, imports back)").click()
    path = tmp_path / "backup.json"
    info.value.save_as(path)
    document = json.loads(path.read_text())
    assert document["format"] and "tables" in document
    shot(phone, "flow_settings")


def test_add_to_calendar_downloads_the_days_reminders(phone: Any, base: str, tmp_path: Any) -> None:
    phone.goto(base + "/profile")
    phone.get_by_label("Time zone").fill("Europe/London")
    phone.get_by_role("button", name="Save", exact=True).click()
    phone.locator("#saved").get_by_text("Saved your profile.").wait_for()  # said at once
    assert phone.get_by_label("Time zone").input_value() == "Europe/London"  # as now saved
    phone.goto(base + "/settings")
    phone.get_by_label("Session time").fill("07:45")
    with phone.expect_download() as info:
        phone.get_by_role("button", name="Add to calendar").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    text = path.read_text()
    assert path.name == "unknot-reminders.ics"
    assert "DTSTART;TZID=Europe/London:" in text and "T074500" in text
    assert axe_violations(phone) == []
    shot(phone, "settings_calendar")


def test_an_import_says_what_it_added_in_the_page_words(phone: Any, base: str) -> None:
    phone.goto(base + "/settings")
    csv = b"time,value\n2026-03-01T09:00:00+00:00,3\n"
    phone.locator("#file").set_input_files(
        {"name": "pain.csv", "mimeType": "text/csv", "buffer": csv}
    )
    phone.get_by_role("button", name="Import", exact=True).click()
    phone.get_by_text("Imported 1 records (0 were already here).").wait_for()
    phone.get_by_role("button", name="Import", exact=True).click()
    phone.get_by_text("Imported 0 records (1 were already here).").wait_for()
