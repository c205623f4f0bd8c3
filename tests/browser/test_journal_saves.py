"""Every save on the journal says what it saved, and a double tap saves once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx2 as httpx
import pytest

from browser_tools import axe_violations, shot
from server import running_server


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("saves")
    env = {"UNKNOT_DATA_DIR": str(folder / "data"), "UNKNOT_CONFIG_DIR": str(folder / "config")}
    with running_server(env=env) as url:
        yield url


def ratings(base: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = httpx.get(base + "/api/v1/journal").json()
    return [e for e in entries if e["kind"] == "pain" and e["status"] == "current"]


def test_a_double_tap_saves_one_rating_and_the_page_says_what_was_saved(
    phone: Any, base: str
) -> None:
    phone.goto(base + "/journal")
    phone.get_by_role("group", name="Shoulder pain now").get_by_text("4", exact=True).click()
    phone.get_by_role("button", name="Save rating").dblclick()
    said = phone.get_by_role("status").filter(has_text="Saved: pain 4 out of 10.")
    said.wait_for()
    assert len(ratings(base)) == 1
    assert axe_violations(phone) == []
    shot(phone, "journal_saved")
    phone.reload()  # said once: not again on the next visit
    phone.get_by_role("heading", name="Journal").wait_for()
    assert phone.locator("#saved").is_hidden()


def test_a_check_in_says_its_day_and_ratings(phone: Any, base: str) -> None:
    phone.goto(base + "/journal")
    phone.get_by_role("group", name="Average shoulder pain in the last 24 hours").get_by_text(
        "3", exact=True
    ).click()
    phone.get_by_role("group", name="Worst shoulder pain in the last 24 hours").get_by_text(
        "6", exact=True
    ).click()
    phone.get_by_role("button", name="Save check-in").click()
    said = phone.locator("#saved")
    said.get_by_text("(average pain 3, worst 6)").wait_for()
    assert "Saved: the check-in for 20" in said.inner_text()


def spadis(base: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = httpx.get(base + "/api/v1/journal").json()
    return [e for e in entries if e["kind"] == "spadi"]


def test_an_empty_spadi_is_not_sent_and_a_partial_one_is_scored(phone: Any, base: str) -> None:
    phone.goto(base + "/journal/spadi")
    phone.get_by_role("button", name="Save answers").click()
    alert = phone.locator("[data-errors]")
    alert.get_by_text("Every question was skipped, so nothing was saved.").wait_for()
    assert spadis(base) == []
    assert axe_violations(phone) == []
    phone.get_by_role("group", name="At its worst?").get_by_text("6", exact=True).click()
    phone.get_by_role("button", name="Save answers").click()
    # One pain answer of five: more than two missing in each part, so no score (§3.2), but saved.
    phone.wait_for_url("**/insights")
    [saved] = spadis(base)
    assert saved["answers"][0] == 6 and saved["answers"][1:] == [None] * 12
    phone.goto(base + "/journal")
    phone.get_by_text("SPADI, 1 of 13 answered: no score").wait_for()
